/*
 * The arch interface: the only arch functions generic code (xen/) calls.
 * See style.md §1. Implemented in arch/x86/.
 */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H

#include <xen/compiler.h>
#include <xen/types.h>

/* Print a symbolized backtrace of the running CPU's stack. */
void arch_show_backtrace(void);

/* Interrupts off and halt this CPU forever. */
void arch_halt_forever(void) __noreturn;

#endif /* XEN_ARCH_H */
