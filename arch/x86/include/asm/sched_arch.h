/*
 * The arch side of scheduling (arch/x86/sched_arch.c): kicking CPUs and
 * starting the scheduling loop on every CPU.
 */
#ifndef ASM_SCHED_ARCH_H
#define ASM_SCHED_ARCH_H

#include <xen/types.h>

/* Install the kick IPI handler (boot CPU, before any kick). */
void sched_arch_init(void);

/* True (and cleared) if this CPU was kicked since the last call. */
bool sched_arch_resched_pending(void);

/* Let every AP leave its idle loop for schedule_loop(); the caller (the
 * boot CPU) then enters schedule_loop() itself. */
void sched_arch_start_aps(void);

/* APs poll this in their idle loop. */
bool sched_arch_started(void);

#endif /* ASM_SCHED_ARCH_H */
