/*
 * Event channels, the guest ABI of hypercall 32 (event_channel_op): the
 * EVTCHNOP_* sub-op numbers and argument structs, EVTCHNSTAT_* values and
 * the VIRQ numbers (facts: xen/include/public/event_channel.h and xen.h,
 * restated in docs xen-abi.md §4.7). Layouts are x86-64; sizes and offsets
 * are checked at compile time against the measured values in xen-abi.md.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>             /* DOMID_SELF, shared_info, vcpu_info */

typedef uint16_t domid_t;
typedef uint32_t evtchn_port_t;

/* ---- Sub-ops: long event_channel_op(int cmd, void *arg) ---- */
#define EVTCHNOP_bind_interdomain  0
#define EVTCHNOP_bind_virq         1
#define EVTCHNOP_bind_pirq         2
#define EVTCHNOP_close             3
#define EVTCHNOP_send              4
#define EVTCHNOP_status            5
#define EVTCHNOP_alloc_unbound     6
#define EVTCHNOP_bind_ipi          7
#define EVTCHNOP_bind_vcpu         8
#define EVTCHNOP_unmask            9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11    /* FIFO ABI */
#define EVTCHNOP_expand_array     12    /* FIFO ABI */
#define EVTCHNOP_set_priority     13    /* FIFO ABI */

/* 2-level ABI on 64-bit: 64 selector bits x 64-bit words. */
#define EVTCHN_2L_NR_CHANNELS   (64 * 64)

/*
 * Allocate a port in domain dom (DOMID_SELF, or another domain if the
 * caller is privileged over it) that remote_dom may later connect to.
 */
struct evtchn_alloc_unbound {
    domid_t dom;                /* IN */
    domid_t remote_dom;         /* IN: DOMID_SELF = the caller */
    evtchn_port_t port;         /* OUT */
};

/*
 * Connect a new local port to <remote_dom, remote_port>, which must be
 * unbound and waiting for the caller. The new local port is set pending.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* IN: DOMID_SELF allowed (loopback) */
    uint16_t pad;
    evtchn_port_t remote_port;  /* IN */
    evtchn_port_t local_port;   /* OUT */
};

/* Bind virtual IRQ virq on vcpu to a new port (global VIRQs: vcpu 0). */
struct evtchn_bind_virq {
    uint32_t virq;              /* IN: VIRQ_* */
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};

#define BIND_PIRQ__WILL_SHARE 1
struct evtchn_bind_pirq {
    uint32_t pirq;              /* IN */
    uint32_t flags;             /* IN: BIND_PIRQ__* */
    evtchn_port_t port;         /* OUT */
};

/* A new port that, when sent on, notifies the caller's own vcpu. */
struct evtchn_bind_ipi {
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};

/* Close a port; an interdomain peer goes back to unbound. */
struct evtchn_close {
    evtchn_port_t port;         /* IN */
};

/* Notify the other end (interdomain) or the bound vcpu (IPI). */
struct evtchn_send {
    evtchn_port_t port;         /* IN */
};

#define EVTCHNSTAT_closed       0   /* free or reserved */
#define EVTCHNSTAT_unbound      1   /* waiting for a remote connection */
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5

/* State of <dom, port>; another domain's port needs privilege over it. */
struct evtchn_status {
    domid_t dom;                /* IN */
    uint16_t pad0;
    evtchn_port_t port;         /* IN */
    uint32_t status;            /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;              /* OUT: vcpu notified */
    union {                     /* OUT, by status: */
        struct {
            domid_t dom;
        } unbound;              /* EVTCHNSTAT_unbound */
        struct {
            domid_t dom;
            uint16_t pad;
            evtchn_port_t port;
        } interdomain;          /* EVTCHNSTAT_interdomain */
        uint32_t pirq;          /* EVTCHNSTAT_pirq */
        uint32_t virq;          /* EVTCHNSTAT_virq */
    } u;
};

/* Notify vcpu instead of the current one (unbound/interdomain/global VIRQ). */
struct evtchn_bind_vcpu {
    evtchn_port_t port;         /* IN */
    uint32_t vcpu;              /* IN */
};

/* Clear port's mask bit; if it is pending, deliver it now. */
struct evtchn_unmask {
    evtchn_port_t port;         /* IN */
};

/* Close every port of dom (DOMID_SELF or a domain the caller controls). */
struct evtchn_reset {
    domid_t dom;                /* IN */
};

/* FIFO ABI control block registration (refused here: Linux then uses 2-level). */
struct evtchn_init_control {
    uint64_t control_gfn;       /* IN */
    uint32_t offset;            /* IN */
    uint32_t vcpu;              /* IN */
    uint8_t link_bits;          /* OUT */
    uint8_t pad[7];
};

struct evtchn_expand_array {
    uint64_t array_gfn;         /* IN */
};

struct evtchn_set_priority {
    evtchn_port_t port;         /* IN */
    uint32_t priority;          /* IN */
};

/* ---- Virtual IRQs (xen.h): V = per vCPU, others global (vCPU 0) ---- */
#define VIRQ_TIMER       0      /* V: singleshot/periodic timer expiry */
#define VIRQ_DEBUG       1      /* V: debug request */
#define VIRQ_CONSOLE     2      /* Xen emergency console input (dom0) */
#define VIRQ_DOM_EXC     3      /* domain state change (dom0) */
#define VIRQ_TBUF        4
#define VIRQ_DEBUGGER    6
#define VIRQ_XENOPROF    7      /* V */
#define VIRQ_CON_RING    8
#define VIRQ_PCPU_STATE  9
#define VIRQ_MEM_EVENT  10
#define VIRQ_ARGO       11
#define VIRQ_ENOMEM     12
#define VIRQ_XENPMU     13      /* V */
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/* Sizes and offsets measured from Xen's headers (xen-abi.md §4.7). */
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "bind_interdomain size");
_Static_assert(offsetof(struct evtchn_bind_interdomain, remote_port) == 4, "remote_port");
_Static_assert(offsetof(struct evtchn_bind_interdomain, local_port) == 8, "local_port");
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq size");
_Static_assert(offsetof(struct evtchn_bind_virq, port) == 8, "bind_virq.port");
_Static_assert(sizeof(struct evtchn_bind_pirq) == 12, "bind_pirq size");
_Static_assert(sizeof(struct evtchn_close) == 4, "close size");
_Static_assert(sizeof(struct evtchn_send) == 4, "send size");
_Static_assert(sizeof(struct evtchn_status) == 24, "status size");
_Static_assert(offsetof(struct evtchn_status, port) == 4, "status.port");
_Static_assert(offsetof(struct evtchn_status, status) == 8, "status.status");
_Static_assert(offsetof(struct evtchn_status, vcpu) == 12, "status.vcpu");
_Static_assert(offsetof(struct evtchn_status, u) == 16, "status.u");
_Static_assert(offsetof(struct evtchn_status, u.interdomain.port) == 20, "status.u.port");
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound size");
_Static_assert(offsetof(struct evtchn_alloc_unbound, remote_dom) == 2, "remote_dom");
_Static_assert(offsetof(struct evtchn_alloc_unbound, port) == 4, "alloc_unbound.port");
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi size");
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "bind_vcpu size");
_Static_assert(sizeof(struct evtchn_unmask) == 4, "unmask size");
_Static_assert(sizeof(struct evtchn_reset) == 2, "reset size");
_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control size");
_Static_assert(offsetof(struct evtchn_init_control, link_bits) == 16, "link_bits");
_Static_assert(sizeof(struct evtchn_expand_array) == 8, "expand_array size");
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "set_priority size");

#endif /* PUBLIC_EVENT_CHANNEL_H */
