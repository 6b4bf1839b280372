/*
 * A domain's p2m as an EPT (Intel SDM Vol. 3C §29.3), built with the
 * generic walker in its EPT format: guest RAM is write-back, mapped with
 * 2 MiB leaves where the allocation allows.
 */
#include <asm/mm.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/xmalloc.h>

#include "vmx_caps.h"
#include "vmx_insn.h"
#include "vmx_vcpu.h"

/* EPTP (SDM §25.6.11): WB paging-structure memory (6), 4-level walk (3 << 3). */
#define EPTP_WB_4LEVEL ((3ULL << 3) | 6)

int arch_domain_create(struct domain *d)
{
    struct arch_domain *a = xzalloc(struct arch_domain);

    if (!a)
        return -ENOMEM;
    if (pt_init(&a->ept, &pt_format_ept, &pt_ops_heap, NULL, vmx_caps()->ept_1g)) {
        xfree(a);
        return -ENOMEM;
    }
    a->eptp = a->ept.root_pa | EPTP_WB_4LEVEL;
    d->arch = a;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    /* No CPU can hold translations for a dead EPT: flush them anyway, so a
     * recycled root page can never alias stale entries. */
    invept_single(d->arch->eptp);
    pt_destroy(&d->arch->ept);
    xfree(d->arch);
    d->arch = NULL;
}

int arch_p2m_map_ram(struct domain *d, u64 gfn, u64 mfn, u64 nr)
{
    int rc = pt_map(&d->arch->ept, gfn << PAGE_SHIFT, mfn << PAGE_SHIFT, nr << PAGE_SHIFT,
                    PT_RWX | PT_WB);

    /* Only additions happen while no vCPU runs yet: no INVEPT needed. */
    if (rc)
        printk(XENLOG_ERR "d%u: EPT mapping of gfn %#llx+%llu failed (%d)\n", d->domain_id,
               (unsigned long long)gfn, (unsigned long long)nr, rc);
    return rc;
}

int ept_translate(struct domain *d, u64 gpa, paddr_t *hpa)
{
    return pt_translate(&d->arch->ept, gpa, hpa, NULL, NULL);
}

/*
 * A replaced entry may be cached by any CPU that ran one of d's vCPUs
 * (translations are tagged by EPTP, not by CPU): flush this CPU now and
 * mark every other one, which flushes in ept_sync_cpu() before it next
 * enters d. A vCPU running elsewhere right now sees the change at its
 * next schedule-in (Xen would IPI; the guest-visible window is tiny).
 */
static void ept_changed(struct domain *d)
{
    __atomic_fetch_or(&d->arch->ept_stale_cpus, ~0ULL, __ATOMIC_SEQ_CST);
    ept_sync_cpu(d);
}

void ept_sync_cpu(struct domain *d)
{
    u64 me = 1ULL << smp_processor_id();

    if (READ_ONCE(d->arch->ept_stale_cpus) & me) {
        __atomic_fetch_and(&d->arch->ept_stale_cpus, ~me, __ATOMIC_SEQ_CST);
        invept_single(d->arch->eptp);
    }
}

static int p2m_set(struct domain *d, u64 gfn, mfn_t mfn, unsigned int perm)
{
    struct arch_domain *a = d->arch;
    int rc;

    spin_lock(&a->p2m_lock);
    if (mfn == INVALID_MFN)
        rc = pt_unmap(&a->ept, gfn << PAGE_SHIFT, PAGE_SIZE);
    else
        rc = pt_map(&a->ept, gfn << PAGE_SHIFT, mfn_to_maddr(mfn), PAGE_SIZE, perm | PT_WB);
    spin_unlock(&a->p2m_lock);
    ept_changed(d);     /* even on -ENOMEM a prefix may have changed */
    if (rc)
        printk(XENLOG_ERR "d%u: EPT update of gfn %#llx failed (%d)\n", d->domain_id,
               (unsigned long long)gfn, rc);
    return rc;
}

int arch_p2m_set_entry(struct domain *d, u64 gfn, mfn_t mfn)
{
    return p2m_set(d, gfn, mfn, PT_RWX);
}

/* Grant tables: a read-only grant is mapped readable only. */
int arch_p2m_set_entry_ro(struct domain *d, u64 gfn, mfn_t mfn)
{
    return p2m_set(d, gfn, mfn, PT_READ);
}

mfn_t arch_p2m_lookup(struct domain *d, u64 gfn)
{
    unsigned int flags;
    paddr_t hpa;

    if (gfn >= (1ULL << (48 - PAGE_SHIFT)) ||
        pt_translate(&d->arch->ept, gfn << PAGE_SHIFT, &hpa, &flags, NULL))
        return INVALID_MFN;
    /* Callers write through it: a read-only grant frame is not theirs. */
    return (flags & PT_WRITE) ? maddr_to_mfn(hpa) : INVALID_MFN;
}
