/*
 * What CPUID returns to guests (arch/x86/cpuid.c).
 */
#ifndef ASM_CPUID_POLICY_H
#define ASM_CPUID_POLICY_H

#include <asm/processor.h>

void cpuid_guest(u32 leaf, u32 subleaf, unsigned int vcpu_id, struct cpuid_regs *r);

#endif /* ASM_CPUID_POLICY_H */
