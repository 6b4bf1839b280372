/*
 * The arch interface: the only arch functions generic code (xen/) calls.
 * See style.md §1. Implemented in arch/x86/.
 */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H

#include <xen/compiler.h>
#include <xen/time.h>
#include <xen/types.h>

/* Print a symbolized backtrace of the running CPU's stack. */
void arch_show_backtrace(void);

/* Interrupts off and halt this CPU forever. */
void arch_halt_forever(void) __noreturn;

/*
 * Disable interrupts on this CPU and return the previous state for
 * arch_irq_restore() (for locks also taken from interrupt handlers).
 */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

/*
 * Program this CPU's one-shot timer interrupt for system time deadline
 * (STIME_MAX: none). A deadline in the past fires at once. The interrupt
 * calls timer_softirq() (include/xen/timer.h). Interrupts off.
 */
void arch_timer_program(s_time_t deadline);

/* Make cpu run timer_softirq() soon (its queue head changed remotely). */
void arch_timer_kick(unsigned int cpu);

#endif /* XEN_ARCH_H */
