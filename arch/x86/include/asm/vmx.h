/*
 * VT-x bring-up (arch/x86/vmx/vmx.c): capability probe on the boot CPU and
 * VMXON on every CPU. Only arch/x86/vmx/ touches VMX state.
 */
#ifndef ASM_VMX_H
#define ASM_VMX_H

#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Probe VT-x on the boot CPU and print its capabilities. Returns 0, or a
 * negative errno with *why set to a message naming the problem and its fix.
 */
int __must_check vmx_probe(const char **why);

/*
 * Enter VMX root operation on the calling CPU, whose logical number is cpu
 * (after vmx_probe() succeeded).
 * Returns 0, or a negative errno with *why set (the message names the CPU).
 */
int __must_check vmx_cpu_up(unsigned int cpu, const char **why);

/* CPUs that have executed VMXON successfully. */
unsigned int vmx_cpus_enabled(void);

#endif /* ASM_VMX_H */
