/*
 * One page-table walker for every radix page-table format the hypervisor
 * builds: host x86-64 4-level paging and (for guests) EPT. The walker
 * (arch/x86/pagetable.c) knows levels, indices and page sizes; a
 * struct pt_format knows how the bits of one entry are laid out.
 */
#ifndef XEN_PAGETABLE_H
#define XEN_PAGETABLE_H

#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Generic mapping flags, translated to and from entry bits by the format.
 * Every mapping must be readable (PT_READ): x86-64 paging cannot express a
 * present but unreadable page. PT_USER and PT_GLOBAL exist only in host
 * tables; asking EPT for them fails with -EINVAL.
 */
#define PT_READ         (1u << 0)
#define PT_WRITE        (1u << 1)
#define PT_EXEC         (1u << 2)
#define PT_USER         (1u << 3)
#define PT_GLOBAL       (1u << 4)

/* Cache type: a 2-bit field; write-back is the default (zero). */
#define PT_CACHE_SHIFT  5
#define PT_CACHE_MASK   (3u << PT_CACHE_SHIFT)
#define PT_WB           (0u << PT_CACHE_SHIFT)
#define PT_WT           (1u << PT_CACHE_SHIFT)
#define PT_UC           (2u << PT_CACHE_SHIFT)
#define PT_WC           (3u << PT_CACHE_SHIFT)
#define PT_CACHE(flags) ((flags) & PT_CACHE_MASK)

#define PT_FLAGS_ALL    (PT_READ | PT_WRITE | PT_EXEC | PT_USER | PT_GLOBAL | \
                         PT_CACHE_MASK)
#define PT_RW           (PT_READ | PT_WRITE)
#define PT_RWX          (PT_READ | PT_WRITE | PT_EXEC)

/* Levels count from 1 (4 KiB pages) up to fmt->levels (the root table). */
#define PT_MAX_LEVELS   4

/* One page-table entry, whatever its format. */
typedef u64 pt_entry_t;

/*
 * The bit layout of one page-table format. Everything the walker needs to
 * know about entries goes through here, so the walker stays format-blind.
 */
struct pt_format {
    const char *name;
    unsigned int levels;            /* number of levels, root = levels */
    unsigned int index_bits;        /* VA bits consumed per level (9) */
    u8 shift[PT_MAX_LEVELS + 1];    /* [level]: log2 of the area one entry maps */
    unsigned int leaf_levels;       /* bit L set: level L may hold a leaf */
    unsigned int huge_leaf_levels;  /* subset of leaf_levels needing allow_1g */
    unsigned int flags_supported;   /* generic PT_* flags this format can hold */
    pt_entry_t present_mask;        /* entry is present if any of these is set */
    pt_entry_t large_bit;           /* set in a leaf above level 1 */
    pt_entry_t addr_mask;           /* address bits of an entry (51:12) */

    /* Entry pointing to the next-level table at table_pa. */
    pt_entry_t (*make_table)(paddr_t table_pa);
    /* Leaf entry mapping pa (aligned to the level's size) with flags. */
    pt_entry_t (*make_leaf)(paddr_t pa, unsigned int flags, unsigned int level);
    /* Generic flags of a present leaf entry at level (inverse of make_leaf). */
    unsigned int (*leaf_flags)(pt_entry_t e, unsigned int level);
};

/* Host x86-64 4-level paging (Intel SDM Vol. 3A §4.5). */
extern const struct pt_format pt_format_x86_64;
/* Intel EPT, 4 levels (Intel SDM Vol. 3C §29.3.2). */
extern const struct pt_format pt_format_ept;

/*
 * How the walker reaches memory. Table pages are named by physical
 * address (that is what entries hold); phys_to_virt turns one into a
 * pointer. The hypervisor is identity-mapped; unit tests use fake memory.
 * ctx is pt_root.ops_ctx, e.g. a per-domain page pool.
 */
struct pt_ops {
    /* One 4 KiB page for a table, or 0 if none is left. Need not be zeroed. */
    paddr_t (*alloc_table_page)(void *ctx);
    /*
     * Give back a table page the walker no longer references. The TLB or
     * paging-structure caches may still hold it until the caller flushes,
     * so the owner must not hand it out again before that flush.
     */
    void (*free_table_page)(void *ctx, paddr_t pa);
    void *(*phys_to_virt)(void *ctx, paddr_t pa);
};

/* One address space: a root table and how to manage its pages. */
struct pt_root {
    const struct pt_format *fmt;
    paddr_t root_pa;                /* the value for CR3 / the EPTP */
    const struct pt_ops *ops;
    void *ops_ctx;
    bool allow_1g;                  /* CPU supports 1 GiB leaves */
};

/*
 * The walker never flushes TLBs: it is pure logic with no asm/ header.
 * After pt_map() replaced or pt_unmap() removed any present entry, the
 * caller must invalidate (INVLPG / CR3 reload for host tables, INVEPT for
 * EPT) before relying on the change. Callers serialise all calls on one
 * root; the walker takes no lock.
 */

/*
 * Set up an empty address space: allocate a zeroed root table.
 * Returns 0, or -ENOMEM if the allocator has no page.
 */
int __must_check pt_init(struct pt_root *root, const struct pt_format *fmt,
                         const struct pt_ops *ops, void *ops_ctx, bool allow_1g);

/*
 * Map [va, va + size) to [pa, pa + size) with generic flags, using the
 * largest page each piece's alignment and length allow. Existing mappings
 * in the range are replaced; a larger leaf that straddles the range edge is
 * split so the part outside keeps its old translation and flags.
 * Returns 0; -EINVAL if va, pa or size is not page aligned, size is 0, the
 * range leaves the address space, or flags are invalid for the format;
 * -ENOMEM if a table page could not be allocated. On -ENOMEM a prefix of
 * the range may be mapped; every entry is still well formed.
 */
int __must_check pt_map(struct pt_root *root, u64 va, paddr_t pa, u64 size,
                        unsigned int flags);

/*
 * Remove every mapping in [va, va + size), splitting larger leaves that
 * straddle the range edge and freeing tables that become empty. Unmapped
 * holes in the range are fine. Returns 0, -EINVAL for a bad range, or
 * -ENOMEM if a split needed a page (a prefix may then be unmapped).
 */
int __must_check pt_unmap(struct pt_root *root, u64 va, u64 size);

/*
 * Look up va. On success stores the physical address va maps to (with the
 * page offset), the generic flags and the level of the leaf (1 = 4 KiB,
 * 2 = 2 MiB, 3 = 1 GiB); any output pointer may be NULL.
 * Returns 0, -ENOENT if va is not mapped, -EINVAL if va is out of range.
 */
int __must_check pt_translate(const struct pt_root *root, u64 va, paddr_t *pa,
                              unsigned int *flags, unsigned int *level);

/*
 * Free every table page of root, including the root itself (never the
 * mapped memory). root_pa becomes 0. The caller must have stopped using
 * the tables (CR3 switched away / EPTP no longer loaded) and flushed.
 */
void pt_destroy(struct pt_root *root);

#endif /* XEN_PAGETABLE_H */
