/*
 * What CPUID returns to guests (arch/x86/cpuid.c).
 */
#ifndef ASM_CPUID_POLICY_H
#define ASM_CPUID_POLICY_H

#include <asm/processor.h>

/*
 * The guest's view of CPUID leaf/subleaf on vCPU vcpu_id of domain domid
 * (both reported in the Xen leaves). guest_osxsave is the guest's
 * CR4.OSXSAVE; xcr0_supported the XCR0 bits it may enable.
 */
void cpuid_guest(u32 leaf, u32 subleaf, unsigned int vcpu_id, u16 domid, bool guest_osxsave,
                 u64 xcr0_supported, struct cpuid_regs *r);

#endif /* ASM_CPUID_POLICY_H */
