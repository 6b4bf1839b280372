/*
 * The guest's clock as pvclock needs it (xen-abi.md §5.3): the guest TSC
 * is the host TSC plus the domain's VMCS TSC offset, and pvclock's
 * (tsc_timestamp, system_time) pair must name the same instant in it.
 */
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/arch.h>

#include "vmx_vcpu.h"

#define CPUID_EXT_MAX 0x80000000u
#define CPUID_APM 0x80000007u
#define APM_EDX_INVARIANT_TSC (1u << 8)     /* SDM Vol. 3B §19.17.1 */

/* Constant rate in every power state; NOW() already assumes the TSCs are
 * synchronised across CPUs (arch/x86/time.c), so this is the whole test. */
static bool tsc_invariant(void)
{
    static int cached = -1;

    if (cached < 0)
        cached = cpuid(CPUID_EXT_MAX).eax >= CPUID_APM &&
                 (cpuid(CPUID_APM).edx & APM_EDX_INVARIANT_TSC);
    return cached;
}

void arch_guest_time_sample(const struct domain *d, struct arch_time_sample *s)
{
    /* Read the clock once and derive the TSC from it, so both values
     * describe one instant exactly (to the conversion's rounding). */
    s->stime = NOW();
    s->guest_tsc = stime_to_tsc(s->stime) + (u64)d->arch->tsc_offset;
    s->tsc_khz = tsc_khz();
    s->tsc_stable = tsc_invariant();
}
