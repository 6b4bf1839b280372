/*
 * Host tests for the buddy allocator (xen/page_alloc.c) and its boot-time
 * setup (xen/page_alloc_boot.c). A shadow model of which frames are usable
 * and which are handed out is checked against the allocator after every
 * step; "physical memory" is a heap buffer reached via maddr_to_virt().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include "fake_mem.h"
#include "unit_stubs.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* ---- fake physical memory (fake_mem.h): phys [0, fake_size) at fake_mem ---- */

static void fake_mem_new(size_t size)
{
    assert_true(fake_mem_alloc(size));
}

/* ---- frame table owned by the test ---- */

static struct page_info *table;

static void table_new(mfn_t base, unsigned long nr)
{
    free(table);
    table = calloc(nr, sizeof(*table));
    assert_non_null(table);
    page_alloc_init(table, base, nr);
}

static int teardown(void **state)
{
    free(table);
    table = NULL;
    fake_mem_release();
    return 0;
}

static void snapshot_orders(unsigned long counts[MAX_ORDER + 1])
{
    for (unsigned int k = 0; k <= MAX_ORDER; k++)
        counts[k] = page_alloc_free_blocks(k);
}

/* No free block of order >= order: the only legitimate reason to fail. */
static void assert_no_block_at_least(unsigned int order)
{
    for (unsigned int k = order; k <= MAX_ORDER; k++)
        assert_int_equal(page_alloc_free_blocks(k), 0);
}

/* Deterministic PRNG (xorshift64*), so failures reproduce. */
static u64 rng_state;

static u64 rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* ---- basic shapes ---- */

static void test_init_all_reserved(void **state)
{
    table_new(0, 1024);
    assert_int_equal(page_alloc_total_pages(), 0);
    assert_int_equal(page_alloc_free_pages(), 0);
    assert_int_equal(alloc_mfns(0), INVALID_MFN);
    assert_int_equal(page_alloc_audit(), 0);
}

static void test_free_range_makes_maximal_blocks(void **state)
{
    table_new(0, 1024);
    page_alloc_free_range(0, 1024);
    assert_int_equal(page_alloc_free_pages(), 1024);
    assert_int_equal(page_alloc_total_pages(), 1024);
    assert_int_equal(page_alloc_free_blocks(10), 1);
    for (unsigned int k = 0; k < 10; k++)
        assert_int_equal(page_alloc_free_blocks(k), 0);

    /* [1, 1024) is one aligned block of each order 0..9. */
    table_new(0, 1024);
    page_alloc_free_range(1, 1024);
    for (unsigned int k = 0; k < 10; k++)
        assert_int_equal(page_alloc_free_blocks(k), 1);
    assert_int_equal(page_alloc_free_blocks(10), 0);
    assert_int_equal(page_alloc_audit(), 0);
}

static void test_free_range_idempotent_and_clipped(void **state)
{
    table_new(100, 412);            /* frames [100, 512) */
    page_alloc_free_range(0, 300);  /* starts below the table */
    page_alloc_free_range(200, 10000);
    page_alloc_free_range(150, 250);
    assert_int_equal(page_alloc_free_pages(), 412);
    assert_int_equal(page_alloc_total_pages(), 412);
    assert_int_equal(page_alloc_audit(), 0);
    page_alloc_free_range(600, 700); /* entirely outside: ignored */
    assert_int_equal(page_alloc_free_pages(), 412);
}

static void test_gigabyte_blocks(void **state)
{
    table_new(0, 2UL << MAX_ORDER);     /* 2 GiB of frames */
    page_alloc_free_range(0, 2UL << MAX_ORDER);
    assert_int_equal(page_alloc_free_blocks(MAX_ORDER), 2);

    mfn_t a = alloc_mfns(MAX_ORDER), b = alloc_mfns(MAX_ORDER);
    assert_int_not_equal(a, INVALID_MFN);
    assert_int_not_equal(b, INVALID_MFN);
    assert_int_equal(a & ((1UL << MAX_ORDER) - 1), 0);
    assert_int_equal(b & ((1UL << MAX_ORDER) - 1), 0);
    assert_int_not_equal(a, b);
    assert_int_equal(alloc_mfns(0), INVALID_MFN);
    assert_int_equal(alloc_mfns(MAX_ORDER + 1), INVALID_MFN);
    free_mfns(a, MAX_ORDER);
    free_mfns(b, MAX_ORDER);
    assert_int_equal(page_alloc_free_blocks(MAX_ORDER), 2);
    assert_int_equal(page_alloc_audit(), 0);
}

/* ---- randomized alloc/free against a shadow model ---- */

struct live_block {
    mfn_t mfn;
    unsigned int order;
};

struct model {
    mfn_t base;
    unsigned long nr;
    unsigned char *usable;      /* per frame: may be handed out */
    unsigned char *owned;       /* per frame: handed out now */
    struct live_block *live;
    unsigned long nr_live, allocated;
};

static unsigned int random_order(void)
{
    u64 r = rng() % 16;

    return r < 10 ? (unsigned int)(r % 3) : (unsigned int)(rng() % 9);
}

static void model_alloc(struct model *m, unsigned int order)
{
    mfn_t mfn = alloc_mfns(order);

    if (mfn == INVALID_MFN) {
        assert_no_block_at_least(order);
        return;
    }
    assert_int_equal(mfn & ((1UL << order) - 1), 0);
    assert_true(mfn >= m->base && mfn + (1UL << order) <= m->base + m->nr);
    for (unsigned long i = 0; i < (1UL << order); i++) {
        assert_true(m->usable[mfn - m->base + i]);
        assert_false(m->owned[mfn - m->base + i]);
        m->owned[mfn - m->base + i] = 1;
    }
    m->live[m->nr_live++] = (struct live_block){ mfn, order };
    m->allocated += 1UL << order;
}

static void model_free(struct model *m, unsigned long i)
{
    struct live_block b = m->live[i];

    free_mfns(b.mfn, b.order);
    memset(&m->owned[b.mfn - m->base], 0, 1UL << b.order);
    m->live[i] = m->live[--m->nr_live];
    m->allocated -= 1UL << b.order;
}

/* Frames [base, base + nr) with two holes, recorded in the model. */
static void model_setup(struct model *m, mfn_t base, unsigned long nr)
{
    *m = (struct model){ .base = base, .nr = nr };
    m->usable = calloc(nr, 1);
    m->owned = calloc(nr, 1);
    m->live = calloc(nr, sizeof(*m->live));
    assert_true(m->usable && m->owned && m->live);
    table_new(base, nr);
    page_alloc_free_range(base, base + nr);
    page_alloc_reserve_range(base + 1000, base + 1100);
    page_alloc_reserve_range(base + 4095, base + 4097);
    memset(m->usable, 1, nr);
    memset(m->usable + 1000, 0, 100);
    memset(m->usable + 4095, 0, 2);
}

static void run_random(u64 seed, unsigned int steps)
{
    unsigned long before[MAX_ORDER + 1], after[MAX_ORDER + 1], initial;
    struct model m;

    rng_state = seed;
    model_setup(&m, 0x403, 6000);   /* deliberately unaligned base */
    initial = page_alloc_free_pages();
    assert_int_equal(initial, 6000 - 102);
    snapshot_orders(before);
    for (unsigned int step = 0; step < steps; step++) {
        if (m.nr_live == 0 || rng() % 100 < 55)
            model_alloc(&m, random_order());
        else
            model_free(&m, (unsigned long)(rng() % m.nr_live));
        assert_int_equal(page_alloc_free_pages(), initial - m.allocated);
        assert_int_equal(page_alloc_total_pages(), initial);
        assert_int_equal(page_alloc_audit(), 0);
    }
    while (m.nr_live)
        model_free(&m, 0);
    assert_int_equal(page_alloc_free_pages(), initial);
    snapshot_orders(after);
    assert_memory_equal(before, after, sizeof(before));
    assert_int_equal(page_alloc_audit(), 0);
    free(m.usable);
    free(m.owned);
    free(m.live);
}

static void test_random_seed_1(void **state)
{
    run_random(1, 5000);
}

static void test_random_seed_42(void **state)
{
    run_random(42, 5000);
}

static void test_random_seed_deadbeef(void **state)
{
    run_random(0xdeadbeefULL, 5000);
}

/* ---- fragmentation, reservation, exhaustion ---- */

static void test_fragmentation(void **state)
{
    mfn_t mfns[1024];

    table_new(0, 1024);
    page_alloc_free_range(0, 1024);
    for (unsigned int i = 0; i < 1024; i++) {
        mfns[i] = alloc_mfns(0);
        assert_int_not_equal(mfns[i], INVALID_MFN);
    }
    assert_int_equal(alloc_mfns(0), INVALID_MFN);
    for (unsigned int i = 0; i < 1024; i++)
        if (mfns[i] % 2 == 0)
            free_mfns(mfns[i], 0);
    assert_int_equal(page_alloc_free_pages(), 512);
    assert_int_equal(page_alloc_free_blocks(0), 512);
    assert_int_equal(alloc_mfns(1), INVALID_MFN);
    for (unsigned int i = 0; i < 1024; i++)
        if (mfns[i] % 2 == 1)
            free_mfns(mfns[i], 0);
    assert_int_equal(page_alloc_free_blocks(10), 1);
    assert_int_equal(alloc_mfns(10), 0);
    assert_int_equal(page_alloc_audit(), 0);
}

static void test_reserve_over_free(void **state)
{
    mfn_t mfn;
    unsigned long n = 0;

    table_new(0, 1024);
    page_alloc_free_range(0, 1024);
    page_alloc_reserve_range(100, 200);
    page_alloc_reserve_range(150, 250);     /* half already reserved */
    page_alloc_reserve_range(150, 160);     /* all already reserved */
    assert_int_equal(page_alloc_free_pages(), 1024 - 150);
    assert_int_equal(page_alloc_total_pages(), 1024 - 150);
    assert_int_equal(page_alloc_audit(), 0);
    while ((mfn = alloc_mfns(0)) != INVALID_MFN) {
        assert_true(mfn < 100 || mfn >= 250);
        n++;
    }
    assert_int_equal(n, 1024 - 150);
}

static void test_reserve_then_refree_coalesces(void **state)
{
    table_new(0, 4096);
    page_alloc_free_range(0, 4096);
    page_alloc_reserve_range(1, 2);         /* splits the order-12 block */
    page_alloc_reserve_range(2048, 4096);   /* exactly the upper half */
    assert_int_equal(page_alloc_free_blocks(12), 0);
    assert_int_equal(page_alloc_free_pages(), 2047);
    assert_int_equal(alloc_mfns(11), INVALID_MFN);
    page_alloc_free_range(0, 4096);
    assert_int_equal(page_alloc_free_blocks(12), 1);
    assert_int_equal(page_alloc_free_pages(), 4096);
    assert_int_equal(page_alloc_audit(), 0);
}

static void test_exhaustion(void **state)
{
    table_new(0, 64);
    page_alloc_free_range(0, 64);
    assert_int_equal(alloc_mfns(7), INVALID_MFN);
    assert_int_equal(alloc_mfns(6), 0);
    assert_int_equal(alloc_mfns(0), INVALID_MFN);
    assert_null(alloc_xenheap_page());
    assert_int_equal(page_alloc_free_pages(), 0);
    free_mfns(0, 6);
    assert_int_equal(page_alloc_free_pages(), 64);
}

static void test_xenheap_wrappers(void **state)
{
    fake_mem_new(1 * MiB);
    table_new(0, 256);
    page_alloc_free_range(0, 256);
    unsigned char *p = alloc_xenheap_pages(2);

    assert_non_null(p);
    assert_int_equal(virt_to_maddr(p) % (4 * PAGE_SIZE), 0);
    memset(p, 0xaa, 4 * PAGE_SIZE);     /* ASan: the whole block is ours */
    assert_int_equal(page_alloc_free_pages(), 252);
    free_xenheap_pages(p, 2);
    free_xenheap_pages(NULL, 3);
    free_xenheap_page(NULL);
    assert_int_equal(page_alloc_free_pages(), 256);
    p = alloc_xenheap_pages(8);
    assert_ptr_equal(p, fake_mem);
    assert_null(alloc_xenheap_page());
    free_xenheap_pages(p, 8);
    assert_int_equal(page_alloc_audit(), 0);
}

/* ---- boot-time setup from a memory map ---- */

static struct bootinfo bi;

static void map_add(paddr_t start, u64 size, u32 type)
{
    bi.mem[bi.nr_mem++] = (struct boot_mem_region){ start, size, type };
}

/* Expected state per frame, filled from hand-derived ranges. */
static unsigned char *expect;
static unsigned long expect_nr;

static void expect_set(paddr_t s, paddr_t e, unsigned char v)
{
    for (mfn_t mfn = s >> PAGE_SHIFT; mfn < (e >> PAGE_SHIFT); mfn++)
        expect[mfn] = v;
}

static unsigned long expect_count(void)
{
    unsigned long n = 0;

    for (unsigned long i = 0; i < expect_nr; i++)
        n += expect[i];
    return n;
}

/* Hand out every free frame; each must be expected and seen only once. */
static void drain_and_check(void)
{
    unsigned long n = 0;
    mfn_t mfn;

    while ((mfn = alloc_mfns(0)) != INVALID_MFN) {
        assert_true(mfn < expect_nr);
        assert_true(expect[mfn]);
        expect[mfn] = 0;
        n++;
    }
    assert_int_equal(expect_count(), 0);
    assert_int_equal(page_alloc_free_pages(), 0);
    assert_true(n > 0);
}

static paddr_t table_maddr(void)
{
    return virt_to_maddr(mfn_to_page(0));
}

static int boot_setup(void **state)
{
    memset(&bi, 0, sizeof(bi));
    unit_log_reset();
    return 0;
}

static int boot_teardown(void **state)
{
    free(expect);
    expect = NULL;
    return teardown(state);
}

static void test_boot_messy_map(void **state)
{
    const struct mem_range reserved[] = {
        { 1 * MiB, 4 * MiB + 5 },           /* image, unaligned end */
        { 0x1800000, 0x1900000 },           /* a module */
        { 0x2800000, 0x2800000 },           /* empty */
        { 0x3000000, 0x2000000 },           /* inverted: ignored */
    };
    const paddr_t top = 4 * GiB + 512 * MiB;
    const u64 table_bytes = (top >> PAGE_SHIFT) * sizeof(struct page_info);
    char line[128];

    map_add(0x100800, 0x3000000 - 0x100800 + 0x123, MEM_RAM);  /* unaligned */
    map_add(0, 0x9fc00, MEM_RAM);
    map_add(0x9fc00, 0x60400, MEM_RESERVED);
    map_add(4 * GiB, 512 * MiB, MEM_RAM);                        /* above 4 GiB */
    map_add(0x2000000, 0x2000000, MEM_RAM);                      /* overlaps */
    map_add(0x3f00010, 0x10000, MEM_ACPI);                       /* inside RAM */
    map_add(0x5000000, 0, MEM_RAM);                              /* empty */
    map_add(0x4000800, 0x400, MEM_RAM);                          /* no whole page */
    map_add(1ULL << 45, ~0ULL - (1ULL << 45), MEM_RESERVED);     /* huge */
    map_add(0xfec00000, 0x1400000, MEM_RESERVED);
    fake_mem_new(64 * MiB);

    expect_nr = top >> PAGE_SHIFT;
    expect = calloc(expect_nr, 1);
    assert_non_null(expect);
    expect_set(0, 0x9f000, 1);
    expect_set(0x101000, 0x4000000, 1);
    expect_set(4 * GiB, top, 1);
    expect_set(0x3f00000, 0x3f11000, 0);
    unsigned long usable = expect_count();
    expect_set(0, 4 * MiB + PAGE_SIZE, 0);
    expect_set(0x1800000, 0x1900000, 0);
    /* Lowest fit: right after the image. */
    expect_set(4 * MiB + PAGE_SIZE, 4 * MiB + PAGE_SIZE + table_bytes, 0);

    assert_int_equal(page_alloc_boot_init(&bi, reserved, ARRAY_SIZE(reserved)), 0);
    assert_int_equal(table_maddr(), 4 * MiB + PAGE_SIZE);
    assert_int_equal(page_alloc_free_pages(), expect_count());
    assert_int_equal(page_alloc_total_pages(), expect_count());
    snprintf(line, sizeof(line), "Memory: %lu MiB usable, %lu MiB free (%lu pages)",
             usable >> 8, expect_count() >> 8, expect_count());
    assert_true(unit_log_contains(line));
    assert_int_equal(page_alloc_audit(), 0);
    drain_and_check();
}

static void test_boot_table_avoids_firmware_and_callers(void **state)
{
    const struct mem_range reserved[] = { { 2 * MiB, 2 * MiB + 1 } };

    map_add(0, 16 * MiB, MEM_RAM);
    map_add(1 * MiB, 1 * MiB, MEM_ACPI);
    fake_mem_new(16 * MiB);
    assert_int_equal(page_alloc_boot_init(&bi, reserved, 1), 0);
    /* 4096 frames * 12 bytes = 12 pages, placed after both ranges. */
    assert_int_equal(table_maddr(), 2 * MiB + PAGE_SIZE);

    expect_nr = 4096;
    expect = calloc(expect_nr, 1);
    assert_non_null(expect);
    expect_set(0, 16 * MiB, 1);
    expect_set(0, 2 * MiB + 13 * PAGE_SIZE, 0);
    assert_int_equal(page_alloc_free_pages(), 4096 - 512 - 13);
    drain_and_check();
}

static void test_boot_ignores_ram_beyond_limit(void **state)
{
    map_add(0, 8 * MiB, MEM_RAM);
    map_add(1ULL << 50, 1ULL << 62, MEM_RAM);
    fake_mem_new(8 * MiB);
    assert_int_equal(page_alloc_boot_init(&bi, NULL, 0), 0);
    assert_int_equal(page_alloc_total_pages(), 2048 - 256 - 6);
}

static void test_boot_no_ram(void **state)
{
    map_add(0, 16 * MiB, MEM_RESERVED);
    map_add(0x200800, 0x400, MEM_RAM);
    assert_int_equal(page_alloc_boot_init(&bi, NULL, 0), -ENOMEM);
    assert_true(unit_log_contains("no usable RAM"));
    assert_false(unit_log_contains("Memory:"));
}

static void test_boot_huge_entry_no_room_for_table(void **state)
{
    /* Clipped at 1 TiB: a 3 GiB frame table cannot fit in 16 MiB. */
    map_add(0, 16 * MiB, MEM_RAM);
    map_add(PAGE_ALLOC_MAX_PADDR - MiB, ~0ULL - PAGE_ALLOC_MAX_PADDR, MEM_RAM);
    assert_int_equal(page_alloc_boot_init(&bi, NULL, 0), -ENOMEM);
    assert_true(unit_log_contains("ignoring RAM above"));
    assert_true(unit_log_contains("no room for the"));
}

#define BOOT_TEST(f) cmocka_unit_test_setup_teardown(f, boot_setup, boot_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_init_all_reserved, teardown),
        cmocka_unit_test_teardown(test_free_range_makes_maximal_blocks, teardown),
        cmocka_unit_test_teardown(test_free_range_idempotent_and_clipped, teardown),
        cmocka_unit_test_teardown(test_gigabyte_blocks, teardown),
        cmocka_unit_test_teardown(test_random_seed_1, teardown),
        cmocka_unit_test_teardown(test_random_seed_42, teardown),
        cmocka_unit_test_teardown(test_random_seed_deadbeef, teardown),
        cmocka_unit_test_teardown(test_fragmentation, teardown),
        cmocka_unit_test_teardown(test_reserve_over_free, teardown),
        cmocka_unit_test_teardown(test_reserve_then_refree_coalesces, teardown),
        cmocka_unit_test_teardown(test_exhaustion, teardown),
        cmocka_unit_test_teardown(test_xenheap_wrappers, teardown),
        BOOT_TEST(test_boot_messy_map),
        BOOT_TEST(test_boot_table_avoids_firmware_and_callers),
        BOOT_TEST(test_boot_ignores_ram_beyond_limit),
        BOOT_TEST(test_boot_no_ram),
        BOOT_TEST(test_boot_huge_entry_no_room_for_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
