/*
 * The shared_info page and vcpu_info placement (xen-abi.md §4.4, §4.6,
 * §5.1-5.2). Each domain owns one zeroed hypervisor page from creation to
 * destruction; the guest sees it only once it maps it with
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info). A vCPU's vcpu_info is
 * its slot there until VCPUOP_register_vcpu_info moves it into guest RAM.
 */
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shared_page.h>
#include <xen/spinlock.h>
#include <xen/string.h>

/* Serialises shared_info moves and vcpu_info registrations (rare). */
static DEFINE_SPINLOCK(shared_lock);

int domain_shared_info_init(struct domain *d)
{
    void *p = alloc_xenheap_page();

    if (!p)
        return -ENOMEM;
    memset(p, 0, PAGE_SIZE);            /* the rest of the page is 0 too (§5.1) */
    d->shared_info = p;
    d->shared_info_gfn = SHARED_INFO_NO_GFN;
    domain_update_wallclock(d);
    return 0;
}

void domain_shared_info_free(struct domain *d)
{
    free_xenheap_page(d->shared_info);
    d->shared_info = NULL;
}

struct shared_info *domain_shared_info(struct domain *d)
{
    return d->shared_info;
}

struct vcpu_info *vcpu_vcpu_info(struct vcpu *v)
{
    struct vcpu_info *reg = READ_ONCE(v->vcpu_info_reg);

    if (reg)
        return reg;
    if (v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
        return &v->domain->shared_info->vcpu_info[v->vcpu_id];
    return NULL;
}

/*
 * Xen frees the RAM page it covers and leaves the old frame empty; we
 * keep both RAM pages allocated (freed with the domain) and give the old
 * frame its RAM back, so the guest's memory map never grows a hole.
 */
int domain_map_shared_info(struct domain *d, u64 gfn)
{
    mfn_t page = maddr_to_mfn(virt_to_maddr(d->shared_info));
    u64 old;
    int rc;

    spin_lock(&shared_lock);
    old = d->shared_info_gfn;
    rc = old == gfn ? 0 : arch_p2m_set_entry(d, gfn, page);
    if (!rc && old != gfn && old != SHARED_INFO_NO_GFN)
        rc = arch_p2m_set_entry(d, old, domain_gfn_to_mfn(d, old));
    if (!rc)
        d->shared_info_gfn = gfn;
    spin_unlock(&shared_lock);
    return rc;
}

/* Host pointer to guest-physical gpa in d, or NULL outside its p2m. */
static void *gpa_to_host(struct domain *d, u64 gpa)
{
    mfn_t mfn = arch_p2m_lookup(d, gpa >> PAGE_SHIFT);

    if (mfn == INVALID_MFN)
        return NULL;
    return (u8 *)maddr_to_virt(mfn_to_maddr(mfn)) + (gpa & (PAGE_SIZE - 1));
}

int vcpu_register_vcpu_info(struct vcpu *v, u64 gfn, u32 offset)
{
    struct vcpu_info *new, *cur;

    /* The 64 bytes must sit in one page (Xen: -ENXIO). */
    if (offset > PAGE_SIZE - sizeof(struct vcpu_info))
        return -ENXIO;
    if (gfn >= (1ULL << (64 - PAGE_SHIFT)))
        return -EINVAL;
    spin_lock(&shared_lock);
    if (v->vcpu_info_reg) {
        spin_unlock(&shared_lock);
        return -EBUSY;
    }
    if (!(new = gpa_to_host(v->domain, (gfn << PAGE_SHIFT) + offset))) {
        spin_unlock(&shared_lock);
        return -EINVAL;
    }
    /* As Xen: carry over the old contents (or start from zero for a
     * vCPU without a slot), then force the guest to rescan its events. */
    cur = vcpu_vcpu_info(v);
    if (cur)
        memcpy(new, cur, sizeof(*new));
    else
        memset(new, 0, sizeof(*new));
    new->evtchn_upcall_pending = 1;
    new->evtchn_pending_sel = ~0ULL;
    WRITE_ONCE(v->vcpu_info_reg, new);
    spin_unlock(&shared_lock);
    vcpu_update_time(v);
    vcpu_raise_upcall(v);
    return 0;
}
