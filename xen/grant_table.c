/*
 * Grant tables v1 (xen-abi.md §4.4, §4.8): every domain's table of grant
 * entries in hypervisor frames, the mappings a domain holds of others'
 * grants (host_map into its p2m), grant copies, and the teardown that
 * keeps a destroyed domain's pages out of every other domain's p2m.
 *
 * Locking: gnttab_lock protects every grant table, the table list and
 * every maptrack. Order: gnttab_lock -> p2m lock (arch_p2m_set_entry).
 * Never held while taking domlist_lock or dropping a domain reference.
 * A table stays on the list from domain creation until the domain's
 * release, so a listed table's domain still has its p2m and RAM.
 */
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define GFN_LIMIT (1ULL << (48 - PAGE_SHIFT))   /* 4-level EPT reach */
#define XENMAPIDX_grant_table_status 0x80000000ULL

struct grant_table {
    struct domain *d;
    unsigned int nr_frames;
    struct grant_entry_v1 *frames[GNTTAB_MAX_FRAMES];  /* hypervisor pages */
    u64 frame_gfn[GNTTAB_MAX_FRAMES];   /* where the guest mapped each */
    struct gnttab_maptrack maptrack;    /* grants of others d has mapped */
    struct grant_table *next;
};

static DEFINE_SPINLOCK(gnttab_lock);
static struct grant_table *gnttab_list;

static struct grant_table *table_of(domid_t id)
{
    for (struct grant_table *gt = gnttab_list; gt; gt = gt->next)
        if (gt->d->domain_id == id)
            return gt;
    return NULL;
}

static unsigned int nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

static struct grant_entry_v1 *entry_of(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->frames[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

static int table_grow(struct grant_table *gt, unsigned int nr)
{
    while (gt->nr_frames < nr) {
        void *p = alloc_xenheap_page();

        if (!p)
            return -ENOMEM;
        memset(p, 0, PAGE_SIZE);
        gt->frame_gfn[gt->nr_frames] = GNTTAB_NO_GFN;
        gt->frames[gt->nr_frames++] = p;
    }
    return 0;
}

int gnttab_domain_init(struct domain *d)
{
    struct grant_table *gt = xzalloc(struct grant_table);

    if (!gt)
        return -ENOMEM;
    gt->d = d;
    if (table_grow(gt, GNTTAB_INITIAL_FRAMES)) {
        xfree(gt);
        return -ENOMEM;
    }
    d->grant_table = gt;
    spin_lock(&gnttab_lock);
    gt->next = gnttab_list;
    gnttab_list = gt;
    spin_unlock(&gnttab_lock);
    return 0;
}

/*
 * The granter's own RAM page at gfn, or INVALID_MFN. As Xen's "page owned
 * by the granter" check: a frame where the granter has mapped a grant,
 * shared_info or a grant frame cannot be passed on.
 */
static mfn_t granter_page(struct domain *rd, u64 gfn)
{
    mfn_t mfn = arch_p2m_lookup(rd, gfn);

    if (mfn == INVALID_MFN || mfn != domain_gfn_to_mfn(rd, gfn))
        return INVALID_MFN;
    return mfn;
}

/* Are <granter, ref> still mapped by anyone, for reading / for writing? */
static void pins_of(domid_t granter, grant_ref_t ref, bool *reading, bool *writing)
{
    *reading = *writing = false;
    for (struct grant_table *gt = gnttab_list; gt; gt = gt->next)
        for (unsigned int h = 0; h < GNTTAB_MAX_MAPS; h++) {
            const struct gnttab_map *m = &gt->maptrack.map[h];
            if (!m->in_use || m->granter != granter || m->ref != ref)
                continue;
            *reading = true;
            *writing |= !m->readonly;
        }
}

/* Drop one use of <rgt, ref> and clear the entry's flags no one needs. */
static void entry_release(struct grant_table *rgt, grant_ref_t ref)
{
    bool reading, writing;

    if (!rgt || ref >= nr_entries(rgt))
        return;
    pins_of(rgt->d->domain_id, ref, &reading, &writing);
    gnttab_entry_unpin(entry_of(rgt, ref), reading, writing);
}

/* Give the mapper's frame its own RAM back (or nothing beyond its RAM). */
static int mapper_restore(struct domain *ld, u64 gfn)
{
    return arch_p2m_set_entry(ld, gfn, domain_gfn_to_mfn(ld, gfn));
}

/* Pin <rd's table, ref> for ld and find the page; GNTST_* */
static int grant_acquire(struct grant_table *rgt, domid_t ld_id, grant_ref_t ref, bool ro,
                         mfn_t *mfn)
{
    struct grant_entry_v1 *e;
    int rc;

    if (ref >= nr_entries(rgt))
        return GNTST_bad_gntref;
    e = entry_of(rgt, ref);
    if ((rc = gnttab_entry_pin(e, ld_id, ro)) != GNTST_okay)
        return rc;
    *mfn = granter_page(rgt->d, READ_ONCE(e->frame));
    return *mfn == INVALID_MFN ? GNTST_bad_page : GNTST_okay;
}

static int map_locked(struct grant_table *lgt, struct gnttab_map_grant_ref *op)
{
    struct domain *ld = lgt->d;
    struct grant_table *rgt = table_of(op->dom);
    bool ro = op->flags & GNTMAP_readonly;
    u64 gfn = op->host_addr >> PAGE_SHIFT;
    struct gnttab_map *m;
    int h, rc;
    mfn_t mfn;

    if (!rgt)
        return GNTST_bad_domain;
    if ((h = gnttab_handle_alloc(&lgt->maptrack)) < 0)
        return GNTST_no_device_space;
    m = &lgt->maptrack.map[h];
    rc = grant_acquire(rgt, ld->domain_id, op->ref, ro, &mfn);
    /* A read-only grant reaches the mapper read-only in its p2m too. */
    if (rc == GNTST_okay &&
        (ro ? arch_p2m_set_entry_ro(ld, gfn, mfn) : arch_p2m_set_entry(ld, gfn, mfn)))
        rc = GNTST_general_error;
    if (rc != GNTST_okay) {
        if (rc != GNTST_bad_gntref)
            entry_release(rgt, op->ref);
        return rc;
    }
    *m = (struct gnttab_map){ true, ro, op->dom, op->ref, gfn, mfn };
    op->handle = (u32)h;
    op->dev_bus_addr = mfn_to_maddr(mfn);
    return GNTST_okay;
}

int gnttab_map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    int rc;

    /* HVM/PVH: host mappings only, at a frame inside the EPT's reach
     * (Xen, too, takes the frame of host_addr and fails a p2m error as
     * GNTST_general_error). */
    if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map)))
        return GNTST_bad_gntref;
    if (op->flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte))
        return GNTST_general_error;
    if ((op->host_addr >> PAGE_SHIFT) >= GFN_LIMIT)
        return GNTST_general_error;
    spin_lock(&gnttab_lock);
    rc = map_locked(ld->grant_table, op);
    spin_unlock(&gnttab_lock);
    return rc;
}

/* Forget mapping m of ld: its frame gets RAM back, the entry its flags. */
static int map_remove(struct grant_table *lgt, struct gnttab_map *m)
{
    int rc = mapper_restore(lgt->d, m->gfn);

    m->in_use = false;
    entry_release(table_of(m->granter), m->ref);
    return rc;
}

int gnttab_unmap_one(struct domain *ld, const struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *lgt = ld->grant_table;
    struct gnttab_map *m;
    int rc = GNTST_okay;

    spin_lock(&gnttab_lock);
    m = gnttab_handle_lookup(&lgt->maptrack, op->handle);
    if (!m)
        rc = GNTST_bad_handle;
    else if ((op->host_addr >> PAGE_SHIFT) != m->gfn)
        rc = GNTST_general_error;       /* Xen: the frame does not hold it */
    else if (map_remove(lgt, m))
        rc = GNTST_general_error;
    spin_unlock(&gnttab_lock);
    return rc;
}

/*
 * One side of a copy: a grant (pinned; *rgt set for the release) or a
 * frame of the caller's own RAM. Returns a GNTST_* status.
 */
static int copy_side(struct grant_table *lgt, const struct gnttab_copy_ptr *p, bool gref,
                     bool ro, struct grant_table **rgt, mfn_t *mfn)
{
    *rgt = NULL;
    if (!gref) {
        *mfn = p->u.gmfn < GFN_LIMIT ? granter_page(lgt->d, p->u.gmfn) : INVALID_MFN;
        return *mfn == INVALID_MFN ? GNTST_bad_page : GNTST_okay;
    }
    *rgt = p->domid == DOMID_SELF ? lgt : table_of(p->domid);
    if (!*rgt)
        return GNTST_bad_domain;
    return grant_acquire(*rgt, lgt->d->domain_id, p->u.ref, ro, mfn);
}

static void copy_release(struct grant_table *rgt, grant_ref_t ref, int rc)
{
    if (rgt && rc != GNTST_bad_gntref)
        entry_release(rgt, ref);
}

int gnttab_copy_one(struct domain *ld, const struct gnttab_copy *op)
{
    struct grant_table *sgt = NULL, *dgt = NULL;
    mfn_t smfn = INVALID_MFN, dmfn = INVALID_MFN;
    int rc = gnttab_copy_check(op), src_rc = GNTST_bad_gntref, dst_rc = GNTST_bad_gntref;

    if (rc != GNTST_okay)
        return rc;
    spin_lock(&gnttab_lock);
    rc = src_rc = copy_side(ld->grant_table, &op->source, op->flags & GNTCOPY_source_gref,
                            true, &sgt, &smfn);
    if (rc == GNTST_okay)
        rc = dst_rc = copy_side(ld->grant_table, &op->dest, op->flags & GNTCOPY_dest_gref,
                                false, &dgt, &dmfn);
    if (rc == GNTST_okay)
        memmove((u8 *)maddr_to_virt(mfn_to_maddr(dmfn)) + op->dest.offset,
                (u8 *)maddr_to_virt(mfn_to_maddr(smfn)) + op->source.offset, op->len);
    /* Pins last only as long as the copy: no maptrack entry stays. */
    copy_release(sgt, op->source.u.ref, src_rc);
    copy_release(dgt, op->dest.u.ref, dst_rc);
    spin_unlock(&gnttab_lock);
    return rc;
}

/* Only the caller's own table: there is no control domain yet. */
static bool is_self(const struct domain *ld, u16 dom)
{
    return dom == DOMID_SELF || dom == ld->domain_id;
}

int gnttab_query_one(struct domain *ld, struct gnttab_query_size *op)
{
    if (!is_self(ld, op->dom))
        return GNTST_bad_domain;
    spin_lock(&gnttab_lock);
    op->nr_frames = ld->grant_table->nr_frames;
    spin_unlock(&gnttab_lock);
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
    return GNTST_okay;
}

/*
 * Grow to op->nr_frames and report each frame as a translated guest sees
 * it: the GFN where it is mapped, or ~0 if not mapped yet.
 */
int gnttab_setup_one(struct domain *ld, const struct gnttab_setup_table *op, u64 *gfns)
{
    struct grant_table *gt = ld->grant_table;
    int rc = GNTST_okay;

    if (!is_self(ld, op->dom))
        return GNTST_bad_domain;
    if (op->nr_frames > GNTTAB_MAX_FRAMES)
        return GNTST_general_error;
    spin_lock(&gnttab_lock);
    if (table_grow(gt, op->nr_frames))
        rc = GNTST_general_error;
    for (unsigned int i = 0; rc == GNTST_okay && i < op->nr_frames; i++)
        gfns[i] = gt->frame_gfn[i];
    spin_unlock(&gnttab_lock);
    return rc;
}

int gnttab_map_frame(struct domain *d, u64 idx, u64 gfn)
{
    struct grant_table *gt = d->grant_table;
    u64 old;
    int rc;

    if ((idx & XENMAPIDX_grant_table_status) || idx >= GNTTAB_MAX_FRAMES || gfn >= GFN_LIMIT)
        return -EINVAL;
    spin_lock(&gnttab_lock);
    rc = table_grow(gt, (unsigned int)idx + 1);
    old = gt->frame_gfn[idx];
    if (!rc && old != gfn)
        rc = arch_p2m_set_entry(d, gfn, maddr_to_mfn(virt_to_maddr(gt->frames[idx])));
    /* A frame that moves leaves RAM behind, as shared_info does. */
    if (!rc && old != gfn && old != GNTTAB_NO_GFN)
        rc = mapper_restore(d, old);
    if (!rc)
        gt->frame_gfn[idx] = gfn;
    spin_unlock(&gnttab_lock);
    return rc;
}

/* Remove every mapping of d's grants held by other domains; how many. */
static unsigned int unmap_grants_of(domid_t id)
{
    unsigned int n = 0;

    for (struct grant_table *gt = gnttab_list; gt; gt = gt->next)
        for (unsigned int h = 0; h < GNTTAB_MAX_MAPS; h++) {
            struct gnttab_map *m = &gt->maptrack.map[h];
            if (!m->in_use || m->granter != id)
                continue;
            n++;
            if (map_remove(gt, m))
                printk(XENLOG_ERR "d%u: grant: cannot unmap gfn %#llx of dying d%u\n",
                       gt->d->domain_id, (unsigned long long)m->gfn, id);
        }
    return n;
}

void gnttab_domain_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table, **pp;
    unsigned int n = 0, theirs;

    if (!gt)
        return;
    spin_lock(&gnttab_lock);
    for (pp = &gnttab_list; *pp != gt; pp = &(*pp)->next)
        ;
    *pp = gt->next;                     /* nobody finds d's table any more */
    for (unsigned int h = 0; h < GNTTAB_MAX_MAPS; h++)
        if (gt->maptrack.map[h].in_use) {
            /* d's p2m dies with d: only the granter's entry needs fixing. */
            gt->maptrack.map[h].in_use = false;
            entry_release(table_of(gt->maptrack.map[h].granter), gt->maptrack.map[h].ref);
            n++;
        }
    theirs = unmap_grants_of(d->domain_id);
    spin_unlock(&gnttab_lock);
    if (n || theirs)
        printk("d%u: grant: released %u mappings of others' grants, revoked %u of its own\n",
               d->domain_id, n, theirs);
    for (unsigned int i = 0; i < gt->nr_frames; i++)
        free_xenheap_page(gt->frames[i]);
    xfree(gt);
    d->grant_table = NULL;
}
