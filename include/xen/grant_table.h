/*
 * Grant tables v1 (xen-abi.md §4.8): each domain's table of grant
 * entries lives in hypervisor-owned frames the guest maps with
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table); mappings of other
 * domains' grants are tracked per mapper by handle. xen/grant_entry.c
 * holds the pure checks (host unit tests), xen/grant_table.c the tables,
 * mappings and teardown, xen/grant_table_op.c the hypercall.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <public/grant_table.h>
#include <xen/compiler.h>
#include <xen/types.h>

struct domain;
struct hypercall_call;

#define GNTTAB_INITIAL_FRAMES 1
#define GNTTAB_MAX_FRAMES 32            /* Xen's default max_grant_frames */
#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_MAX_MAPS 256             /* handles per mapping domain */
#define GNTTAB_NO_GFN (~0ULL)

/* One mapping a domain holds of another domain's grant (its handle's slot). */
struct gnttab_map {
    bool in_use;
    bool readonly;
    u16 granter;                /* domid of the granting domain */
    grant_ref_t ref;
    u64 gfn;                    /* mapper's frame the grant replaced */
    mfn_t mfn;                  /* granter's page now at gfn */
};

/* The handle table of a mapping domain. */
struct gnttab_maptrack {
    struct gnttab_map map[GNTTAB_MAX_MAPS];
};

/* ---- Pure parts (xen/grant_entry.c) ---- */

/*
 * Start using entry e for mapper (reading, or writing unless readonly),
 * as Xen's v1 status update does: the type must be permit_access without
 * sub_page, e->domid the mapper, and a writer needs a writable grant.
 * Sets GTF_reading (and GTF_writing) atomically against the granter's
 * concurrent updates. Returns GNTST_okay or GNTST_general_error (Xen's
 * code for all three refusals).
 */
int gnttab_entry_pin(struct grant_entry_v1 *e, u16 mapper, bool readonly);

/* Clear GTF_writing (if !still_writing) and GTF_reading (if !still_reading). */
void gnttab_entry_unpin(struct grant_entry_v1 *e, bool still_reading, bool still_writing);

/* A free handle in mt, or -1 (GNTST_no_device_space for the caller). */
int gnttab_handle_alloc(const struct gnttab_maptrack *mt);

/* The live mapping behind handle, or NULL (GNTST_bad_handle). */
struct gnttab_map *gnttab_handle_lookup(struct gnttab_maptrack *mt, u32 handle);

/*
 * Static checks of a GNTTABOP_copy element made by self: copy-by-frame
 * only for DOMID_SELF (GNTST_permission_denied) and neither side past its
 * page (GNTST_bad_copy_arg). GNTST_okay otherwise.
 */
int gnttab_copy_check(const struct gnttab_copy *op);

/* ---- Tables (xen/grant_table.c) ---- */

/* Give d an empty v1 table of GNTTAB_INITIAL_FRAMES frames; -ENOMEM. */
int __must_check gnttab_domain_init(struct domain *d);

/*
 * d is being released (no vCPU on a CPU): remove every mapping d holds of
 * others' grants and every mapping others hold of d's grants (their p2m
 * frames get their RAM back), then free d's table. Call before the p2m
 * and the RAM of d are freed.
 */
void gnttab_domain_destroy(struct domain *d);

/*
 * XENMAPSPACE_grant_table (xen-abi.md §4.4): put grant frame idx of d at
 * guest frame gfn, growing the table up to idx + 1 frames. -EINVAL for a
 * status frame (v2) or idx >= GNTTAB_MAX_FRAMES, -ENOMEM.
 */
int __must_check gnttab_map_frame(struct domain *d, u64 idx, u64 gfn);

/* The per-element operations; each returns a GNTST_* status. */
int gnttab_map_one(struct domain *ld, struct gnttab_map_grant_ref *op);
int gnttab_unmap_one(struct domain *ld, const struct gnttab_unmap_grant_ref *op);
int gnttab_copy_one(struct domain *ld, const struct gnttab_copy *op);
int gnttab_setup_one(struct domain *ld, const struct gnttab_setup_table *op, u64 *gfns);
int gnttab_query_one(struct domain *ld, struct gnttab_query_size *op);

/* Hypercall 20 (xen/grant_table_op.c). */
long do_grant_table_op(struct hypercall_call *call);

#endif /* XEN_GRANT_TABLE_H */
