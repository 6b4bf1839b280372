/*
 * Event channels, 2-level ABI: each domain's port table (allocated in
 * buckets as ports are used, up to EVTCHN_2L_NR_CHANNELS), the
 * EVTCHNOP_* operations of hypercall 32, and delivery into the guest's
 * shared_info/vcpu_info bitmaps. Behaviour and error codes follow Xen's
 * common/event_channel.c and event_2l.c (xen-abi.md §4.7, §6).
 */
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define NR_BUCKETS (EVTCHN_MAX_PORTS / EVTCHNS_PER_BUCKET)
#define BITS_PER_EVTCHN_WORD 64

enum evtchn_state {
    ECS_FREE = 0,       /* zeroed bucket memory is free ports */
    ECS_RESERVED,       /* port 0: never handed out */
    ECS_UNBOUND,        /* waiting for remote_domid to connect */
    ECS_INTERDOMAIN,    /* connected to <remote, remote_port> */
    ECS_VIRQ,           /* raised by the hypervisor for virq */
    ECS_IPI,            /* sent by the domain to its own notify_vcpu */
    ECS_XEN,            /* remote end is the hypervisor itself (xen_fn) */
};

struct evtchn {
    u8 state;                   /* enum evtchn_state */
    u8 virq;                    /* ECS_VIRQ */
    u16 notify_vcpu;            /* vCPU that gets the upcall */
    domid_t remote_domid;       /* ECS_UNBOUND: who may connect */
    evtchn_port_t remote_port;  /* ECS_INTERDOMAIN */
    union {
        struct domain *remote;  /* ECS_INTERDOMAIN */
        evtchn_xen_fn xen_fn;   /* ECS_XEN: called on EVTCHNOP_send */
    };
};

/*
 * A domain's port table. lock protects every field and every channel in
 * the buckets; buckets are freed only by evtchn_domain_destroy().
 */
struct evtchn_domain {
    spinlock_t lock;
    bool dying;                         /* destroy began: no new ports */
    unsigned int valid_ports;           /* ports in allocated buckets */
    struct evtchn *bucket[NR_BUCKETS];
    evtchn_port_t *virq_port;           /* [vcpu * NR_VIRQS + virq], 0 = none */
};

/*
 * Connecting and disconnecting interdomain channels (bind_interdomain,
 * close, reset, destroy) is serialised by this lock, taken before any
 * table lock. So while a table lock is held, its interdomain channels'
 * peers stay connected and alive: a peer's destroy must close the pair,
 * which needs this table's lock too.
 */
static DEFINE_SPINLOCK(evtchn_connect_lock);

/* ---- Atomic bit operations on guest-shared words ---- */
/* The guest flips bits in the same words concurrently: no plain RMW. */

static bool bit_test_and_set(unsigned int nr, u64 *words)
{
    u64 m = 1ULL << (nr % 64);

    return __atomic_fetch_or(&words[nr / 64], m, __ATOMIC_SEQ_CST) & m;
}

static bool bit_test_and_clear(unsigned int nr, u64 *words)
{
    u64 m = 1ULL << (nr % 64);

    return __atomic_fetch_and(&words[nr / 64], ~m, __ATOMIC_SEQ_CST) & m;
}

static bool bit_test(unsigned int nr, u64 *words)
{
    return __atomic_load_n(&words[nr / 64], __ATOMIC_SEQ_CST) & (1ULL << (nr % 64));
}

/* ---- 2-level delivery (xen-abi.md §6) ---- */


/* Step 3: upcall_pending 0 -> 1 is the only transition that notifies v. */
static void evtchn_mark_events_pending(struct vcpu *v, struct vcpu_info *vi)
{
    if (!__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        vcpu_raise_upcall(v);
}

/* Step 2, second half: a new selector bit means a new upcall may be due. */
static void evtchn_mark_selector(struct vcpu *v, unsigned int port)
{
    struct vcpu_info *vi = vcpu_vcpu_info(v);

    if (vi && !bit_test_and_set(port / BITS_PER_EVTCHN_WORD, &vi->evtchn_pending_sel))
        evtchn_mark_events_pending(v, vi);
}

/*
 * Raise port of d for its notify vCPU: pending bit first (already set:
 * the edge is already recorded), then, unless masked, selector and
 * upcall. Caller holds the table lock of the domain the event comes from.
 */
static void evtchn_set_pending(struct domain *d, const struct evtchn *chn, unsigned int port)
{
    struct shared_info *s = domain_shared_info(d);

    if (!s || bit_test_and_set(port, s->evtchn_pending))
        return;
    if (!bit_test(port, s->evtchn_mask))
        evtchn_mark_selector(d->vcpu[chn->notify_vcpu], port);
    domain_wake_pollers(d);            /* SCHEDOP_poll: masked ports too */
}

/* Xen clears a freed port's pending bit so a re-bind starts clean. */
static void evtchn_clear_pending(struct domain *d, unsigned int port)
{
    struct shared_info *s = domain_shared_info(d);

    if (s)
        bit_test_and_clear(port, s->evtchn_pending);
}

/*
 * EVTCHNOP_unmask: only a port that *was* masked and is pending gets the
 * selector/upcall (Linux relies on that: it re-masks before calling).
 */
static void evtchn_unmask_port(struct domain *d, const struct evtchn *chn, unsigned int port)
{
    struct shared_info *s = domain_shared_info(d);

    if (s && bit_test_and_clear(port, s->evtchn_mask) && bit_test(port, s->evtchn_pending))
        evtchn_mark_selector(d->vcpu[chn->notify_vcpu], port);
}

/* ---- Port table ---- */

/* Valid = inside an allocated bucket (maybe free): Xen's port_is_valid(),
 * so status of a free port says "closed" but beyond the table -EINVAL. */
static bool port_is_valid(const struct evtchn_domain *ed, evtchn_port_t port)
{
    return port < ed->valid_ports;
}

/* Only for valid ports: buckets below valid_ports all exist. */
static struct evtchn *evtchn_from_port(const struct evtchn_domain *ed, evtchn_port_t port)
{
    return &ed->bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

/* Lowest free port, growing the table by a bucket if all are in use. */
static int evtchn_get_free_port(struct evtchn_domain *ed)
{
    struct evtchn *bucket;
    unsigned int port;

    if (ed->dying)
        return -EINVAL;                 /* as Xen for a dying domain */
    for (port = 0; port < ed->valid_ports; port++)
        if (evtchn_from_port(ed, port)->state == ECS_FREE)
            return (int)port;
    if (port >= EVTCHN_MAX_PORTS)
        return -ENOSPC;
    bucket = xzalloc_array(struct evtchn, EVTCHNS_PER_BUCKET);
    if (!bucket)
        return -ENOMEM;
    ed->bucket[port / EVTCHNS_PER_BUCKET] = bucket;
    ed->valid_ports = port + EVTCHNS_PER_BUCKET;
    return (int)port;
}

/* The port v bound to virq (0: none); global VIRQs use vCPU 0's row. */
static evtchn_port_t *virq_slot(struct domain *d, unsigned int vcpu, unsigned int virq)
{
    return &d->evtchn->virq_port[vcpu * NR_VIRQS + virq];
}

/* Xen's virq_is_global(): everything but the per-vCPU ones (arch: global). */
static bool virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
           virq != VIRQ_XENPMU;
}

/* Xen answers -ENOENT for a vCPU id the domain does not have. */
static bool vcpu_exists(const struct domain *d, u32 vcpu)
{
    return vcpu < d->max_vcpus && d->vcpu[vcpu];
}

/* ---- Locking ---- */

/* Lock one table or two, in the documented order (include/xen/event.h). */
static void evtchn_lock_pair(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(&a->evtchn->lock);
        return;
    }
    if (a->domain_id > b->domain_id) {  /* lower domain id first */
        struct domain *t = a;
        a = b;
        b = t;
    }
    spin_lock(&a->evtchn->lock);
    spin_lock(&b->evtchn->lock);
}

static void evtchn_unlock_pair(struct domain *a, struct domain *b)
{
    if (a != b)
        spin_unlock(&b->evtchn->lock);
    spin_unlock(&a->evtchn->lock);
}

/*
 * The domain a "dom" field names, for ops that may target another
 * domain. Only the caller itself qualifies: Xen lets a control domain act
 * on others (XSM_TARGET), and none exists yet (see may_call() in
 * xen/hypercall.c). Xen's order: no such domain -ESRCH, else -EPERM.
 */
static int evtchn_target(struct domain *caller, domid_t dom, struct domain **out)
{
    struct domain *d;

    if (dom == DOMID_SELF || dom == caller->domain_id) {
        *out = caller;
        return 0;
    }
    d = domain_get_by_id(dom);
    if (!d)
        return -ESRCH;
    domain_put(d);
    return -EPERM;
}

/* ---- Closing ---- */

static void evtchn_unbind_virq(struct domain *d, const struct evtchn *chn, evtchn_port_t port)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (*virq_slot(d, i, chn->virq) == port)
            *virq_slot(d, i, chn->virq) = 0;
}

/* The peer end goes back to unbound, waiting for d again (as Xen). */
static void evtchn_disconnect(struct domain *d, struct evtchn *chn)
{
    struct evtchn *peer = evtchn_from_port(chn->remote->evtchn, chn->remote_port);

    peer->state = ECS_UNBOUND;
    peer->remote_domid = d->domain_id;
    peer->remote = NULL;
    peer->remote_port = 0;
}

/* Close port of d; d's lock and, for an interdomain port, the peer's held. */
static long evtchn_close_locked(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;

    if (!port_is_valid(d->evtchn, port))
        return -EINVAL;
    chn = evtchn_from_port(d->evtchn, port);
    switch (chn->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        return -EINVAL;
    case ECS_VIRQ:
        evtchn_unbind_virq(d, chn, port);
        break;
    case ECS_INTERDOMAIN:
        evtchn_disconnect(d, chn);
        break;
    default:                            /* unbound, IPI: nothing else */
        break;
    }
    evtchn_clear_pending(d, port);
    *chn = (struct evtchn){ .state = ECS_FREE };    /* notify vCPU back to 0 */
    return 0;
}

/*
 * Close port of d, taking the locks itself. The peer of an interdomain
 * port is found under d's lock, then both are locked in order: the
 * connect lock keeps the pair unchanged meanwhile.
 */
static long evtchn_close_port(struct domain *d, evtchn_port_t port)
{
    struct domain *peer = d;
    long rc;

    spin_lock(&evtchn_connect_lock);
    spin_lock(&d->evtchn->lock);
    if (port_is_valid(d->evtchn, port) &&
        evtchn_from_port(d->evtchn, port)->state == ECS_INTERDOMAIN)
        peer = evtchn_from_port(d->evtchn, port)->remote;
    if (peer != d) {
        spin_unlock(&d->evtchn->lock);
        evtchn_lock_pair(d, peer);
    }
    rc = evtchn_close_locked(d, port);
    evtchn_unlock_pair(d, peer);
    spin_unlock(&evtchn_connect_lock);
    return rc;
}

/* ---- EVTCHNOP_* handlers: v is the caller, arg the copied-in struct ---- */

/*
 * The remote domain is not checked to exist (as Xen): the port just
 * waits for whoever has that id. New ports notify vCPU 0.
 */
static long op_alloc_unbound(struct vcpu *v, void *arg)
{
    struct evtchn_alloc_unbound *a = arg;
    struct domain *d;
    int port, rc = evtchn_target(v->domain, a->dom, &d);

    if (rc)
        return rc;
    spin_lock(&d->evtchn->lock);
    port = evtchn_get_free_port(d->evtchn);
    if (port >= 0) {
        struct evtchn *chn = evtchn_from_port(d->evtchn, port);
        chn->state = ECS_UNBOUND;
        chn->remote_domid = a->remote_dom == DOMID_SELF ? v->domain->domain_id : a->remote_dom;
        a->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

/* Both ends become interdomain; rd's port must be unbound for ld. */
static int evtchn_connect(struct domain *ld, struct domain *rd, evtchn_port_t rport)
{
    struct evtchn *lchn, *rchn;
    int lport = evtchn_get_free_port(ld->evtchn);

    if (lport < 0)
        return lport;
    if (!port_is_valid(rd->evtchn, rport))
        return -EINVAL;
    rchn = evtchn_from_port(rd->evtchn, rport);
    if (rchn->state != ECS_UNBOUND || rchn->remote_domid != ld->domain_id)
        return -EINVAL;
    lchn = evtchn_from_port(ld->evtchn, lport);
    *lchn = (struct evtchn){ .state = ECS_INTERDOMAIN, .remote = rd, .remote_port = rport };
    rchn->state = ECS_INTERDOMAIN;
    rchn->remote = ld;
    rchn->remote_port = lport;
    /* Sends to the unbound remote end were dropped: as Xen, always raise
     * the new local port so the guest looks at the ring once. */
    evtchn_set_pending(ld, lchn, lport);
    return lport;
}

static long op_bind_interdomain(struct vcpu *v, void *arg)
{
    struct evtchn_bind_interdomain *a = arg;
    struct domain *ld = v->domain, *rd = ld;
    int lport;

    if (a->remote_dom != DOMID_SELF && a->remote_dom != ld->domain_id &&
        !(rd = domain_get_by_id(a->remote_dom)))
        return -ESRCH;
    spin_lock(&evtchn_connect_lock);
    evtchn_lock_pair(ld, rd);
    lport = evtchn_connect(ld, rd, a->remote_port);
    evtchn_unlock_pair(ld, rd);
    spin_unlock(&evtchn_connect_lock);
    if (rd != ld)
        domain_put(rd);                 /* after unlocking: may free rd */
    if (lport < 0)
        return lport;
    a->local_port = lport;
    return 0;
}

/* Per-vCPU VIRQs bind once per vCPU, global ones only on vCPU 0. */
static long op_bind_virq(struct vcpu *v, void *arg)
{
    struct evtchn_bind_virq *a = arg;
    struct domain *d = v->domain;
    int port;

    if (a->virq >= NR_VIRQS || (virq_is_global(a->virq) && a->vcpu != 0))
        return -EINVAL;
    if (!vcpu_exists(d, a->vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    if (*virq_slot(d, a->vcpu, a->virq))
        port = -EEXIST;
    else
        port = evtchn_get_free_port(d->evtchn);
    if (port >= 0) {
        *evtchn_from_port(d->evtchn, port) = (struct evtchn){
            .state = ECS_VIRQ, .virq = (u8)a->virq, .notify_vcpu = (u16)a->vcpu };
        *virq_slot(d, a->vcpu, a->virq) = port;
        a->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

static long op_bind_ipi(struct vcpu *v, void *arg)
{
    struct evtchn_bind_ipi *a = arg;
    struct domain *d = v->domain;
    int port;

    if (!vcpu_exists(d, a->vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    port = evtchn_get_free_port(d->evtchn);
    if (port >= 0) {
        *evtchn_from_port(d->evtchn, port) = (struct evtchn){
            .state = ECS_IPI, .notify_vcpu = (u16)a->vcpu };
        a->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

/* No PIRQs are given to PVH domains: every pirq is out of range. */
static long op_bind_pirq(struct vcpu *v, void *arg)
{
    return -EINVAL;
}

/* Closing a free or reserved port is -EINVAL, so a double close fails. */
static long op_close(struct vcpu *v, void *arg)
{
    return evtchn_close_port(v->domain, ((struct evtchn_close *)arg)->port);
}

/*
 * Raise the peer (interdomain) or the bound vCPU (IPI); drop on unbound.
 * A hypervisor-bound port hands back its handler in *xen_fn, to be
 * called once the lock is dropped (it may print and notify back).
 */
static long evtchn_send_locked(struct domain *d, evtchn_port_t port, evtchn_xen_fn *xen_fn)
{
    struct evtchn *chn;

    if (!port_is_valid(d->evtchn, port))
        return -EINVAL;
    chn = evtchn_from_port(d->evtchn, port);
    switch (chn->state) {
    case ECS_INTERDOMAIN:
        /* The peer outlives our lock: see evtchn_connect_lock. */
        evtchn_set_pending(chn->remote, evtchn_from_port(chn->remote->evtchn, chn->remote_port),
                           chn->remote_port);
        return 0;
    case ECS_IPI:
        evtchn_set_pending(d, chn, port);
        return 0;
    case ECS_UNBOUND:
        return 0;                       /* Xen drops it silently */
    case ECS_XEN:
        *xen_fn = chn->xen_fn;
        return 0;
    default:
        return -EINVAL;
    }
}

/* Only the sender's lock: delivery is atomic bit operations. */
static long op_send(struct vcpu *v, void *arg)
{
    evtchn_port_t port = ((struct evtchn_send *)arg)->port;
    struct domain *d = v->domain;
    evtchn_xen_fn xen_fn = NULL;
    long rc;

    spin_lock(&d->evtchn->lock);
    rc = evtchn_send_locked(d, port, &xen_fn);
    spin_unlock(&d->evtchn->lock);
    if (xen_fn)
        xen_fn(d, port);
    return rc;
}

/* Union member by state; the vCPU notified is reported for every state. */
static void evtchn_fill_status(const struct evtchn *chn, struct evtchn_status *a)
{
    static const u32 stat[] = {
        [ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
        [ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
        [ECS_VIRQ] = EVTCHNSTAT_virq, [ECS_IPI] = EVTCHNSTAT_ipi,
        [ECS_XEN] = EVTCHNSTAT_interdomain,
    };

    a->status = stat[chn->state];
    a->vcpu = chn->notify_vcpu;
    if (chn->state == ECS_UNBOUND)
        a->u.unbound.dom = chn->remote_domid;
    else if (chn->state == ECS_INTERDOMAIN) {
        a->u.interdomain.dom = chn->remote->domain_id;
        a->u.interdomain.port = chn->remote_port;
    } else if (chn->state == ECS_XEN) {
        a->u.interdomain.dom = DOMID_XEN;   /* a backend without ports */
        a->u.interdomain.port = 0;
    } else if (chn->state == ECS_VIRQ)
        a->u.virq = chn->virq;
}

/* Xen checks the port before privilege; with no control domain the
 * order cannot be observed, so the target is resolved first. */
static long op_status(struct vcpu *v, void *arg)
{
    struct evtchn_status *a = arg;
    struct domain *d;
    long rc = evtchn_target(v->domain, a->dom, &d);

    if (rc)
        return rc;
    spin_lock(&d->evtchn->lock);
    if (port_is_valid(d->evtchn, a->port))
        evtchn_fill_status(evtchn_from_port(d->evtchn, a->port), a);
    else
        rc = -EINVAL;
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* IPIs and per-vCPU VIRQs stay where they were bound (as Xen). */
static long evtchn_rebind_locked(struct domain *d, evtchn_port_t port, u32 vcpu)
{
    struct evtchn *chn;

    if (!port_is_valid(d->evtchn, port))
        return -EINVAL;
    chn = evtchn_from_port(d->evtchn, port);
    if (chn->state == ECS_UNBOUND || chn->state == ECS_INTERDOMAIN || chn->state == ECS_XEN ||
        (chn->state == ECS_VIRQ && virq_is_global(chn->virq))) {
        chn->notify_vcpu = (u16)vcpu;
        return 0;
    }
    return -EINVAL;
}

static long op_bind_vcpu(struct vcpu *v, void *arg)
{
    struct evtchn_bind_vcpu *a = arg;
    struct domain *d = v->domain;
    long rc;

    if (!vcpu_exists(d, a->vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    rc = evtchn_rebind_locked(d, a->port, a->vcpu);
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* Any valid port may be unmasked, bound or not (as Xen). */
static long op_unmask(struct vcpu *v, void *arg)
{
    evtchn_port_t port = ((struct evtchn_unmask *)arg)->port;
    struct domain *d = v->domain;
    long rc = -EINVAL;

    spin_lock(&d->evtchn->lock);
    if (port_is_valid(d->evtchn, port)) {
        evtchn_unmask_port(d, evtchn_from_port(d->evtchn, port), port);
        rc = 0;
    }
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* Close every port but the reserved port 0 (errors: already closed). */
static void evtchn_close_all(struct domain *d)
{
    for (evtchn_port_t p = 1; p < READ_ONCE(d->evtchn->valid_ports); p++)
        (void)evtchn_close_port(d, p);
}

static long op_reset(struct vcpu *v, void *arg)
{
    struct domain *d;
    long rc = evtchn_target(v->domain, ((struct evtchn_reset *)arg)->dom, &d);

    if (!rc)
        evtchn_close_all(d);
    return rc;
}

/*
 * FIFO ABI: refused, so Linux falls back to 2-level (it tries
 * init_control first and uses 2-level on any error, xen-abi.md §4.7).
 * set_priority is -ENOSYS under 2-level in Xen too.
 */
static long op_fifo(struct vcpu *v, void *arg)
{
    return -ENOSYS;
}

/* ---- Hypercall dispatch ---- */

struct evtchn_op {
    long (*handler)(struct vcpu *v, void *arg);
    unsigned int size;          /* bytes copied in from the guest */
    bool copy_out;              /* has OUT fields: copied back on success */
};

#define OP(fn, type, out) { fn, sizeof(struct type), out }

static const struct evtchn_op evtchn_ops[] = {
    [EVTCHNOP_bind_interdomain] = OP(op_bind_interdomain, evtchn_bind_interdomain, true),
    [EVTCHNOP_bind_virq] = OP(op_bind_virq, evtchn_bind_virq, true),
    [EVTCHNOP_bind_pirq] = OP(op_bind_pirq, evtchn_bind_pirq, true),
    [EVTCHNOP_close] = OP(op_close, evtchn_close, false),
    [EVTCHNOP_send] = OP(op_send, evtchn_send, false),
    [EVTCHNOP_status] = OP(op_status, evtchn_status, true),
    [EVTCHNOP_alloc_unbound] = OP(op_alloc_unbound, evtchn_alloc_unbound, true),
    [EVTCHNOP_bind_ipi] = OP(op_bind_ipi, evtchn_bind_ipi, true),
    [EVTCHNOP_bind_vcpu] = OP(op_bind_vcpu, evtchn_bind_vcpu, false),
    [EVTCHNOP_unmask] = OP(op_unmask, evtchn_unmask, false),
    [EVTCHNOP_reset] = OP(op_reset, evtchn_reset, false),
    [EVTCHNOP_init_control] = OP(op_fifo, evtchn_init_control, true),
    [EVTCHNOP_expand_array] = OP(op_fifo, evtchn_expand_array, false),
    [EVTCHNOP_set_priority] = OP(op_fifo, evtchn_set_priority, false),
};

union evtchn_op_arg {
    struct evtchn_bind_interdomain bind_interdomain;
    struct evtchn_status status;
    struct evtchn_init_control init_control;
};

/*
 * Copy the sub-op's struct in, run it, copy it back if it has OUT fields:
 * handlers never touch guest memory. A bad pointer is -EFAULT even for
 * sub-ops that are refused anyway, as in Xen.
 */
long do_event_channel_op(struct hypercall_call *call)
{
    unsigned int cmd = (unsigned int)call->arg[0];     /* Xen's "int cmd" */
    const struct evtchn_op *op;
    union evtchn_op_arg buf;
    long rc;

    if (cmd >= ARRAY_SIZE(evtchn_ops) || !(op = &evtchn_ops[cmd])->handler)
        return -ENOSYS;
    if (copy_from_guest(call->v, &buf, call->arg[1], op->size))
        return -EFAULT;
    rc = op->handler(call->v, &buf);
    /* As Xen: a port already allocated stays so if the copy-out fails. */
    if (rc == 0 && op->copy_out && copy_to_guest(call->v, call->arg[1], &buf, op->size))
        rc = -EFAULT;
    return rc;
}

/* ---- Hypervisor-raised events and lifecycle ---- */

/* Under the table lock so a concurrent close cannot free the port
 * between the lookup and the delivery. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    evtchn_port_t port;

    if (virq >= NR_VIRQS || !d->evtchn)
        return;
    spin_lock(&d->evtchn->lock);
    port = *virq_slot(d, v->vcpu_id, virq);
    if (port)
        evtchn_set_pending(d, evtchn_from_port(d->evtchn, port), port);
    spin_unlock(&d->evtchn->lock);
}

int evtchn_alloc_xen_port(struct domain *d, evtchn_xen_fn fn)
{
    int port;

    spin_lock(&d->evtchn->lock);
    port = evtchn_get_free_port(d->evtchn);
    if (port >= 0)
        *evtchn_from_port(d->evtchn, port) = (struct evtchn){ .state = ECS_XEN, .xen_fn = fn };
    spin_unlock(&d->evtchn->lock);
    return port;
}

/* The guest may have closed the port, even reused its number: only a
 * port still bound to fn is raised. */
void evtchn_send_from_xen(struct domain *d, evtchn_port_t port, evtchn_xen_fn fn)
{
    struct evtchn *chn;

    if (!d->evtchn)
        return;
    spin_lock(&d->evtchn->lock);
    if (port_is_valid(d->evtchn, port) && (chn = evtchn_from_port(d->evtchn, port)) &&
        chn->state == ECS_XEN && chn->xen_fn == fn)
        evtchn_set_pending(d, chn, port);
    spin_unlock(&d->evtchn->lock);
}

/* Unlocked peek: a race with bind/close only picks the fallback once. */
bool evtchn_virq_is_bound(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;

    return virq < NR_VIRQS && d->evtchn && READ_ONCE(*virq_slot(d, v->vcpu_id, virq)) != 0;
}

bool evtchn_port_is_valid(struct domain *d, evtchn_port_t port)
{
    return d->evtchn && port_is_valid(d->evtchn, port);
}

bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port)
{
    struct shared_info *s = domain_shared_info(d);

    return s && port < EVTCHN_MAX_PORTS && bit_test(port, s->evtchn_pending);
}

void evtchn_vcpu_info_changed(struct vcpu *v)
{
    struct vcpu_info *vi = vcpu_vcpu_info(v);

    if (!vi)
        return;
    __atomic_store_n(&vi->evtchn_pending_sel, ~0ULL, __ATOMIC_SEQ_CST);
    evtchn_mark_events_pending(v, vi);
}

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *ed = xzalloc(struct evtchn_domain);

    if (!ed)
        return -ENOMEM;
    ed->virq_port = xzalloc_array(evtchn_port_t, (size_t)d->max_vcpus * NR_VIRQS);
    if (!ed->virq_port || evtchn_get_free_port(ed) != 0) {
        xfree(ed->virq_port);
        xfree(ed);
        return -ENOMEM;
    }
    evtchn_from_port(ed, 0)->state = ECS_RESERVED;
    d->evtchn = ed;
    return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;

    if (!ed)
        return;
    spin_lock(&ed->lock);
    ed->dying = true;                   /* no new ports from here on */
    spin_unlock(&ed->lock);
    evtchn_close_all(d);                /* peers of interdomain ports -> unbound */
    for (unsigned int i = 0; i < NR_BUCKETS; i++)
        xfree(ed->bucket[i]);
    xfree(ed->virq_port);
    xfree(ed);
    d->evtchn = NULL;
}
