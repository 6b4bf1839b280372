/*
 * Turning the machine off or resetting it (arch/x86/power.c). Both are the
 * last thing the hypervisor does: they flush the console and never return.
 * Call with the other CPUs stopped (or past caring); any context.
 */
#ifndef XEN_POWER_H
#define XEN_POWER_H

#include <xen/compiler.h>

/*
 * Enter ACPI S5 through the FADT's PM1 control blocks. Without a usable
 * FADT, or if the machine is still running afterwards, say so on the
 * console and halt this CPU forever.
 */
void machine_power_off(void) __noreturn;

/*
 * Reset the machine: ACPI reset register, then port 0xCF9, then the 8042
 * keyboard controller, then a triple fault.
 */
void machine_restart(void) __noreturn;

#endif /* XEN_POWER_H */
