/*
 * The PV console backend (xen/pvcons.c): the hypervisor itself serves each
 * PVH domain's console ring (xen-abi.md §5.5), where Xen has xenconsoled in
 * dom0. Output lines appear on the host console as "(name) ..."; serial
 * input reaches the domain that has the input focus, switched by typing
 * Ctrl-A three times (xen/serial_input.c), as on Xen.
 */
#ifndef XEN_PVCONS_H
#define XEN_PVCONS_H

#include <xen/compiler.h>
#include <xen/time.h>
#include <xen/types.h>

struct domain;

/* A line longer than this is printed in pieces. */
#define PVCONS_LINE_MAX 160
/* Output without a newline (a shell prompt) is printed after this long. */
#define PVCONS_PARTIAL_FLUSH_MS 100
/* How often the fallback poll drains rings whose guest did not notify. */
#define PVCONS_POLL_MS 50

/*
 * Give d a console: a zeroed hypervisor page mapped at guest frame gfn
 * (above RAM, past a guard frame, reserved in the memory map) and a port bound to the
 * hypervisor; both are published as HVM_PARAM_CONSOLE_PFN / _EVTCHN.
 * Domain build, before the vCPUs run. 0 or -ENOMEM.
 */
int __must_check pvcons_domain_init(struct domain *d, u64 gfn);

/* Print what is left of d's output and free its page (domain release). */
void pvcons_domain_destroy(struct domain *d);

/* Guest frame of d's console page, false if d has none (memory map). */
bool pvcons_ring_gfn(const struct domain *d, u64 *gfn);

/*
 * Put one input byte into d's in[] ring and notify the guest. false if d
 * has no console or the ring is full (the byte is dropped and counted).
 * No event-channel or scheduler lock held, interrupts off.
 */
bool pvcons_put_input(struct domain *d, char c);

/*
 * Fallback for guests that write without notifying, and the flush of a
 * partial line that waited PVCONS_PARTIAL_FLUSH_MS: drain every console.
 * CPU 0's scheduling loop, no lock held; does nothing until PVCONS_POLL_MS
 * passed since the last run.
 */
void pvcons_poll(s_time_t now);

/* Highest domain id that ever had a console (for focus cycling). */
unsigned int pvcons_max_domid(void);

#endif /* XEN_PVCONS_H */
