/*
 * Boot-time setup of the page allocator: size the frame table from the
 * firmware memory map, find it a home in RAM clear of everything boot must
 * keep, then give the allocator all RAM minus those ranges. The map is
 * untrusted input: entries may overlap, be unsorted, unaligned or absurd.
 */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>

/*
 * The first 1 MiB holds the real-mode IVT, BDA, EBDA and option ROMs, and
 * is where AP start-up trampolines must live; never hand it out.
 */
#define LOW_MEM_END 0x100000ULL

/* The ranges the frame table must avoid and the allocator must not own. */
struct boot_excl {
    const struct bootinfo *bi;
    const struct mem_range *reserved;
    unsigned int nr_reserved;
};

/*
 * Clip [s, s + size) to PAGE_ALLOC_MAX_PADDR without overflowing; false if
 * nothing is left.
 */
static bool boot_clip(paddr_t s, u64 size, paddr_t *start, paddr_t *end)
{
    if (size == 0 || s >= PAGE_ALLOC_MAX_PADDR)
        return false;
    *start = s;
    *end = size > PAGE_ALLOC_MAX_PADDR - s ? PAGE_ALLOC_MAX_PADDR : s + size;
    return true;
}

/* Memory-map entry r as a clipped [s, e); false if empty or out of reach. */
static bool boot_map_entry(const struct boot_mem_region *r, paddr_t *s, paddr_t *e)
{
    return boot_clip(r->start, r->size, s, e);
}

/* Caller's range r likewise; an inverted range counts as empty. */
static bool boot_reserved_entry(const struct mem_range *r, paddr_t *s, paddr_t *e)
{
    return r->end > r->start && boot_clip(r->start, r->end - r->start, s, e);
}

/* Half-open ranges [a, b) and [s, e) share at least one byte. */
static bool boot_overlaps(paddr_t a, paddr_t b, paddr_t s, paddr_t e)
{
    return a < e && s < b;
}

/* Number of map entries to trust: nr_mem may be garbage. */
static unsigned int boot_nr_mem(const struct bootinfo *bi)
{
    return MIN(bi->nr_mem, (unsigned int)BOOTINFO_MAX_MEM);
}

/*
 * End of the furthest exclusion overlapping [s, e) (low 1 MiB, caller's
 * reserved ranges, non-RAM map entries), or 0 if none overlaps.
 */
static paddr_t boot_conflict_end(const struct boot_excl *x, paddr_t s, paddr_t e)
{
    paddr_t end = s < LOW_MEM_END ? LOW_MEM_END : 0;
    paddr_t a, b;
    unsigned int i;

    for (i = 0; i < x->nr_reserved; i++)
        if (boot_reserved_entry(&x->reserved[i], &a, &b) && boot_overlaps(a, b, s, e))
            end = MAX(end, b);
    for (i = 0; i < boot_nr_mem(x->bi); i++)
        if (x->bi->mem[i].type != MEM_RAM &&
            boot_map_entry(&x->bi->mem[i], &a, &b) && boot_overlaps(a, b, s, e))
            end = MAX(end, b);
    return end;
}

/*
 * Lowest page-aligned place for size bytes inside RAM [rs, re) clear of
 * every exclusion, or 0. Each step jumps past a conflicting range, so the
 * loop ends after at most one step per exclusion.
 */
static paddr_t boot_place_in(const struct boot_excl *x, paddr_t rs, paddr_t re, u64 size)
{
    paddr_t pa = ROUNDUP(MAX(rs, LOW_MEM_END), PAGE_SIZE);
    paddr_t conflict;

    re = ROUNDDOWN(re, PAGE_SIZE);
    while (pa < re && size <= re - pa) {
        conflict = boot_conflict_end(x, pa, pa + size);
        if (!conflict)
            return pa;
        pa = ROUNDUP(conflict, PAGE_SIZE);
    }
    return 0;
}

/*
 * Lowest suitable place for the frame table over all RAM entries. Low
 * memory is preferred because early page tables map it first.
 */
static paddr_t boot_place_table(const struct boot_excl *x, u64 size)
{
    paddr_t best = 0, pa, s, e;
    unsigned int i;

    for (i = 0; i < boot_nr_mem(x->bi); i++) {
        if (x->bi->mem[i].type != MEM_RAM || !boot_map_entry(&x->bi->mem[i], &s, &e))
            continue;
        pa = boot_place_in(x, s, e, size);
        if (pa && (!best || pa < best))
            best = pa;
    }
    return best;
}

/* One past the highest whole RAM frame (0 if none); warns about clipped RAM. */
static mfn_t boot_end_mfn(const struct bootinfo *bi)
{
    mfn_t end_mfn = 0;
    paddr_t s, e;
    unsigned int i;

    for (i = 0; i < boot_nr_mem(bi); i++) {
        const struct boot_mem_region *r = &bi->mem[i];

        if (r->type != MEM_RAM || !boot_map_entry(r, &s, &e))
            continue;
        if (e - s < r->size)
            printk(XENLOG_WARNING "mm: ignoring RAM above %#llx in map entry %u (%#llx+%#llx)\n",
                   (unsigned long long)PAGE_ALLOC_MAX_PADDR, i,
                   (unsigned long long)r->start, (unsigned long long)r->size);
        if (ROUNDUP(s, PAGE_SIZE) < ROUNDDOWN(e, PAGE_SIZE))
            end_mfn = MAX(end_mfn, maddr_to_mfn(ROUNDDOWN(e, PAGE_SIZE)));
    }
    return end_mfn;
}

/* Free every RAM entry, shrunk inward to whole pages. */
static void boot_free_ram(const struct bootinfo *bi)
{
    paddr_t s, e;
    unsigned int i;

    for (i = 0; i < boot_nr_mem(bi); i++)
        if (bi->mem[i].type == MEM_RAM && boot_map_entry(&bi->mem[i], &s, &e))
            page_alloc_free_range(maddr_to_mfn(ROUNDUP(s, PAGE_SIZE)),
                                  maddr_to_mfn(ROUNDDOWN(e, PAGE_SIZE)));
}

/* Reserve [s, e) grown outward to whole pages: a partial page is lost. */
static void boot_reserve(paddr_t s, paddr_t e)
{
    page_alloc_reserve_range(maddr_to_mfn(ROUNDDOWN(s, PAGE_SIZE)),
                             maddr_to_mfn(ROUNDUP(e, PAGE_SIZE)));
}

/* Non-RAM map entries win over RAM entries they overlap. */
static void boot_reserve_map_holes(const struct bootinfo *bi)
{
    paddr_t s, e;
    unsigned int i;

    for (i = 0; i < boot_nr_mem(bi); i++)
        if (bi->mem[i].type != MEM_RAM && boot_map_entry(&bi->mem[i], &s, &e))
            boot_reserve(s, e);
}

/* The low 1 MiB and everything the caller must keep (image, modules). */
static void boot_reserve_callers(const struct boot_excl *x)
{
    paddr_t s, e;
    unsigned int i;

    boot_reserve(0, LOW_MEM_END);
    for (i = 0; i < x->nr_reserved; i++)
        if (boot_reserved_entry(&x->reserved[i], &s, &e))
            boot_reserve(s, e);
}

int page_alloc_boot_init(const struct bootinfo *bi, const struct mem_range *reserved,
                         unsigned int nr_reserved)
{
    const struct boot_excl x = { bi, reserved, nr_reserved };
    mfn_t nr_frames = boot_end_mfn(bi);
    u64 table_size = ROUNDUP(nr_frames * sizeof(struct page_info), PAGE_SIZE);
    unsigned long usable;
    paddr_t table_pa;

    if (!nr_frames) {
        printk(XENLOG_ERR "mm: no usable RAM in the %u-entry memory map; cannot continue\n",
               bi->nr_mem);
        return -ENOMEM;
    }
    table_pa = boot_place_table(&x, table_size);
    if (!table_pa) {
        printk(XENLOG_ERR "mm: no room for the %llu KiB frame table in RAM above 1 MiB clear of reserved ranges\n",
               (unsigned long long)(table_size >> 10));
        return -ENOMEM;
    }
    /*
     * Frame table from mfn 0 even though the first 1 MiB is never free:
     * 3 KiB wasted buys mfn-indexing without an offset everywhere.
     * Free first, then reserve, so that reservations win over overlapping
     * RAM entries whatever order the map lists them in.
     */
    page_alloc_init(maddr_to_virt(table_pa), 0, nr_frames);
    boot_free_ram(bi);
    boot_reserve_map_holes(bi);
    usable = page_alloc_free_pages();
    boot_reserve_callers(&x);
    boot_reserve(table_pa, table_pa + table_size);
    printk("Memory: %lu MiB usable, %lu MiB free (%lu pages), frame table %llu KiB at %#llx\n",
           usable >> (20 - PAGE_SHIFT), page_alloc_free_pages() >> (20 - PAGE_SHIFT),
           page_alloc_free_pages(), (unsigned long long)(table_size >> 10),
           (unsigned long long)table_pa);
    return 0;
}
