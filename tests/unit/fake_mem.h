/*
 * Fake machine memory for host tests of the page allocator and the code on
 * top of it (test_page_alloc, test_xmalloc, test_domain): one page-aligned
 * arena whose offsets are the machine addresses, with the two translations
 * the hypervisor code calls, and the allocator set up over all of it.
 * Header-only: each unit test is a single translation unit.
 */
#ifndef TEST_FAKE_MEM_H
#define TEST_FAKE_MEM_H

#include <stdlib.h>
#include <xen/mm.h>

static unsigned char *fake_mem;         /* machine address 0 */
static size_t fake_size;
static struct page_info *fake_frames;   /* fake_heap_init()'s frame table */

void *maddr_to_virt(paddr_t ma)
{
    if (!fake_mem || ma >= fake_size)
        fail_msg("maddr_to_virt(%#llx) outside fake memory", (unsigned long long)ma);
    return fake_mem + ma;
}

paddr_t virt_to_maddr(const void *va)
{
    const unsigned char *p = va;

    if (!fake_mem || p < fake_mem || p >= fake_mem + fake_size)
        fail_msg("virt_to_maddr(%p) outside fake memory", va);
    return (paddr_t)(p - fake_mem);
}

/* A new arena of size bytes (the old one is freed); false if the host has none. */
static inline bool fake_mem_alloc(size_t size)
{
    free(fake_mem);
    fake_mem = aligned_alloc(PAGE_SIZE, size);
    fake_size = fake_mem ? size : 0;
    return fake_mem != NULL;
}

/* Machine frames [0, nr), all free in the page allocator: 0, or -1 (host OOM). */
static inline int fake_heap_init(unsigned long nr)
{
    if (!fake_mem_alloc(nr * PAGE_SIZE))
        return -1;
    free(fake_frames);
    fake_frames = calloc(nr, sizeof(*fake_frames));
    if (!fake_frames)
        return -1;
    page_alloc_init(fake_frames, 0, nr);
    page_alloc_free_range(0, nr);
    return 0;
}

static inline void fake_mem_release(void)
{
    free(fake_mem);
    free(fake_frames);
    fake_mem = NULL;
    fake_frames = NULL;
    fake_size = 0;
}

#endif /* TEST_FAKE_MEM_H */
