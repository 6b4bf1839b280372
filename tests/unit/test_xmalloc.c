/*
 * Host tests for the small-object heap (xen/xmalloc.c) on top of the real
 * page allocator. One 8 MiB buffer stands in for physical memory for the
 * whole run, because size-class free lists outlive a single test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/mm.h>
#include <xen/xmalloc.h>
#include "fake_mem.h"
#include "unit_stubs.h"

#define FAKE_FRAMES 2048UL      /* 8 MiB */


static int group_setup(void **state)
{
    return fake_heap_init(FAKE_FRAMES);
}

static int group_teardown(void **state)
{
    fake_mem_release();
    return 0;
}

static void assert_aligned(const void *p)
{
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % XMALLOC_ALIGN, 0);
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;

    return x < y ? -1 : x > y;
}

/* n objects of size bytes: aligned, disjoint, and packed into few pages. */
static void check_class(size_t size, unsigned int n, size_t chunk)
{
    void **p = calloc(n, sizeof(*p));
    unsigned long before = page_alloc_free_pages(), used;

    assert_non_null(p);
    for (unsigned int i = 0; i < n; i++) {
        p[i] = xmalloc_bytes(size);
        assert_aligned(p[i]);
        memset(p[i], (int)i, size);
    }
    qsort(p, n, sizeof(*p), cmp_ptr);
    for (unsigned int i = 1; i < n; i++)
        assert_true((uintptr_t)p[i] - (uintptr_t)p[i - 1] >= chunk);
    used = before - page_alloc_free_pages();
    assert_true(used <= (n * chunk + PAGE_SIZE - 1) / PAGE_SIZE);
    for (unsigned int i = 0; i < n; i++)
        xfree(p[i]);
    free(p);
}

static void test_size_classes(void **state)
{
    /* Chunk sizes include the 16-byte header. */
    check_class(0, 300, 32);
    check_class(1, 300, 32);
    check_class(16, 300, 32);
    check_class(17, 300, 64);
    check_class(100, 200, 128);
    check_class(1000, 50, 1024);
    check_class(2032, 20, 2048);
}

static void test_free_chunk_is_reused(void **state)
{
    void *p = xmalloc_bytes(40);
    unsigned long before;

    assert_aligned(p);
    xfree(p);
    before = page_alloc_free_pages();
    assert_ptr_equal(xmalloc_bytes(48), p);     /* same class, same chunk */
    assert_int_equal(page_alloc_free_pages(), before);
    xfree(p);
}

static void test_big_allocations(void **state)
{
    unsigned long before = page_alloc_free_pages();
    unsigned char *p = xmalloc_bytes(2033);     /* 2049 with header: a page */

    assert_aligned(p);
    assert_int_equal(virt_to_maddr(p) % PAGE_SIZE, XMALLOC_ALIGN);
    assert_int_equal(page_alloc_free_pages(), before - 1);
    xfree(p);
    assert_int_equal(page_alloc_free_pages(), before);

    p = xmalloc_bytes(5 * PAGE_SIZE);           /* needs order 3 */
    assert_aligned(p);
    memset(p, 0xcc, 5 * PAGE_SIZE);
    assert_int_equal(page_alloc_free_pages(), before - 8);
    xfree(p);
    assert_int_equal(page_alloc_free_pages(), before);

    p = xmalloc_bytes(4 * PAGE_SIZE - XMALLOC_ALIGN);  /* exactly order 2 */
    assert_aligned(p);
    assert_int_equal(page_alloc_free_pages(), before - 4);
    xfree(p);

    p = xmalloc_bytes(4 * PAGE_SIZE - 8);       /* header tips it to order 3 */
    assert_aligned(p);
    assert_int_equal(page_alloc_free_pages(), before - 8);
    xfree(p);
}

static void test_too_big_and_exhaustion(void **state)
{
    unsigned long before = page_alloc_free_pages();
    void *blocks[FAKE_FRAMES];
    unsigned int n = 0;

    assert_null(xmalloc_bytes(PAGE_SIZE << MAX_ORDER));
    assert_null(xmalloc_bytes(SIZE_MAX));
    assert_null(xmalloc_bytes(SIZE_MAX - 8));
    assert_null(xmalloc_bytes(16 * 1024 * 1024));  /* more than all memory */
    assert_int_equal(page_alloc_free_pages(), before);

    while ((blocks[n] = xmalloc_bytes(3 * PAGE_SIZE)) != NULL)
        n++;
    assert_true(n > 0 && n <= before / 4);
    for (unsigned int k = 2; k <= MAX_ORDER; k++)
        assert_int_equal(page_alloc_free_blocks(k), 0);
    while (n)
        xfree(blocks[--n]);
    assert_int_equal(page_alloc_free_pages(), before);
}

static void test_xzalloc_zeroes(void **state)
{
    unsigned char *p = xmalloc_bytes(200);

    memset(p, 0xff, 200);
    xfree(p);
    unsigned char *q = xzalloc_bytes(200);

    assert_ptr_equal(q, p);         /* reused chunk, so zeroing matters */
    for (unsigned int i = 0; i < 200; i++)
        assert_int_equal(q[i], 0);
    xfree(q);

    p = xmalloc_bytes(3 * PAGE_SIZE);
    memset(p, 0xee, 3 * PAGE_SIZE);
    xfree(p);
    q = xzalloc_bytes(3 * PAGE_SIZE);
    assert_ptr_equal(q, p);
    for (unsigned int i = 0; i < 3 * PAGE_SIZE; i++)
        assert_int_equal(q[i], 0);
    xfree(q);
}

struct sample {
    u64 id;
    char name[40];
};

static void test_typed_macros(void **state)
{
    struct sample *s = xmalloc(struct sample);

    assert_aligned(s);
    memset(s, 0x77, sizeof(*s));
    xfree(s);
    s = xzalloc(struct sample);
    assert_aligned(s);
    assert_int_equal(s->id, 0);
    assert_int_equal(s->name[39], 0);
    xfree(s);

    u32 *a = xzalloc_array(u32, 1000);

    assert_aligned(a);
    for (unsigned int i = 0; i < 1000; i++)
        assert_int_equal(a[i], 0);
    xfree(a);
    a = xmalloc_array(u32, 10);
    assert_aligned(a);
    xfree(a);
}

static void test_array_overflow(void **state)
{
    unsigned long before = page_alloc_free_pages();

    /* elem * n wraps to 8: must not hand out an 8-byte object. */
    assert_null(xmalloc_array(u64, SIZE_MAX / 8 + 2));
    assert_null(xzalloc_array(u64, SIZE_MAX / 8 + 2));
    assert_null(xmalloc_array_bytes(SIZE_MAX, 2));
    assert_null(xmalloc_array_bytes(2, SIZE_MAX));
    assert_int_equal(page_alloc_free_pages(), before);
}

static void test_xfree_null(void **state)
{
    unsigned long before = page_alloc_free_pages();

    xfree(NULL);
    assert_int_equal(page_alloc_free_pages(), before);
    assert_int_equal(page_alloc_audit(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_classes),
        cmocka_unit_test(test_free_chunk_is_reused),
        cmocka_unit_test(test_big_allocations),
        cmocka_unit_test(test_too_big_and_exhaustion),
        cmocka_unit_test(test_xzalloc_zeroes),
        cmocka_unit_test(test_typed_macros),
        cmocka_unit_test(test_array_overflow),
        cmocka_unit_test(test_xfree_null),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
