/*
 * Small-object heap on top of the xenheap. Every object has a 16-byte
 * header in front of it saying how it was allocated: a size class (chunks
 * carved from whole pages, kept on per-class free lists, never returned to
 * the page allocator) or a page block of some order (returned on xfree).
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define XMALLOC_MAGIC_USED 0x4c4d4158u  /* "XAML" */
#define XMALLOC_MAGIC_FREE 0x45455246u  /* "FREE" */
#define XMALLOC_LARGE 0xff              /* hdr.cls of a page block */

struct xmalloc_hdr {
    u32 magic;
    u8 cls;             /* index into class_size[], or XMALLOC_LARGE */
    u8 order;           /* page order of an XMALLOC_LARGE block */
    u16 pad;
    u32 size;           /* bytes the caller asked for */
    u32 pad2;
};
BUILD_BUG_ON(sizeof(struct xmalloc_hdr) != XMALLOC_ALIGN);

/* A free chunk: its header, then the free-list link in the payload. */
struct xmalloc_free {
    struct xmalloc_hdr hdr;
    struct xmalloc_free *next;
};

/*
 * Chunk sizes, header included. Powers of two keep every chunk (and so
 * every payload) 16-byte aligned within its page and make the offset check
 * in xfree() exact.
 */
static const unsigned int class_size[] = { 32, 64, 128, 256, 512, 1024, 2048 };
#define NR_CLASSES ARRAY_SIZE(class_size)

/* Per-class free chunks; protected by heap_lock(). */
static struct xmalloc_free *class_free[NR_CLASSES];

/* Caller holds heap_lock(). The FREE magic is what catches double frees. */
static void class_push(unsigned int cls, struct xmalloc_free *f)
{
    f->hdr.magic = XMALLOC_MAGIC_FREE;
    f->hdr.cls = (u8)cls;
    f->next = class_free[cls];
    class_free[cls] = f;
}

/* Caller holds heap_lock(). */
static struct xmalloc_hdr *class_pop(unsigned int cls)
{
    struct xmalloc_free *f = class_free[cls];

    if (f)
        class_free[cls] = f->next;
    return f ? &f->hdr : NULL;
}

/*
 * Carve a fresh page into chunks of class cls: keep the first for the
 * caller, put the rest on the free list. The page is allocated unlocked,
 * as heap_lock() does not nest.
 */
/* Statistics, under heap_lock(): pages kept by the size classes, and
 * small objects currently handed out (for the end-of-run leak check). */
static unsigned long class_pages, small_live;

static struct xmalloc_hdr *class_refill(unsigned int cls)
{
    char *page = alloc_xenheap_page();
    size_t off;

    if (!page)
        return NULL;
    heap_lock();
    class_pages++;
    for (off = class_size[cls]; off + class_size[cls] <= PAGE_SIZE; off += class_size[cls])
        class_push(cls, (struct xmalloc_free *)(page + off));
    heap_unlock();
    return (struct xmalloc_hdr *)page;
}

/*
 * A chunk of class cls. If two CPUs find the list empty at once both
 * refill; the spare chunks simply stay on the list.
 */
static struct xmalloc_hdr *xmalloc_small(unsigned int cls)
{
    struct xmalloc_hdr *h;

    heap_lock();
    h = class_pop(cls);
    heap_unlock();
    if (!h)
        h = class_refill(cls);
    if (h) {
        h->cls = (u8)cls;
        h->order = 0;
        heap_lock();
        small_live++;
        heap_unlock();
    }
    return h;
}

/* Whole pages for need bytes (header included); the header sits at the start. */
static struct xmalloc_hdr *xmalloc_large(size_t need)
{
    unsigned int order = 0;
    struct xmalloc_hdr *h;

    while (order <= MAX_ORDER && (PAGE_SIZE << order) < need)
        order++;
    if (order > MAX_ORDER)
        return NULL;
    h = alloc_xenheap_pages(order);
    if (h) {
        h->cls = XMALLOC_LARGE;
        h->order = (u8)order;
    }
    return h;
}

void *xmalloc_bytes(size_t size)
{
    size_t need;
    struct xmalloc_hdr *h;
    unsigned int cls = 0;

    /* Beyond the largest block; also keeps size + header from wrapping. */
    if (size > (PAGE_SIZE << MAX_ORDER) - sizeof(*h))
        return NULL;
    need = size + sizeof(*h);
    while (cls < NR_CLASSES && class_size[cls] < need)
        cls++;
    h = cls < NR_CLASSES ? xmalloc_small(cls) : xmalloc_large(need);
    if (!h)
        return NULL;
    h->magic = XMALLOC_MAGIC_USED;
    h->size = (u32)size;
    return h + 1;
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p)
        memset(p, 0, size);
    return p;
}

/* A wrapped product would silently hand out a too-small array. */
void *xmalloc_array_bytes(size_t elem_size, size_t n)
{
    if (elem_size && n > SIZE_MAX / elem_size)
        return NULL;
    return xmalloc_bytes(elem_size * n);
}

void *xzalloc_array_bytes(size_t elem_size, size_t n)
{
    if (elem_size && n > SIZE_MAX / elem_size)
        return NULL;
    return xzalloc_bytes(elem_size * n);
}

/* Why h cannot be a live xmalloc header, or NULL if it can. */
static const char *xfree_error(const struct xmalloc_hdr *h)
{
    uintptr_t in_page = (uintptr_t)h & (PAGE_SIZE - 1);

    if (h->magic == XMALLOC_MAGIC_FREE)
        return "double free";
    if (h->magic != XMALLOC_MAGIC_USED)
        return "bad magic (corrupted or not from xmalloc)";
    if (h->cls == XMALLOC_LARGE)
        return h->order > MAX_ORDER || in_page ? "corrupted large-block header" : NULL;
    if (h->cls >= NR_CLASSES || in_page % class_size[h->cls])
        return "corrupted size-class header";
    return NULL;
}

void xfree(void *p)
{
    struct xmalloc_hdr *h;
    const char *err;

    if (!p)
        return;
    h = (struct xmalloc_hdr *)p - 1;
    /* A misaligned pointer is not ours; do not even read a header. */
    err = (uintptr_t)p % XMALLOC_ALIGN ? "misaligned pointer" : xfree_error(h);
    if (err) {
        printk(XENLOG_ERR "xmalloc: xfree(%p): %s\n", p, err);
        panic("xmalloc: bad xfree: %s", err);
    }
    h->magic = XMALLOC_MAGIC_FREE;
    if (h->cls == XMALLOC_LARGE) {
        free_xenheap_pages(h, h->order);
        return;
    }
    heap_lock();
    class_push(h->cls, (struct xmalloc_free *)h);
    small_live--;
    heap_unlock();
}

void xmalloc_stats(unsigned long *pages_kept, unsigned long *objects_live)
{
    heap_lock();
    *pages_kept = class_pages;
    *objects_live = small_live;
    heap_unlock();
}
