/*
 * sched_op (hypercall 29) sub-ops and argument layouts, from the Xen guest
 * ABI (xen-abi.md §4.3). Numbers and layouts are the ABI's facts.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include <xen/types.h>

#define SCHEDOP_yield 0
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2
#define SCHEDOP_poll 3
#define SCHEDOP_shutdown_code 5

/* SCHEDOP_poll: sleep until one of ports[0..nr_ports) is pending. */
struct sched_poll {
    u64 ports;                  /* guest handle: evtchn_port_t (u32) array */
    u32 nr_ports;
    u32 pad;
    u64 timeout;                /* absolute system time (ns), 0 = none */
};
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll is 24 bytes in the ABI");

#define SCHED_POLL_MAX_PORTS 128    /* Xen refuses more with -EINVAL */

#endif /* PUBLIC_SCHED_H */
