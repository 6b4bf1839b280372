/*
 * Machine power control (arch/x86/power.c).
 */
#ifndef XEN_POWER_H
#define XEN_POWER_H

#include <xen/compiler.h>

/* ACPI S5 soft-off; halts with a message if the machine stays on. */
void machine_power_off(void) __noreturn;
/* Reset: ACPI reset register, then port 0xCF9, then the keyboard controller. */
void machine_restart(void) __noreturn;

#endif /* XEN_POWER_H */
