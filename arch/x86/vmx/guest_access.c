/*
 * copy_from_guest()/copy_to_guest(): guest virtual -> guest physical
 * through the guest's own page tables (read with the generic walker, whose
 * table reads go through the p2m), then guest physical -> host through the
 * domain's p2m (the EPT). A page at a time; any hole gives -EFAULT, never a host
 * fault. Supports paging off and 4-level long-mode paging (the PVH guests'
 * modes); 32-bit paging modes give -EFAULT.
 */
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#include "vmx_insn.h"
#include "vmx_vcpu.h"

#define X86_CR0_PG (1ul << 31)
#define EFER_LMA (1ul << 10)
#define VA_BITS 48

/* Host pointer to guest-physical gpa, valid to the end of its page. The
 * EPT is the truth: XENMEM_add_to_physmap may have replaced RAM pages. */
static void *gpa_to_host(struct domain *d, u64 gpa)
{
    mfn_t mfn = arch_p2m_lookup(d, gpa >> PAGE_SHIFT);

    if (mfn == INVALID_MFN)
        return NULL;
    return (u8 *)maddr_to_virt(mfn_to_maddr(mfn)) + (gpa & (PAGE_SIZE - 1));
}

static void *guest_table_to_host(void *ctx, paddr_t gpa)
{
    return gpa_to_host(ctx, gpa);
}

static const struct pt_ops guest_pt_ops = { .phys_to_virt = guest_table_to_host };

/* Guest virtual -> guest physical for the current vCPU (its VMCS loaded). */
static int guest_va_to_gpa(struct vcpu *v, u64 va, bool write, u64 *gpa)
{
    struct pt_root root = { .fmt = &pt_format_x86_64, .ops = &guest_pt_ops,
                            .ops_ctx = v->domain };
    unsigned int flags;
    u64 top = va >> (VA_BITS - 1);

    if (!(vmread(GUEST_CR0) & X86_CR0_PG)) {
        *gpa = va & 0xffffffffULL;
        return 0;
    }
    if (!(vmread(GUEST_IA32_EFER) & EFER_LMA))
        return -EFAULT;
    if (top != 0 && top != (1ULL << (64 - VA_BITS + 1)) - 1)
        return -EFAULT;                         /* not canonical */
    root.root_pa = vmread(GUEST_CR3) & 0x000ffffffffff000ULL;
    if (pt_translate(&root, va & ((1ULL << VA_BITS) - 1), gpa, &flags, NULL))
        return -EFAULT;
    return (write && !(flags & PT_WRITE)) ? -EFAULT : 0;
}

static int copy_guest(struct vcpu *v, u64 va, void *buf, u64 len, bool to_guest)
{
    while (len) {
        u64 gpa, n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        void *p;

        if (guest_va_to_gpa(v, va, to_guest, &gpa) || !(p = gpa_to_host(v->domain, gpa)))
            return -EFAULT;
        if (to_guest)
            memcpy(p, buf, n);
        else
            memcpy(buf, p, n);
        va += n;
        buf = (u8 *)buf + n;
        len -= n;
    }
    return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, u64 guest_va, u64 len)
{
    return copy_guest(v, guest_va, dst, len, false);
}

int copy_to_guest(struct vcpu *v, u64 guest_va, const void *src, u64 len)
{
    return copy_guest(v, guest_va, (void *)src, len, true);
}

static int phys_access(struct domain *d, u64 gpa, const void *src, u64 len)
{
    while (len) {
        u64 n = MIN(len, PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
        void *p = gpa_to_host(d, gpa);

        if (!p)
            return -EFAULT;
        if (src)
            memcpy(p, src, n), src = (const u8 *)src + n;
        else
            memset(p, 0, n);
        gpa += n;
        len -= n;
    }
    return 0;
}

int copy_to_guest_phys(struct domain *d, u64 gpa, const void *src, u64 len)
{
    return src ? phys_access(d, gpa, src, len) : -EFAULT;
}

int clear_guest_phys(struct domain *d, u64 gpa, u64 len)
{
    return phys_access(d, gpa, NULL, len);
}
