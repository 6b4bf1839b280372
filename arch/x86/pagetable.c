/*
 * The page-table walker: map, unmap, translate and destroy over any radix
 * format described by a struct pt_format, plus the two format instances
 * (host x86-64 paging and EPT). Pure logic: table memory is reached only
 * through pt_ops, so host unit tests run this file over fake memory.
 */
#include <xen/compiler.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/pagetable.h>
#include <xen/string.h>
#include <xen/types.h>

#define PT_BIT(n)       (1ULL << (n))

/* Every format here packs 512 eight-byte entries into one 4 KiB page. */
#define PT_ENTRIES      512u
BUILD_BUG_ON(PT_ENTRIES * sizeof(pt_entry_t) != PAGE_SIZE);

/* ---- Entry and level helpers -------------------------------------------- */

static u64 pt_level_size(const struct pt_format *fmt, unsigned int level)
{
    return 1ULL << fmt->shift[level];
}

static unsigned int pt_index(const struct pt_format *fmt, u64 va,
                             unsigned int level)
{
    return (va >> fmt->shift[level]) & ((1u << fmt->index_bits) - 1);
}

/* One past the highest address the tables can translate (2^48 for 4 levels). */
static u64 pt_va_limit(const struct pt_format *fmt)
{
    return 1ULL << (fmt->shift[fmt->levels] + fmt->index_bits);
}

static bool pt_is_present(const struct pt_format *fmt, pt_entry_t e)
{
    return (e & fmt->present_mask) != 0;
}

/*
 * A present entry is a leaf at level 1, or above it when the large-page bit
 * is set. Check the level first: in a host 4 KiB PTE bit 7 is PAT, not PS.
 */
static bool pt_is_leaf(const struct pt_format *fmt, pt_entry_t e,
                       unsigned int level)
{
    return level == 1 || (e & fmt->large_bit);
}

/*
 * Address in an entry. For a large leaf the bits below its size are not
 * address bits (the host PAT bit sits at bit 12), so mask them off too.
 */
static paddr_t pt_entry_pa(const struct pt_format *fmt, pt_entry_t e,
                           unsigned int level)
{
    paddr_t pa = e & fmt->addr_mask;

    if (level > 1 && pt_is_leaf(fmt, e, level))
        pa &= ~(pt_level_size(fmt, level) - 1);
    return pa;
}

/* May this root put a leaf at level? 1 GiB leaves also need CPU support. */
static bool pt_can_leaf(const struct pt_root *root, unsigned int level)
{
    unsigned int bit = 1u << level;

    if (!(root->fmt->leaf_levels & bit))
        return false;
    return !(root->fmt->huge_leaf_levels & bit) || root->allow_1g;
}

static pt_entry_t *pt_table(const struct pt_root *root, paddr_t table_pa)
{
    return root->ops->phys_to_virt(root->ops_ctx, table_pa);
}

/*
 * Entries of live tables are written with one 64-bit store, so a CPU
 * walking the tables concurrently never sees a torn entry.
 */
static void pt_set(pt_entry_t *slot, pt_entry_t e)
{
    WRITE_ONCE(*slot, e);
}

/* ---- Table pages ---------------------------------------------------------- */

/* A zeroed table page, or 0. The allocator need not zero it for us. */
static paddr_t pt_alloc_table(const struct pt_root *root)
{
    paddr_t pa = root->ops->alloc_table_page(root->ops_ctx);

    if (!pa)
        return 0;
    ASSERT(IS_ALIGNED(pa, PAGE_SIZE));
    memset(pt_table(root, pa), 0, PAGE_SIZE);
    return pa;
}

/* Free the table at table_pa (of the given level) and every table below it. */
static void pt_free_tree(const struct pt_root *root, paddr_t table_pa,
                         unsigned int level)
{
    const struct pt_format *fmt = root->fmt;
    pt_entry_t *t = pt_table(root, table_pa);
    unsigned int i;

    for (i = 0; level > 1 && i < PT_ENTRIES; i++) {
        if (pt_is_present(fmt, t[i]) && !pt_is_leaf(fmt, t[i], level))
            pt_free_tree(root, pt_entry_pa(fmt, t[i], level), level - 1);
    }
    root->ops->free_table_page(root->ops_ctx, table_pa);
}

static bool pt_table_is_empty(const struct pt_root *root, paddr_t table_pa)
{
    const pt_entry_t *t = pt_table(root, table_pa);
    unsigned int i;

    for (i = 0; i < PT_ENTRIES; i++) {
        if (pt_is_present(root->fmt, t[i]))
            return false;
    }
    return true;
}

/*
 * Replace the large leaf in *slot (at level) by a table of leaves one level
 * down that together map exactly what it mapped, with the same flags. The
 * new table is filled before it is linked in, so the translation of every
 * address stays the same throughout. Returns 0 or -ENOMEM (slot untouched).
 */
static int __must_check pt_split(const struct pt_root *root, pt_entry_t *slot,
                                 unsigned int level)
{
    const struct pt_format *fmt = root->fmt;
    unsigned int flags = fmt->leaf_flags(*slot, level);
    paddr_t pa = pt_entry_pa(fmt, *slot, level);
    u64 step = pt_level_size(fmt, level - 1);
    paddr_t table_pa;
    pt_entry_t *t;
    unsigned int i;

    /* Formats keep leaf levels contiguous from 1, so level - 1 may hold one. */
    ASSERT(fmt->leaf_levels & (1u << (level - 1)));
    table_pa = pt_alloc_table(root);
    if (!table_pa)
        return -ENOMEM;
    t = pt_table(root, table_pa);
    for (i = 0; i < PT_ENTRIES; i++)
        t[i] = fmt->make_leaf(pa + i * step, flags, level - 1);
    pt_set(slot, fmt->make_table(table_pa));
    return 0;
}

/*
 * The table below *slot (at level), creating it if the slot is empty and
 * splitting it if the slot is a leaf. Returns 0 with *child_pa set, or
 * -ENOMEM with the slot unchanged.
 */
static int __must_check pt_descend(const struct pt_root *root, pt_entry_t *slot,
                                   unsigned int level, paddr_t *child_pa)
{
    const struct pt_format *fmt = root->fmt;
    pt_entry_t e = *slot;

    if (!pt_is_present(fmt, e)) {
        paddr_t table_pa = pt_alloc_table(root);

        if (!table_pa)
            return -ENOMEM;
        pt_set(slot, fmt->make_table(table_pa));
    } else if (pt_is_leaf(fmt, e, level)) {
        int rc = pt_split(root, slot, level);

        if (rc)
            return rc;
    }
    *child_pa = pt_entry_pa(fmt, *slot, level);
    return 0;
}

/* ---- Map and unmap -------------------------------------------------------- */

/* End of the entry at level that covers va, clipped to end. */
static u64 pt_entry_end(const struct pt_format *fmt, u64 va, u64 end,
                        unsigned int level)
{
    u64 next = ROUNDDOWN(va, pt_level_size(fmt, level)) +
               pt_level_size(fmt, level);

    return MIN(next, end);
}

/* Install one leaf at level, freeing the table it may replace. */
static void pt_put_leaf(const struct pt_root *root, pt_entry_t *slot,
                        unsigned int level, paddr_t pa, unsigned int flags)
{
    const struct pt_format *fmt = root->fmt;
    pt_entry_t old = *slot;

    /*
     * Link the leaf before freeing the old subtree, so a walk of the live
     * tables never reaches a freed page; cached copies are the caller's to
     * flush (see pt_ops.free_table_page).
     */
    pt_set(slot, fmt->make_leaf(pa, flags, level));
    if (level > 1 && pt_is_present(fmt, old) && !pt_is_leaf(fmt, old, level))
        pt_free_tree(root, pt_entry_pa(fmt, old, level), level - 1);
}

/*
 * Map [va, end) -> pa within the table at table_pa (level). Each entry
 * becomes a leaf when its whole area is covered and va/pa are both aligned
 * to its size; otherwise the walk goes one level down.
 */
static int __must_check pt_map_level(const struct pt_root *root,
                                     paddr_t table_pa, unsigned int level,
                                     u64 va, u64 end, paddr_t pa,
                                     unsigned int flags)
{
    const struct pt_format *fmt = root->fmt;
    pt_entry_t *t = pt_table(root, table_pa);
    u64 size = pt_level_size(fmt, level);

    while (va < end) {
        u64 next = pt_entry_end(fmt, va, end, level);
        pt_entry_t *slot = &t[pt_index(fmt, va, level)];
        paddr_t child_pa;
        int rc;

        if (pt_can_leaf(root, level) && next - va == size &&
            IS_ALIGNED(pa, size)) {
            pt_put_leaf(root, slot, level, pa, flags);
        } else {
            /* Partly covered or misaligned: work one level down. */
            rc = pt_descend(root, slot, level, &child_pa);
            if (!rc)
                rc = pt_map_level(root, child_pa, level - 1, va, next, pa,
                                  flags);
            if (rc)
                return rc;
        }
        pa += next - va;
        va = next;
    }
    return 0;
}

/*
 * Unmap [va, end) within the table at table_pa (level). A partly covered
 * leaf is split first; a table left empty is freed and its slot cleared.
 */
static int __must_check pt_unmap_level(const struct pt_root *root,
                                       paddr_t table_pa, unsigned int level,
                                       u64 va, u64 end)
{
    const struct pt_format *fmt = root->fmt;
    pt_entry_t *t = pt_table(root, table_pa);
    u64 size = pt_level_size(fmt, level);
    u64 next;

    for (; va < end; va = next) {
        pt_entry_t *slot = &t[pt_index(fmt, va, level)];
        paddr_t child_pa;
        int rc;

        next = pt_entry_end(fmt, va, end, level);
        if (!pt_is_present(fmt, *slot))
            continue;
        if (next - va == size && pt_is_leaf(fmt, *slot, level)) {
            pt_set(slot, 0);
            continue;
        }
        rc = pt_descend(root, slot, level, &child_pa);
        if (!rc)
            rc = pt_unmap_level(root, child_pa, level - 1, va, next);
        if (rc)
            return rc;
        /*
         * Reclaim as we go so that unmapping everything leaves only the
         * root: a domain's page pool is not eaten by empty tables.
         */
        if (pt_table_is_empty(root, child_pa)) {
            pt_set(slot, 0);
            root->ops->free_table_page(root->ops_ctx, child_pa);
        }
    }
    return 0;
}

/* Page aligned, non-empty, and inside both the address space and paddr_t. */
static bool pt_range_ok(const struct pt_format *fmt, u64 va, u64 size)
{
    if (!size || !IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
        return false;
    return va < pt_va_limit(fmt) && size <= pt_va_limit(fmt) - va;
}

/* The frame range must fit the entry's address field (51:12). */
static bool pt_pa_ok(const struct pt_format *fmt, paddr_t pa, u64 size)
{
    paddr_t limit = (fmt->addr_mask | (PAGE_SIZE - 1)) + 1;

    return IS_ALIGNED(pa, PAGE_SIZE) && pa < limit && size <= limit - pa;
}

/*
 * Every mapping must be readable (see PT_READ), and only flags the format
 * can encode are accepted: silently dropping PT_USER would be a bug.
 */
static bool pt_flags_ok(const struct pt_format *fmt, unsigned int flags)
{
    if (flags & ~(fmt->flags_supported | PT_CACHE_MASK))
        return false;
    return (flags & PT_READ) != 0;
}

/* ---- Public interface (see include/xen/pagetable.h) ------------------------ */

/*
 * The root stays the same table until pt_destroy(), so the CR3 or EPTP
 * value taken from root_pa remains valid across every map and unmap.
 */
int pt_init(struct pt_root *root, const struct pt_format *fmt,
            const struct pt_ops *ops, void *ops_ctx, bool allow_1g)
{
    ASSERT(fmt->levels >= 2 && fmt->levels <= PT_MAX_LEVELS);
    root->fmt = fmt;
    root->ops = ops;
    root->ops_ctx = ops_ctx;
    root->allow_1g = allow_1g;
    root->root_pa = pt_alloc_table(root);
    return root->root_pa ? 0 : -ENOMEM;
}

int pt_map(struct pt_root *root, u64 va, paddr_t pa, u64 size,
           unsigned int flags)
{
    const struct pt_format *fmt = root->fmt;

    /* Validate everything first: a bad argument leaves the tables untouched. */
    if (!pt_range_ok(fmt, va, size) || !pt_pa_ok(fmt, pa, size) ||
        !pt_flags_ok(fmt, flags))
        return -EINVAL;
    return pt_map_level(root, root->root_pa, fmt->levels, va, va + size, pa,
                        flags);
}

int pt_unmap(struct pt_root *root, u64 va, u64 size)
{
    const struct pt_format *fmt = root->fmt;

    if (!pt_range_ok(fmt, va, size))
        return -EINVAL;
    return pt_unmap_level(root, root->root_pa, fmt->levels, va, va + size);
}

int pt_translate(const struct pt_root *root, u64 va, paddr_t *pa,
                 unsigned int *flags, unsigned int *level)
{
    const struct pt_format *fmt = root->fmt;
    paddr_t table_pa = root->root_pa;
    unsigned int l;

    if (va >= pt_va_limit(fmt))
        return -EINVAL;
    /*
     * The same walk the MMU does: one read per level, stopping at the
     * first non-present entry or leaf. READ_ONCE because the CPU may set
     * accessed/dirty bits in a live entry behind our back.
     */
    for (l = fmt->levels; l >= 1; l--) {
        const pt_entry_t *table = pt_table(root, table_pa);
        pt_entry_t e;

        /* A guest's page tables may point outside its RAM: the hook says
         * so with NULL, and the walk fails instead of faulting. */
        if (!table)
            return -EFAULT;
        e = READ_ONCE(table[pt_index(fmt, va, l)]);

        if (!pt_is_present(fmt, e))
            return -ENOENT;
        if (pt_is_leaf(fmt, e, l)) {
            if (pa)
                *pa = pt_entry_pa(fmt, e, l) + (va & (pt_level_size(fmt, l) - 1));
            if (flags)
                *flags = fmt->leaf_flags(e, l);
            if (level)
                *level = l;
            return 0;
        }
        table_pa = pt_entry_pa(fmt, e, l);
    }
    return -ENOENT;     /* not reached: level 1 entries are always leaves */
}

void pt_destroy(struct pt_root *root)
{
    if (!root->root_pa)
        return;
    pt_free_tree(root, root->root_pa, root->fmt->levels);
    root->root_pa = 0;
}

/* ---- Host format: x86-64 4-level paging (Intel SDM Vol. 3A §4.5) --------- */

#define HPT_P           PT_BIT(0)
#define HPT_RW          PT_BIT(1)
#define HPT_US          PT_BIT(2)
#define HPT_PWT         PT_BIT(3)
#define HPT_PCD         PT_BIT(4)
#define HPT_A           PT_BIT(5)
#define HPT_D           PT_BIT(6)
#define HPT_PS          PT_BIT(7)       /* levels 2 and 3: this is a leaf */
#define HPT_PAT_4K      PT_BIT(7)       /* level 1: PAT index bit 2 */
#define HPT_G           PT_BIT(8)
#define HPT_PAT_LARGE   PT_BIT(12)      /* 2M/1G leaves: PAT index bit 2 */
#define HPT_NX          PT_BIT(63)
#define HPT_ADDR        0x000ffffffffff000ULL

/*
 * Cache types select an IA32_PAT entry through index PAT*4 + PCD*2 + PWT
 * (SDM Vol. 3A §11.12.3, "Selecting a Memory Type from the PAT"; §13.12.3
 * in 2023+ editions). We assume the PAT is programmed as
 *   0=WB 1=WT 2=UC- 3=UC 4=WB 5=WT 6=WC 7=UC
 * i.e. the reset value with entry 6 changed from UC- to WC, so entries 0-3
 * (all that CR3 and non-leaf entries can select) keep their reset types.
 */
static const u8 hpt_pat_index[] = {
    [PT_WB >> PT_CACHE_SHIFT] = 0,
    [PT_WT >> PT_CACHE_SHIFT] = 1,
    [PT_UC >> PT_CACHE_SHIFT] = 3,
    [PT_WC >> PT_CACHE_SHIFT] = 6,
};

/* PAT entry -> cache type under the layout above (UC- reads back as UC). */
static const unsigned int hpt_pat_type[8] = {
    PT_WB, PT_WT, PT_UC, PT_UC, PT_WB, PT_WT, PT_WC, PT_UC,
};

/* The PAT bit moves: bit 7 of a 4 KiB PTE is bit 12 of a large leaf. */
static pt_entry_t hpt_pat_bit(unsigned int level)
{
    return level == 1 ? HPT_PAT_4K : HPT_PAT_LARGE;
}

/*
 * Non-leaf entries grant everything (RW, US, no NX) so that the leaf alone
 * decides the access rights. A and D are preset so the CPU never needs a
 * locked update of our tables (SDM Vol. 3A §4.8).
 */
static pt_entry_t hpt_make_table(paddr_t table_pa)
{
    return table_pa | HPT_P | HPT_RW | HPT_US | HPT_A;
}

static pt_entry_t hpt_make_leaf(paddr_t pa, unsigned int flags,
                                unsigned int level)
{
    unsigned int pat = hpt_pat_index[PT_CACHE(flags) >> PT_CACHE_SHIFT];
    pt_entry_t e = pa | HPT_P | HPT_A | HPT_D;

    e |= (flags & PT_WRITE) ? HPT_RW : 0;
    e |= (flags & PT_USER) ? HPT_US : 0;
    e |= (flags & PT_GLOBAL) ? HPT_G : 0;
    e |= (flags & PT_EXEC) ? 0 : HPT_NX;
    e |= (pat & 1) ? HPT_PWT : 0;
    e |= (pat & 2) ? HPT_PCD : 0;
    e |= (pat & 4) ? hpt_pat_bit(level) : 0;
    return level > 1 ? e | HPT_PS : e;
}

static unsigned int hpt_leaf_flags(pt_entry_t e, unsigned int level)
{
    unsigned int pat = ((e & HPT_PWT) ? 1 : 0) | ((e & HPT_PCD) ? 2 : 0) |
                       ((e & hpt_pat_bit(level)) ? 4 : 0);
    unsigned int flags = PT_READ | hpt_pat_type[pat];

    flags |= (e & HPT_RW) ? PT_WRITE : 0;
    flags |= (e & HPT_US) ? PT_USER : 0;
    flags |= (e & HPT_G) ? PT_GLOBAL : 0;
    flags |= (e & HPT_NX) ? 0 : PT_EXEC;
    return flags;
}

/*
 * 1 GiB leaves need CPUID.80000001H:EDX.Page1GB; the root says if we have
 * it. Bit 7 of a PML4 entry is reserved, so level 4 never holds a leaf.
 */
const struct pt_format pt_format_x86_64 = {
    .name = "x86-64",
    .levels = 4,
    .index_bits = 9,
    .shift = { [1] = 12, [2] = 21, [3] = 30, [4] = 39 },
    .leaf_levels = (1u << 1) | (1u << 2) | (1u << 3),
    .huge_leaf_levels = 1u << 3,
    .flags_supported = PT_READ | PT_WRITE | PT_EXEC | PT_USER | PT_GLOBAL,
    .present_mask = HPT_P,
    .large_bit = HPT_PS,
    .addr_mask = HPT_ADDR,
    .make_table = hpt_make_table,
    .make_leaf = hpt_make_leaf,
    .leaf_flags = hpt_leaf_flags,
};

/*
 * ---- EPT format (Intel SDM Vol. 3C §29.3.2 "EPT Translation Mechanism";
 * §28.2.2 in older editions). Self-contained so it can move to
 * arch/x86/vmx/ept.c unchanged.
 */

#define EPT_R           PT_BIT(0)
#define EPT_W           PT_BIT(1)
#define EPT_X           PT_BIT(2)       /* supervisor execute without MBEC */
#define EPT_MT_SHIFT    3               /* leaf memory type, bits 5:3 */
#define EPT_MT_MASK     (7ULL << EPT_MT_SHIFT)
#define EPT_IPAT        PT_BIT(6)       /* ignore guest PAT: left clear */
#define EPT_LARGE       PT_BIT(7)
#define EPT_ADDR        0x000ffffffffff000ULL

/*
 * EPT memory types are the MTRR/PAT encodings (SDM Vol. 3C chapter 29,
 * "EPT and Memory Typing"; bits 5:3 of the last entry used).
 * IPAT stays clear, so the guest's PAT combines with this type as on bare
 * metal; a later p2m policy may set it for MMIO.
 */
static const u8 ept_mt_of[] = {
    [PT_WB >> PT_CACHE_SHIFT] = 6,
    [PT_WT >> PT_CACHE_SHIFT] = 4,
    [PT_UC >> PT_CACHE_SHIFT] = 0,
    [PT_WC >> PT_CACHE_SHIFT] = 1,
};

/* Memory type -> cache type; types we never write (2, 3, 5 WP, 7) read as UC. */
static const unsigned int ept_type_of[8] = {
    PT_UC, PT_WC, PT_UC, PT_UC, PT_WT, PT_UC, PT_WB, PT_UC,
};

/* Non-leaf entries allow RWX; memory type bits are reserved there. */
static pt_entry_t ept_make_table(paddr_t table_pa)
{
    return table_pa | EPT_R | EPT_W | EPT_X;
}

static pt_entry_t ept_make_leaf(paddr_t pa, unsigned int flags,
                                unsigned int level)
{
    pt_entry_t mt = ept_mt_of[PT_CACHE(flags) >> PT_CACHE_SHIFT];
    pt_entry_t e = pa | (mt << EPT_MT_SHIFT) | EPT_R;

    e |= (flags & PT_WRITE) ? EPT_W : 0;
    e |= (flags & PT_EXEC) ? EPT_X : 0;
    return level > 1 ? e | EPT_LARGE : e;
}

static unsigned int ept_leaf_flags(pt_entry_t e, unsigned int level)
{
    unsigned int flags = ept_type_of[(e & EPT_MT_MASK) >> EPT_MT_SHIFT];

    flags |= (e & EPT_R) ? PT_READ : 0;
    flags |= (e & EPT_W) ? PT_WRITE : 0;
    flags |= (e & EPT_X) ? PT_EXEC : 0;
    return flags;
}

/*
 * 4-level EPT: an entry is present if any of R/W/X is set. 1 GiB leaves
 * need IA32_VMX_EPT_VPID_CAP bit 17.
 */
const struct pt_format pt_format_ept = {
    .name = "ept",
    .levels = 4,
    .index_bits = 9,
    .shift = { [1] = 12, [2] = 21, [3] = 30, [4] = 39 },
    .leaf_levels = (1u << 1) | (1u << 2) | (1u << 3),
    .huge_leaf_levels = 1u << 3,
    .flags_supported = PT_READ | PT_WRITE | PT_EXEC,
    .present_mask = EPT_R | EPT_W | EPT_X,
    .large_bit = EPT_LARGE,
    .addr_mask = EPT_ADDR,
    .make_table = ept_make_table,
    .make_leaf = ept_make_leaf,
    .leaf_flags = ept_leaf_flags,
};
