/*
 * Machine memory: the buddy allocator over physical frames (xen/page_alloc.c),
 * its boot-time setup from the firmware memory map (xen/page_alloc_boot.c),
 * and the phys<->virt translation the hypervisor uses to touch RAM.
 * Small objects are served by xmalloc (include/xen/xmalloc.h) on top of this.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/compiler.h>
#include <xen/types.h>

struct bootinfo;

/*
 * Largest block order: 2^18 frames = 1 GiB, so a 1 GiB superpage can be
 * handed out as one aligned block.
 */
#define MAX_ORDER 18
#define INVALID_MFN ((mfn_t)~0ULL)

/*
 * RAM above 1 TiB is ignored (with a warning): this bounds the frame table
 * (12 bytes per 4 KiB frame, 3 MiB per GiB of address space) and keeps
 * frame-table indices within 32 bits.
 */
#define PAGE_ALLOC_MAX_PADDR (1ULL << 40)

#define mfn_to_maddr(mfn) ((paddr_t)(mfn) << PAGE_SHIFT)
#define maddr_to_mfn(ma) ((mfn_t)((ma) >> PAGE_SHIFT))

/* What a frame is, from the allocator's point of view. */
enum page_state {
    PGS_RESERVED = 0,   /* not managed: firmware, image, modules, frame table */
    PGS_FREE,           /* first frame of a free block (on a free list) */
    PGS_INUSE,          /* first frame of an allocated block */
    PGS_TAIL,           /* any other frame of a free or allocated block */
};

/*
 * One per machine frame, indexed by mfn - first_mfn. Only block heads carry
 * meaning beyond "tail"; the free pages themselves are never written, so the
 * allocator works on frames that have no memory behind them (unit tests).
 */
struct page_info {
    u32 next, prev;     /* free list links as frame-table indices */
    u8 state;           /* enum page_state */
    u8 order;           /* block order, for PGS_FREE and PGS_INUSE heads */
    u16 pad;
};

/* A physical address range [start, end). */
struct mem_range {
    paddr_t start, end;
};

/*
 * Serialises every public allocator function. The arch provides them (a
 * spinlock with interrupts off, once APs run); they must not nest. Host
 * unit tests are single-threaded.
 */
#ifdef UNIT_TEST
static inline void heap_lock(void) {}
static inline void heap_unlock(void) {}
#else
void heap_lock(void);
void heap_unlock(void);
#endif

/*
 * Hypervisor virtual address of machine address ma and back. The hypervisor
 * maps all RAM 1:1; host unit tests define these two functions themselves
 * over a buffer that stands in for physical memory.
 */
#ifdef UNIT_TEST
void *maddr_to_virt(paddr_t ma);
paddr_t virt_to_maddr(const void *va);
#else
static inline void *maddr_to_virt(paddr_t ma)
{
    return (void *)(uintptr_t)ma;
}

static inline paddr_t virt_to_maddr(const void *va)
{
    return (paddr_t)(uintptr_t)va;
}
#endif

/*
 * Take over frametable (nr_frames entries, describing frames first_mfn..)
 * and mark every frame reserved; nothing is allocatable until
 * page_alloc_free_range(). Boot CPU only, before any other call.
 */
void page_alloc_init(struct page_info *frametable, mfn_t first_mfn,
                     unsigned long nr_frames);

/*
 * Make frames [start, end) allocatable, coalescing with free neighbours.
 * Frames outside the frame table and frames already free are skipped;
 * freeing an allocated frame this way is a host bug (panic).
 */
void page_alloc_free_range(mfn_t start, mfn_t end);

/*
 * Withdraw frames [start, end) from the allocator; free blocks overlapping
 * the range are split and their remainder stays free. Frames outside the
 * table are ignored; reserving an allocated frame is a host bug (panic).
 */
void page_alloc_reserve_range(mfn_t start, mfn_t end);

/*
 * Allocate 2^order contiguous frames aligned to 2^order frames. Returns the
 * first mfn, or INVALID_MFN if no such block is free or order > MAX_ORDER.
 * The frames' contents are undefined.
 */
mfn_t __must_check alloc_mfns(unsigned int order);

/*
 * Return a block from alloc_mfns(order). An unaligned mfn, a wrong order or
 * a double free is a host bug: logged with XENLOG_ERR, then panic.
 */
void free_mfns(mfn_t mfn, unsigned int order);

/* Frames managed (free + allocated), frames free, free blocks of order. */
unsigned long page_alloc_total_pages(void);
mfn_t page_alloc_max_mfn(void);     /* highest frame in the frame table */
unsigned long page_alloc_free_pages(void);
unsigned long page_alloc_free_blocks(unsigned int order);

/* True if mfn has a frame-table entry; its entry (NULL if none). */
bool mfn_valid(mfn_t mfn);
struct page_info *mfn_to_page(mfn_t mfn);

/*
 * Walk the free lists and check them against the frame table and counters
 * (links, states, alignment, full coalescing). Returns 0, or -EINVAL after
 * printing the first inconsistency. For tests and debug keys.
 */
int __must_check page_alloc_audit(void);

/*
 * Hypervisor-virtual wrappers: 2^order pages from alloc_mfns(), or NULL.
 * free_xenheap_pages(NULL, ...) does nothing.
 */
void *__must_check alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
#define alloc_xenheap_page() alloc_xenheap_pages(0)
#define free_xenheap_page(va) free_xenheap_pages(va, 0)

/*
 * Build the frame table and the allocator from the boot memory map. Frees
 * all MEM_RAM (inward to whole pages), then reserves non-RAM map entries,
 * the first 1 MiB, the caller's nr_reserved ranges (image, modules, boot
 * info) and the frame table itself, which is placed in RAM clear of all of
 * those. Prints the "Memory:" boot line. Returns 0, or -ENOMEM if there is
 * no RAM or no room for the frame table. Boot CPU, once.
 */
int __must_check page_alloc_boot_init(const struct bootinfo *bi,
                                      const struct mem_range *reserved,
                                      unsigned int nr_reserved);

#endif /* XEN_MM_H */
