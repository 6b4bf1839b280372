/*
 * The guest CPUID policy (vendor-neutral): the host's leaves, minus what a
 * guest must not see (VMX, so it doesn't try to nest; the host's APIC
 * ids), plus the hypervisor-present bit. Leaves 0x40000000-0x400000ff are
 * reserved for the Xen ABI and answer zeros until it lands.
 */
#include <asm/cpuid_policy.h>
#include <asm/processor.h>

#define CPUID1_ECX_VMX (1u << 5)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID1_ECX_MONITOR (1u << 3)
#define CPUID1_ECX_OSXSAVE (1u << 27)
#define CPUID7_EBX_HLE_RTM ((1u << 4) | (1u << 11))

void cpuid_guest(u32 leaf, u32 subleaf, unsigned int vcpu_id, bool guest_osxsave,
                 u64 xcr0_supported, struct cpuid_regs *r)
{
    if (leaf >= 0x40000000 && leaf <= 0x400000ff) {
        *r = (struct cpuid_regs){ 0, 0, 0, 0 };
        return;
    }
    *r = cpuid_count(leaf, subleaf);
    switch (leaf) {
    case 1:
        r->ecx &= ~(CPUID1_ECX_VMX | CPUID1_ECX_MONITOR | CPUID1_ECX_OSXSAVE);
        /* OSXSAVE mirrors the guest's CR4, not the host's (SDM Vol. 2 CPUID). */
        r->ecx |= CPUID1_ECX_HYPERVISOR | (guest_osxsave ? CPUID1_ECX_OSXSAVE : 0);
        /* Initial APIC id = vCPU id (bits 31:24), one logical CPU per package. */
        r->ebx = (r->ebx & 0x0000ffffu) | (1u << 16) | (vcpu_id << 24);
        break;
    case 0xd:
        if (subleaf == 0) {     /* only the features we switch may be enabled */
            r->eax &= (u32)xcr0_supported;
            r->edx &= (u32)(xcr0_supported >> 32);
        }
        break;
    case 7:
        if (subleaf == 0)
            r->ebx &= ~CPUID7_EBX_HLE_RTM;
        break;
    case 0xb:
    case 0x1f:
        r->edx = vcpu_id;       /* x2APIC id */
        break;
    default:
        break;
    }
}
