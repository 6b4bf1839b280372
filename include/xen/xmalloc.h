/*
 * The hypervisor's small-object heap (xen/xmalloc.c): size classes carved
 * from xenheap pages for small requests, whole page blocks for large ones.
 * Every pointer returned is XMALLOC_ALIGN-aligned.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/compiler.h>
#include <xen/types.h>

#define XMALLOC_ALIGN 16

/*
 * Allocate size bytes (contents undefined), or NULL when out of memory or
 * the size is beyond the largest page block. xzalloc_bytes zeroes them.
 * Takes heap_lock() internally; any CPU, not from NMI context.
 */
void *__must_check xmalloc_bytes(size_t size);
void *__must_check xzalloc_bytes(size_t size);

/* n elements of elem_size bytes; NULL if elem_size * n overflows. */
void *__must_check xmalloc_array_bytes(size_t elem_size, size_t n);
void *__must_check xzalloc_array_bytes(size_t elem_size, size_t n);

/*
 * Release p from any xmalloc function; NULL is ignored. A double free or a
 * pointer xmalloc never returned (bad header magic) is a host bug: panic.
 */
void xfree(void *p);

/*
 * Zero-valued compile-time check that a type fits the heap's alignment;
 * types needing more (page-aligned tables) use alloc_xenheap_pages().
 */
#define XMALLOC_CHECK_ALIGN(type)                                             \
    (sizeof(struct {                                                          \
        _Static_assert(__alignof__(type) <= XMALLOC_ALIGN,                   \
                       "xmalloc: type needs more than 16-byte alignment");   \
        int x_;                                                               \
    }) * 0)

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type) + XMALLOC_CHECK_ALIGN(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type) + XMALLOC_CHECK_ALIGN(type)))
#define xmalloc_array(type, n) \
    ((type *)xmalloc_array_bytes(sizeof(type) + XMALLOC_CHECK_ALIGN(type), (n)))
#define xzalloc_array(type, n) \
    ((type *)xzalloc_array_bytes(sizeof(type) + XMALLOC_CHECK_ALIGN(type), (n)))

/*
 * Pages the size classes keep for reuse (never returned to the page
 * allocator) and small objects currently allocated: with the free-page
 * count, this tells a real leak from a warm cache.
 */
void xmalloc_stats(unsigned long *pages_kept, unsigned long *objects_live);

#endif /* XEN_XMALLOC_H */
