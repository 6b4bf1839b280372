/*
 * Buddy allocator over machine frames. All metadata lives in the frame table
 * (one struct page_info per frame) and in per-order free lists threaded
 * through it; free memory itself is never touched. Blocks are aligned to
 * their size in absolute mfn terms, so an order-18 block is a 1 GiB page.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>

/*
 * Invariants, checked by page_alloc_audit():
 *  - every frame is reserved, the head of exactly one free or allocated
 *    block, or a tail inside exactly one such block;
 *  - a free block of order k starts at an mfn that is a multiple of 2^k,
 *    lies wholly in the table and is on free list k;
 *  - no two free buddies of the same order exist (fully coalesced).
 * Only heads are written when blocks split or merge, so both are
 * O(MAX_ORDER) rather than O(block size).
 */

#define IDX_NONE 0xffffffffu    /* end of a free list */

static struct page_info *frame_table;
static mfn_t ft_base;           /* mfn described by frame_table[0] */
static unsigned long ft_nr;     /* entries in frame_table */

/* Free lists (heads as frame-table indices) and the counters they imply. */
static u32 free_head[MAX_ORDER + 1];
static unsigned long nr_free_blocks[MAX_ORDER + 1];
static unsigned long nr_free_pages;
static unsigned long nr_total_pages;    /* not PGS_RESERVED */

/* For messages about a frame's state. */
static const char *const state_names[] = {
    [PGS_RESERVED] = "reserved",
    [PGS_FREE] = "free",
    [PGS_INUSE] = "allocated",
    [PGS_TAIL] = "inside a block",
};

/* Unsigned compare: an mfn below ft_base wraps and fails too. */
static bool in_table(mfn_t mfn)
{
    return mfn >= ft_base && mfn - ft_base < ft_nr;
}

static struct page_info *pg(mfn_t mfn)
{
    return &frame_table[mfn - ft_base];
}

static mfn_t idx_to_mfn(u32 idx)
{
    return ft_base + idx;
}

/*
 * Push free block mfn of order on its list. Lists are LIFO: the block freed
 * last is handed out first, while it is most likely still in cache.
 */
static void list_add(mfn_t mfn, unsigned int order)
{
    struct page_info *p = pg(mfn);
    u32 idx = (u32)(mfn - ft_base);
    u32 old = free_head[order];

    p->state = PGS_FREE;
    p->order = (u8)order;
    p->prev = IDX_NONE;
    p->next = old;
    if (old != IDX_NONE)
        frame_table[old].prev = idx;
    free_head[order] = idx;
    nr_free_blocks[order]++;
    nr_free_pages += 1UL << order;
}

/* Unlink free block mfn; it becomes a tail until the caller says otherwise. */
static void list_del(mfn_t mfn)
{
    struct page_info *p = pg(mfn);
    unsigned int order = p->order;

    if (p->prev != IDX_NONE)
        frame_table[p->prev].next = p->next;
    else
        free_head[order] = p->next;
    if (p->next != IDX_NONE)
        frame_table[p->next].prev = p->prev;
    p->state = PGS_TAIL;
    nr_free_blocks[order]--;
    nr_free_pages -= 1UL << order;
}

/*
 * Put block [mfn, mfn + 2^order) on the free lists, merging with its buddy
 * for as long as the buddy is a free block of the same order. The buddy of
 * an aligned block differs from it in exactly bit "order" of the mfn.
 */
static void buddy_free(mfn_t mfn, unsigned int order)
{
    while (order < MAX_ORDER) {
        mfn_t buddy = mfn ^ (1UL << order);

        if (!in_table(buddy) || pg(buddy)->state != PGS_FREE ||
            pg(buddy)->order != order)
            break;
        list_del(buddy);
        pg(MAX(mfn, buddy))->state = PGS_TAIL;
        mfn = MIN(mfn, buddy);
        order++;
    }
    list_add(mfn, order);
}

/* Take the smallest free block >= order and split off the unused halves. */
static mfn_t buddy_alloc(unsigned int order)
{
    unsigned int k = order;
    mfn_t mfn;

    while (k <= MAX_ORDER && free_head[k] == IDX_NONE)
        k++;
    if (k > MAX_ORDER)
        return INVALID_MFN;
    mfn = idx_to_mfn(free_head[k]);
    list_del(mfn);
    /* Keep the lower half each time; the upper halves go back free. */
    while (k > order) {
        k--;
        list_add(mfn + (1UL << k), k);
    }
    pg(mfn)->state = PGS_INUSE;
    pg(mfn)->order = (u8)order;
    return mfn;
}

/*
 * Largest order of an aligned block starting at mfn that ends by end: the
 * alignment of mfn (its lowest set bit) bounds it, and so does the length.
 */
static unsigned int max_block_order(mfn_t mfn, mfn_t end)
{
    unsigned int order = mfn ? (unsigned int)__builtin_ctzll(mfn) : MAX_ORDER;

    order = MIN(order, MAX_ORDER);
    while ((1UL << order) > end - mfn)
        order--;
    return order;
}

/* Free [start, end), whose frames are all tails, as maximal aligned blocks. */
static void free_run(mfn_t start, mfn_t end)
{
    while (start < end) {
        unsigned int order = max_block_order(start, end);

        buddy_free(start, order);
        start += 1UL << order;
    }
}

/*
 * Head of the free or allocated block that contains mfn, or INVALID_MFN if
 * mfn is reserved. Only heads are marked, so try each aligned candidate.
 */
static mfn_t block_head(mfn_t mfn)
{
    unsigned int order;

    if (pg(mfn)->state == PGS_RESERVED)
        return INVALID_MFN;
    /* Blocks are disjoint, so the first candidate covering mfn is it. */
    for (order = 0; order <= MAX_ORDER; order++) {
        mfn_t head = mfn & ~((1UL << order) - 1);
        struct page_info *p;

        if (!in_table(head))
            break;
        p = pg(head);
        if ((p->state == PGS_FREE || p->state == PGS_INUSE) &&
            mfn - head < (1UL << p->order))
            return head;
    }
    return INVALID_MFN;
}

/* Range operations must never touch allocated memory: that is our bug. */
static __noreturn void bad_range_op(const char *op, mfn_t mfn, mfn_t head)
{
    printk(XENLOG_ERR "page_alloc: %s of mfn %#llx, which is allocated (block at %#llx order %u)\n",
           op, (unsigned long long)mfn, (unsigned long long)head, pg(head)->order);
    panic("page_alloc: %s over allocated memory", op);
}

/* Clip [*start, *end) to the frame table; false if nothing is left. */
static bool clip_to_table(mfn_t *start, mfn_t *end)
{
    *start = MAX(*start, ft_base);
    *end = MIN(*end, ft_base + ft_nr);
    return *start < *end;
}

void page_alloc_init(struct page_info *frametable, mfn_t first_mfn,
                     unsigned long nr_frames)
{
    unsigned long i;

    /* Indices must fit the u32 links, with IDX_NONE left over. */
    ASSERT(nr_frames < IDX_NONE);
    heap_lock();
    frame_table = frametable;
    ft_base = first_mfn;
    ft_nr = nr_frames;
    for (i = 0; i < nr_frames; i++)
        frame_table[i] = (struct page_info){ .next = IDX_NONE, .prev = IDX_NONE,
                                              .state = PGS_RESERVED };
    for (i = 0; i <= MAX_ORDER; i++) {
        free_head[i] = IDX_NONE;
        nr_free_blocks[i] = 0;
    }
    nr_free_pages = 0;
    nr_total_pages = 0;
    heap_unlock();
}

/* Length of the run of reserved frames at mfn (below end); marks them tails. */
static mfn_t take_reserved_run(mfn_t mfn, mfn_t end)
{
    mfn_t run = mfn;

    while (run < end && pg(run)->state == PGS_RESERVED) {
        pg(run)->state = PGS_TAIL;
        run++;
    }
    return run;
}

/*
 * Runs of reserved frames are freed as maximal aligned blocks; frames
 * already managed are skipped a whole block at a time, so overlapping RAM
 * entries in a boot memory map are harmless.
 */
void page_alloc_free_range(mfn_t start, mfn_t end)
{
    mfn_t mfn, head;

    heap_lock();
    if (!clip_to_table(&start, &end))
        goto out;
    for (mfn = start; mfn < end;) {
        if (pg(mfn)->state == PGS_RESERVED) {
            mfn_t run_end = take_reserved_run(mfn, end);

            nr_total_pages += run_end - mfn;
            free_run(mfn, run_end);
            mfn = run_end;
            continue;
        }
        /* Already managed: free is idempotent, allocated is our bug. */
        head = block_head(mfn);
        ASSERT(head != INVALID_MFN);
        if (pg(head)->state == PGS_INUSE)
            bad_range_op("free_range", mfn, head);
        mfn = head + (1UL << pg(head)->order);
    }
out:
    heap_unlock();
}

/*
 * Remove free block head from the lists, reserve its part inside
 * [start, end) and free the rest again. Returns the block's end.
 */
static mfn_t carve_block(mfn_t head, mfn_t start, mfn_t end)
{
    mfn_t bend = head + (1UL << pg(head)->order);
    mfn_t rs = MAX(head, start), re = MIN(bend, end);
    mfn_t mfn;

    list_del(head);
    for (mfn = rs; mfn < re; mfn++)
        pg(mfn)->state = PGS_RESERVED;
    nr_total_pages -= re - rs;
    /* The remainder splits into maximal blocks; none can re-merge into head. */
    free_run(head, rs);
    free_run(re, bend);
    return bend;
}

/*
 * Reserved frames are skipped one by one; each free block met is carved
 * once, and the walk resumes after it.
 */
void page_alloc_reserve_range(mfn_t start, mfn_t end)
{
    mfn_t mfn, head;

    heap_lock();
    if (!clip_to_table(&start, &end))
        goto out;
    for (mfn = start; mfn < end;) {
        head = block_head(mfn);
        if (head == INVALID_MFN) {
            mfn++;              /* already reserved */
            continue;
        }
        if (pg(head)->state == PGS_INUSE)
            bad_range_op("reserve_range", mfn, head);
        mfn = carve_block(head, start, end);
    }
out:
    heap_unlock();
}

mfn_t alloc_mfns(unsigned int order)
{
    mfn_t mfn;

    if (order > MAX_ORDER)
        return INVALID_MFN;
    heap_lock();
    mfn = buddy_alloc(order);
    heap_unlock();
    return mfn;
}

/* Why free_mfns(mfn, order) would be wrong, or NULL if it is fine. */
static const char *free_mfns_error(mfn_t mfn, unsigned int order)
{
    if (order > MAX_ORDER)
        return "order too large";
    if (!in_table(mfn))
        return "mfn outside the frame table";
    if (mfn & ((1UL << order) - 1))
        return "mfn not aligned to order";
    if (pg(mfn)->state == PGS_FREE)
        return "double free";
    if (pg(mfn)->state != PGS_INUSE)
        return "not an allocated block";
    if (pg(mfn)->order != order)
        return "wrong order";
    return NULL;
}

void free_mfns(mfn_t mfn, unsigned int order)
{
    const char *err;

    /* Checked under the lock, so a racing double free is caught too. */
    heap_lock();
    err = free_mfns_error(mfn, order);
    if (err) {
        printk(XENLOG_ERR "page_alloc: free_mfns(%#llx, %u): %s (frame is %s)\n",
               (unsigned long long)mfn, order, err,
               in_table(mfn) ? state_names[pg(mfn)->state] : "unknown");
        panic("page_alloc: bad free_mfns: %s", err);
    }
    buddy_free(mfn, order);
    heap_unlock();
}

/* Lock-free snapshots: callers only want statistics. */
unsigned long page_alloc_total_pages(void)
{
    return READ_ONCE(nr_total_pages);
}

unsigned long page_alloc_free_pages(void)
{
    return READ_ONCE(nr_free_pages);
}

unsigned long page_alloc_free_blocks(unsigned int order)
{
    return order > MAX_ORDER ? 0 : READ_ONCE(nr_free_blocks[order]);
}

/* Highest frame the allocator describes (XENMEM_maximum_ram_page). */
mfn_t page_alloc_max_mfn(void)
{
    return ft_nr ? ft_base + ft_nr - 1 : 0;
}

bool mfn_valid(mfn_t mfn)
{
    return frame_table && in_table(mfn);
}

struct page_info *mfn_to_page(mfn_t mfn)
{
    return mfn_valid(mfn) ? pg(mfn) : NULL;
}

/* Check one free-list entry; returns a description of what is wrong. */
static const char *audit_block(mfn_t mfn, unsigned int order, u32 prev)
{
    struct page_info *p;
    mfn_t buddy = mfn ^ (1UL << order);

    if (!in_table(mfn))
        return "outside the frame table";
    p = pg(mfn);
    if (p->state != PGS_FREE || p->order != order)
        return "state/order disagree with its list";
    if ((mfn & ((1UL << order) - 1)) || mfn - ft_base + (1UL << order) > ft_nr)
        return "misaligned or past the table";
    if (p->prev != prev)
        return "broken back link";
    if (order < MAX_ORDER && in_table(buddy) && pg(buddy)->state == PGS_FREE &&
        pg(buddy)->order == order)
        return "not coalesced with its free buddy";
    return NULL;
}

/* Audit free list order; adds its pages to *pages. */
static int audit_list(unsigned int order, unsigned long *pages)
{
    unsigned long n = 0;
    u32 prev = IDX_NONE, idx;
    const char *err;

    /* A corrupted list may loop: stop once it is longer than the table. */
    for (idx = free_head[order]; idx != IDX_NONE; idx = frame_table[idx].next) {
        err = n > ft_nr ? "list loops" : audit_block(idx_to_mfn(idx), order, prev);
        if (err) {
            printk(XENLOG_ERR "page_alloc: audit: order %u block at %#llx: %s\n",
                   order, (unsigned long long)idx_to_mfn(idx), err);
            return -EINVAL;
        }
        prev = idx;
        n++;
    }
    if (n != nr_free_blocks[order]) {
        printk(XENLOG_ERR "page_alloc: audit: order %u has %lu blocks, counter says %lu\n",
               order, n, nr_free_blocks[order]);
        return -EINVAL;
    }
    *pages += n << order;
    return 0;
}

int page_alloc_audit(void)
{
    unsigned long pages = 0;
    unsigned int order;
    int rc = 0;

    heap_lock();
    for (order = 0; order <= MAX_ORDER && !rc; order++)
        rc = audit_list(order, &pages);
    if (!rc && pages != nr_free_pages) {
        printk(XENLOG_ERR "page_alloc: audit: lists hold %lu pages, counter says %lu\n",
               pages, nr_free_pages);
        rc = -EINVAL;
    }
    heap_unlock();
    return rc;
}

/*
 * Xenheap: all RAM is mapped 1:1 in the hypervisor, so any frame serves;
 * there is no separate domheap pool to keep apart.
 */
void *alloc_xenheap_pages(unsigned int order)
{
    mfn_t mfn = alloc_mfns(order);

    return mfn == INVALID_MFN ? NULL : maddr_to_virt(mfn_to_maddr(mfn));
}

void free_xenheap_pages(void *va, unsigned int order)
{
    if (!va)
        return;
    free_mfns(maddr_to_mfn(virt_to_maddr(va)), order);
}
