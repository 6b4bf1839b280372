/*
 * Scheduler internals shared by xen/sched.c (policy) and xen/sched_debug.c
 * (dump and audit). Not for use outside the scheduler.
 */
#ifndef XEN_SCHED_PRIVATE_H
#define XEN_SCHED_PRIVATE_H

#include <xen/scheduler.h>

/* One run queue per CPU; entries >= sched_nr_cpus are unused. */
extern struct sched_cpu sched_cpus[SCHED_MAX_CPUS];
extern unsigned int sched_nr_cpus;

/* Take / drop two run-queue locks in ascending CPU order (a == b: one). */
void sched_lock_pair(unsigned int a, unsigned int b);
void sched_unlock_pair(unsigned int a, unsigned int b);

#endif /* XEN_SCHED_PRIVATE_H */
