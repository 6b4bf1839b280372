/*
 * The pure rules of grant tables v1 (xen-abi.md §4.8): validating and
 * pinning a shared grant entry, the mapper's handle table and the static
 * checks of a copy. No locks, no domains: xen/grant_table.c calls these
 * under its lock, and tests/unit/test_grant_entry.c runs them on the host.
 */
#include <public/xen.h>
#include <xen/grant_table.h>

#define PIN_RETRIES 5   /* the granter may race us; a livelock is its fault */

/*
 * flags and domid are updated together as one 32-bit word, so the check
 * (type, grantee, read-only) and the setting of GTF_reading/GTF_writing
 * see one consistent entry even while the granter rewrites it.
 */
static u32 *entry_word(struct grant_entry_v1 *e)
{
    return (u32 *)(void *)e;
}

static bool entry_allows(u32 word, u16 mapper, bool readonly)
{
    u16 flags = (u16)word, domid = (u16)(word >> 16);

    if ((flags & (GTF_type_mask | GTF_sub_page)) != GTF_permit_access)
        return false;
    if (domid != mapper)
        return false;
    return readonly || !(flags & GTF_readonly);
}

int gnttab_entry_pin(struct grant_entry_v1 *e, u16 mapper, bool readonly)
{
    u32 *word = entry_word(e);
    u32 old = __atomic_load_n(word, __ATOMIC_ACQUIRE);

    for (unsigned int i = 0; i < PIN_RETRIES; i++) {
        u32 set = GTF_reading | (readonly ? 0 : GTF_writing);

        if (!entry_allows(old, mapper, readonly))
            return GNTST_general_error;
        /* On failure old is reloaded with what the granter wrote. */
        if (__atomic_compare_exchange_n(word, &old, old | set, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return GNTST_okay;
    }
    return GNTST_general_error;     /* Xen: "shared grant entry is unstable" */
}

void gnttab_entry_unpin(struct grant_entry_v1 *e, bool still_reading, bool still_writing)
{
    u16 clear = (still_writing ? 0 : GTF_writing) | (still_reading ? 0 : GTF_reading);

    /* A 16-bit atomic AND: the granter's own bits stay as it left them. */
    if (clear)
        __atomic_fetch_and(&e->flags, (u16)~clear, __ATOMIC_RELEASE);
}

int gnttab_handle_alloc(const struct gnttab_maptrack *mt)
{
    for (int h = 0; h < GNTTAB_MAX_MAPS; h++)
        if (!mt->map[h].in_use)
            return h;
    return -1;
}

struct gnttab_map *gnttab_handle_lookup(struct gnttab_maptrack *mt, u32 handle)
{
    if (handle >= GNTTAB_MAX_MAPS || !mt->map[handle].in_use)
        return NULL;
    return &mt->map[handle];
}

/* Xen allows copy-by-frame only on the caller's own memory. */
static bool ptr_is_frame_of_other(const struct gnttab_copy_ptr *p, bool is_gref)
{
    return !is_gref && p->domid != DOMID_SELF;
}

int gnttab_copy_check(const struct gnttab_copy *op)
{
    if (ptr_is_frame_of_other(&op->source, op->flags & GNTCOPY_source_gref) ||
        ptr_is_frame_of_other(&op->dest, op->flags & GNTCOPY_dest_gref))
        return GNTST_permission_denied;
    if ((u32)op->source.offset + op->len > PAGE_SIZE ||
        (u32)op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    return GNTST_okay;
}
