/*
 * Event channels, 2-level ABI (xen/event_channel.c): per-domain port
 * tables, the EVTCHNOP_* operations, and delivery into the guest's
 * shared_info/vcpu_info bitmaps (xen-abi.md §4.7, §6).
 *
 * Locking: each domain's port table has one lock (struct evtchn_domain);
 * two tables are locked in domain-id order, lower first. Callers run with
 * interrupts off (exit handlers, timer interrupts), so the locks are
 * never taken by an interrupt on a CPU that already holds them. Delivery
 * may call vcpu_raise_upcall() (scheduler locks) under these locks, so
 * nothing may call into this file while holding a scheduler lock.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <public/event_channel.h>
#include <public/xen.h>
#include <xen/shared_page.h>
#include <xen/compiler.h>
#include <xen/types.h>

struct domain;
struct vcpu;
struct hypercall_call;

/* Ports per domain: the 2-level ABI's limit on 64-bit. */
#define EVTCHN_MAX_PORTS EVTCHN_2L_NR_CHANNELS
/* Port table memory is allocated lazily, this many ports at a time. */
#define EVTCHNS_PER_BUCKET 64

/*
 * The guest-shared pages come from include/xen/shared_page.h
 * (xen/shared_info.c): shared_info exists from domain creation; a vCPU
 * without a vcpu_info keeps its pending bits in shared_info, and
 * evtchn_vcpu_info_changed() forces a rescan once it registers one.
 */

/*
 * Create d's port table (port 0 reserved, as in Xen: Linux treats 0 as
 * invalid). d->max_vcpus must be set. -ENOMEM on failure.
 */
int __must_check evtchn_domain_init(struct domain *d);

/*
 * Close every port of d (interdomain peers go back to unbound), then free
 * the table. Before d's memory and vCPUs go; no-op if init never ran.
 */
void evtchn_domain_destroy(struct domain *d);

/*
 * Hypercall 32: cmd = arg[0], guest pointer to the sub-op struct = arg[1]
 * (xen-abi.md §4.7). Returns 0 or a negative Xen errno.
 */
long do_event_channel_op(struct hypercall_call *call);

/*
 * Hypervisor-side endpoints (the PV console, xen/pvcons.c): a guest port
 * whose remote end is the hypervisor itself, where Xen would have a dom0
 * backend. The guest's EVTCHNOP_send on it calls fn(d, port) (after the
 * port table lock is dropped, in the sending vCPU's hypercall, interrupts
 * off); status reports it as interdomain with DOMID_XEN. The guest may
 * close it like any port.
 */
typedef void (*evtchn_xen_fn)(struct domain *d, evtchn_port_t port);

/* Allocate such a port in d (notifies vCPU 0): the port or -errno. */
int __must_check evtchn_alloc_xen_port(struct domain *d, evtchn_xen_fn fn);

/* Raise port in d if it is still bound to fn (the guest may have closed
 * it). Any CPU, interrupts off, no event or scheduler lock held. */
void evtchn_send_from_xen(struct domain *d, evtchn_port_t port, evtchn_xen_fn fn);

/*
 * Raise per-vCPU VIRQ virq (VIRQ_TIMER, VIRQ_DEBUG, ...) on v if the
 * guest bound it; nothing otherwise. Any CPU, interrupts off.
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/* Has v's guest bound virq to a port? (e.g. so the timer knows whether to
 * fall back to a bare upcall.) */
bool evtchn_virq_is_bound(struct vcpu *v, unsigned int virq);

/* SCHEDOP_poll: is port inside d's table (maybe unbound), and is it pending? */
bool evtchn_port_is_valid(struct domain *d, evtchn_port_t port);
bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port);

/*
 * v's vcpu_info moved (VCPUOP_register_vcpu_info): as Xen does, mark every
 * selector bit and raise the upcall, so events pending meanwhile are not
 * lost; the guest copes with a spurious scan.
 */
void evtchn_vcpu_info_changed(struct vcpu *v);

#endif /* XEN_EVENT_H */
