/*
 * Decoding of the VMX capability MSRs (Intel SDM Vol. 3D Appendix A) and the
 * policy of which capabilities Xenolith requires. Control MSRs report the
 * allowed-1 settings in bits 63:32 (SDM A.3).
 */
#include <xen/lib.h>
#include <xen/string.h>

#include "vmx_caps.h"

/* Pin-based controls (SDM 25.6.1). */
#define PIN_PREEMPT_TIMER (1u << 6)
#define PIN_POSTED_INTR (1u << 7)
/* Primary processor-based controls (SDM 25.6.2, table 25-6). */
#define PROC_USE_IO_BITMAPS (1u << 25)
#define PROC_MTF (1u << 27)
#define PROC_USE_MSR_BITMAPS (1u << 28)
#define PROC_SECONDARY (1u << 31)
/* Secondary processor-based controls (SDM 25.6.2, table 25-7). */
#define PROC2_APIC_ACCESS (1u << 0)
#define PROC2_EPT (1u << 1)
#define PROC2_X2APIC (1u << 4)
#define PROC2_VPID (1u << 5)
#define PROC2_UNRESTRICTED (1u << 7)
#define PROC2_APIC_REG_VIRT (1u << 8)
#define PROC2_VIRT_INTR (1u << 9)
#define PROC2_PLE (1u << 10)
/* IA32_VMX_EPT_VPID_CAP (SDM A.10). */
#define EPTCAP_4LEVEL (1ull << 6)
#define EPTCAP_WB (1ull << 14)
#define EPTCAP_2M (1ull << 16)
#define EPTCAP_1G (1ull << 17)
#define EPTCAP_INVEPT (1ull << 20)
#define EPTCAP_AD (1ull << 21)
#define VPIDCAP_INVVPID (1ull << 32)

#define VMX_BASIC_TRUE_CTLS (1ull << 55)
#define MEMTYPE_WB 6

static u32 allowed1(u64 ctl_msr)
{
    return (u32)(ctl_msr >> 32);
}

void vmx_caps_decode(const struct vmx_msrs *m, struct vmx_caps *c)
{
    u32 pin = allowed1(m->pinbased), proc = allowed1(m->procbased);
    u32 proc2 = (proc & PROC_SECONDARY) ? allowed1(m->procbased2) : 0;

    memset(c, 0, sizeof(*c));
    c->revision = (u32)(m->basic & 0x7fffffff);
    c->vmcs_size = (u32)((m->basic >> 32) & 0x1fff);
    c->vmcs_wb = ((m->basic >> 50) & 0xf) == MEMTYPE_WB;
    c->true_ctls = m->basic & VMX_BASIC_TRUE_CTLS;
    c->secondary = proc & PROC_SECONDARY;
    c->preemption_timer = pin & PIN_PREEMPT_TIMER;
    c->preemption_timer_shift = (unsigned int)(m->misc & 0x1f);
    c->posted_intr = pin & PIN_POSTED_INTR;
    c->io_bitmaps = proc & PROC_USE_IO_BITMAPS;
    c->msr_bitmaps = proc & PROC_USE_MSR_BITMAPS;
    c->mtf = proc & PROC_MTF;
    c->ept = proc2 & PROC2_EPT;
    c->vpid = proc2 & PROC2_VPID;
    c->unrestricted = proc2 & PROC2_UNRESTRICTED;
    c->apic_access = proc2 & PROC2_APIC_ACCESS;
    c->apic_reg_virt = proc2 & PROC2_APIC_REG_VIRT;
    c->virt_intr_delivery = proc2 & PROC2_VIRT_INTR;
    c->virt_x2apic = proc2 & PROC2_X2APIC;
    c->pause_loop_exiting = proc2 & PROC2_PLE;
    c->ept_4level = c->ept && (m->ept_vpid_cap & EPTCAP_4LEVEL);
    c->ept_wb = c->ept && (m->ept_vpid_cap & EPTCAP_WB);
    c->ept_2m = c->ept && (m->ept_vpid_cap & EPTCAP_2M);
    c->ept_1g = c->ept && (m->ept_vpid_cap & EPTCAP_1G);
    c->ept_ad = c->ept && (m->ept_vpid_cap & EPTCAP_AD);
    c->invept = c->ept && (m->ept_vpid_cap & EPTCAP_INVEPT);
    c->invvpid = c->vpid && (m->ept_vpid_cap & VPIDCAP_INVVPID);
}

const char *vmx_caps_missing(const struct vmx_caps *c)
{
    static const struct { size_t offset; const char *why; } required[] = {
        { offsetof(struct vmx_caps, vmcs_wb), "VMX requires write-back VMCS memory, which this CPU does not report" },
        { offsetof(struct vmx_caps, msr_bitmaps), "VT-x lacks MSR bitmaps" },
        { offsetof(struct vmx_caps, secondary), "VT-x lacks secondary processor controls (needed for EPT); use a Nehalem or newer CPU, or enable them in the nested hypervisor" },
        { offsetof(struct vmx_caps, ept), "VT-x lacks EPT (extended page tables): use a CPU with EPT, or enable EPT for nested virtualization (e.g. KVM: ept=1, -cpu host,+vmx)" },
        { offsetof(struct vmx_caps, ept_4level), "EPT lacks 4-level page walks" },
        { offsetof(struct vmx_caps, ept_wb), "EPT lacks write-back paging-structure memory" },
        { offsetof(struct vmx_caps, invept), "EPT lacks the INVEPT instruction" },
        { offsetof(struct vmx_caps, unrestricted), "VT-x lacks unrestricted guest (real-mode guests): use a Westmere or newer CPU, or enable it for nested virtualization (e.g. KVM: unrestricted_guest=1)" },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(required); i++)
        if (!*(const bool *)((const char *)c + required[i].offset))
            return required[i].why;
    return NULL;
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

void vmx_caps_format(const struct vmx_caps *c, char *buf, size_t size)
{
    snprintf(buf, size,
             "VMX caps: rev %#x, EPT %s (2M %s, 1G %s, A/D %s), VPID %s, unrestricted guest %s, "
             "preemption timer %s (TSC>>%u), MSR bitmaps %s, APIC virt %s (reg %s, vintr %s, x2apic %s), "
             "posted interrupts %s, MTF %s",
             c->revision, yes_no(c->ept), yes_no(c->ept_2m), yes_no(c->ept_1g),
             yes_no(c->ept_ad), yes_no(c->vpid), yes_no(c->unrestricted),
             yes_no(c->preemption_timer), c->preemption_timer_shift, yes_no(c->msr_bitmaps),
             yes_no(c->apic_access), yes_no(c->apic_reg_virt), yes_no(c->virt_intr_delivery),
             yes_no(c->virt_x2apic), yes_no(c->posted_intr), yes_no(c->mtf));
}
