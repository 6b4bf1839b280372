/*
 * The guest CPUID policy (vendor-neutral): the host's leaves, minus what a
 * guest must not see (VMX, so it doesn't try to nest; the host's APIC
 * ids), plus the hypervisor-present bit, plus Xen's leaves at 0x40000000
 * (xen-abi.md §1.1), one small function per leaf in a table.
 */
#include <asm/cpuid_policy.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/hypercall_page.h>
#include <xen/lib.h>
#include <xen/shared_page.h>
#include <xen/xen_version.h>

#define CPUID1_ECX_VMX (1u << 5)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID1_ECX_MONITOR (1u << 3)
#define CPUID1_ECX_OSXSAVE (1u << 27)
/* Machine-check MSRs (MCG_CAP 0x179, MCG_STATUS 0x17a, banks) are not
 * emulated; Linux panics ("MCA architectural violation") when one #GPs. */
#define CPUID1_EDX_MCE_MCA ((1u << 7) | (1u << 14))
#define CPUID7_EBX_HLE_RTM ((1u << 4) | (1u << 11))
/* IA32_TSC_ADJUST (MSR 0x3b) is not emulated: a guest that saw the bit
 * would read it (Linux does, in tsc_store_and_check_tsc_adjust) and #GP. */
#define CPUID7_EBX_TSC_ADJUST (1u << 1)
/* IA32_TSC_AUX (MSR 0xc0000103) is not emulated: Linux writes it at boot
 * when RDTSCP or RDPID is advertised (setup_getcpu) and gets a #GP. Both
 * are hidden, and the VMCS leaves "enable RDTSCP" off so they #UD. */
#define CPUID7_ECX_RDPID (1u << 22)
/* IA32_XSS (MSR 0xda0) is not emulated: no XSAVES (Linux writes XSS when
 * it is set), and no XSAVEC, whose compacted size would disagree with the
 * standard size Bochs reports (Linux WARNs "XSAVE consistency problem"). */
#define CPUIDD1_EAX_XSAVEC_XSAVES ((1u << 1) | (1u << 3))

#define XEN_CPUID_BASE 0x40000000u
#define XEN_CPUID_LAST 0x400000ffu      /* the block reserved for Xen */
#define XEN_CPUID_MAX_LEAF 5            /* base+5, as Xen (its leaf is PV only) */
#define CPUID_EXT_MAX 0x80000000u
#define CPUID_APM 0x80000007u
#define APM_EDX_INVARIANT_TSC (1u << 8)
#define CPUID80000001_EDX_RDTSCP (1u << 27)

/* base+4 EAX (XEN_HVM_CPUID_*): what our PVH guests may rely on. */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT (1u << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT (1u << 4)
#define XEN_HVM_CPUID_UPCALL_VECTOR (1u << 6)   /* HVMOP_set_evtchn_upcall_vector */

struct xen_leaf_ctx {
    u32 subleaf;
    unsigned int vcpu_id;
    u16 domid;
};

/* base+0: the largest leaf and "XenVMMXenVMM". */
static void xen_leaf_signature(const struct xen_leaf_ctx *c, struct cpuid_regs *r)
{
    *r = (struct cpuid_regs){ XEN_CPUID_BASE + XEN_CPUID_MAX_LEAF,
                              0x566e6558, 0x65584d4d, 0x4d4d566e };
}

static void xen_leaf_version(const struct xen_leaf_ctx *c, struct cpuid_regs *r)
{
    r->eax = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
}

/* base+2: one hypercall page, installed through our MSR; no PV features. */
static void xen_leaf_hypercall(const struct xen_leaf_ctx *c, struct cpuid_regs *r)
{
    r->eax = 1;
    r->ebx = XEN_HYPERCALL_PAGE_MSR;
}

static bool host_tsc_invariant(void)
{
    return cpuid(CPUID_EXT_MAX).eax >= CPUID_APM &&
           (cpuid(CPUID_APM).edx & APM_EDX_INVARIANT_TSC);
}

/*
 * base+3 (TSC): mode 0 (native, never emulated), so the guest TSC runs at
 * the host rate; subleaf 1 gives the TSC offset (none beyond the domain's
 * own) and the same ns scale as pvclock; subleaf 2 the host rate.
 */
static void xen_leaf_tsc(const struct xen_leaf_ctx *c, struct cpuid_regs *r)
{
    u32 mul;
    s8 shift;

    switch (c->subleaf) {
    case 0:
        /* Bit 2 (RDTSCP usable) stays 0: the guest has no RDTSCP. */
        r->eax = host_tsc_invariant() ? 1u << 1 : 0;
        r->ecx = (u32)tsc_khz();
        break;
    case 1:
        pvclock_scale(tsc_khz() * 1000, &mul, &shift);
        r->ecx = mul;
        r->edx = (u32)(s32)shift;
        break;
    case 2:
        r->eax = (u32)tsc_khz();
        break;
    }
}

/* base+4 (HVM/PVH): vCPU id in EBX, domid in ECX, upcall vector works. */
static void xen_leaf_hvm(const struct xen_leaf_ctx *c, struct cpuid_regs *r)
{
    if (c->subleaf != 0)
        return;
    r->eax = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT |
             XEN_HVM_CPUID_UPCALL_VECTOR;
    r->ebx = c->vcpu_id;
    r->ecx = c->domid;
}

static void (*const xen_leaves[XEN_CPUID_MAX_LEAF + 1])(const struct xen_leaf_ctx *c,
                                                       struct cpuid_regs *r) = {
    xen_leaf_signature, xen_leaf_version, xen_leaf_hypercall, xen_leaf_tsc, xen_leaf_hvm,
    NULL,                               /* base+5: PV only, zeros */
};

/* Leaves 0x40000000-0x400000ff: Xen's; beyond base+5, zeros. */
static void cpuid_xen(u32 leaf, const struct xen_leaf_ctx *c, struct cpuid_regs *r)
{
    u32 idx = leaf - XEN_CPUID_BASE;

    *r = (struct cpuid_regs){ 0, 0, 0, 0 };
    if (idx < ARRAY_SIZE(xen_leaves) && xen_leaves[idx])
        xen_leaves[idx](c, r);
}

void cpuid_guest(u32 leaf, u32 subleaf, unsigned int vcpu_id, u16 domid, bool guest_osxsave,
                 u64 xcr0_supported, struct cpuid_regs *r)
{
    if (leaf >= XEN_CPUID_BASE && leaf <= XEN_CPUID_LAST) {
        const struct xen_leaf_ctx c = { subleaf, vcpu_id, domid };

        cpuid_xen(leaf, &c, r);
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
        r->edx &= ~CPUID1_EDX_MCE_MCA;
        break;
    case 0xd:
        if (subleaf == 0) {     /* only the features we switch may be enabled */
            r->eax &= (u32)xcr0_supported;
            r->edx &= (u32)(xcr0_supported >> 32);
        } else if (subleaf == 1) {
            r->eax &= ~CPUIDD1_EAX_XSAVEC_XSAVES;
        }
        break;
    case 7:
        if (subleaf == 0) {
            r->ebx &= ~(CPUID7_EBX_HLE_RTM | CPUID7_EBX_TSC_ADJUST);
            r->ecx &= ~CPUID7_ECX_RDPID;
        }
        break;
    case 0x80000001:
        r->edx &= ~CPUID80000001_EDX_RDTSCP;
        break;
    case 0xb:
    case 0x1f:
        r->edx = vcpu_id;       /* x2APIC id */
        break;
    default:
        break;
    }
}
