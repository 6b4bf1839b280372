/*
 * Unit tests for the page-table walker (arch/x86/pagetable.c) over fake
 * physical memory: a 4 MiB host buffer posing as RAM at 0x1000000, with a
 * counting page allocator that can be told to run dry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/pagetable.h>
#include "unit_stubs.h"

#define FAKE_BASE       0x1000000ULL
#define FAKE_PAGES      1024u
#define SZ_4K           0x1000ULL
#define SZ_2M           0x200000ULL
#define SZ_1G           0x40000000ULL
#define ADDR_BITS       0x000ffffffffff000ULL

/* ---- Fake memory and allocator ------------------------------------------ */

static u8 fake_mem[FAKE_PAGES * SZ_4K] __attribute__((aligned(4096)));
static bool page_used[FAKE_PAGES];
static unsigned int pages_in_use;
static unsigned int alloc_limit;        /* refuse when pages_in_use reaches it */
static unsigned int next_hint;
static int fake_ctx;                    /* address passed as ops_ctx */

static int fake_reset(void **state)
{
    memset(page_used, 0, sizeof(page_used));
    pages_in_use = 0;
    alloc_limit = FAKE_PAGES;
    next_hint = 0;
    unit_log_reset();
    return 0;
}

static unsigned int fake_page_of(paddr_t pa)
{
    assert_true(pa >= FAKE_BASE && pa < FAKE_BASE + sizeof(fake_mem));
    return (unsigned int)((pa - FAKE_BASE) / SZ_4K);
}

/* Hands out pages round-robin and scribbles on them: the walker must zero. */
static paddr_t fake_alloc(void *ctx)
{
    unsigned int i;

    assert_ptr_equal(ctx, &fake_ctx);
    if (pages_in_use >= alloc_limit)
        return 0;
    for (i = 0; i < FAKE_PAGES; i++) {
        unsigned int p = (next_hint + i) % FAKE_PAGES;

        if (!page_used[p]) {
            page_used[p] = true;
            pages_in_use++;
            next_hint = p + 1;
            memset(fake_mem + p * SZ_4K, 0xa5, SZ_4K);
            return FAKE_BASE + p * SZ_4K;
        }
    }
    return 0;
}

static void fake_free(void *ctx, paddr_t pa)
{
    unsigned int p = fake_page_of(pa);

    assert_ptr_equal(ctx, &fake_ctx);
    assert_true(IS_ALIGNED(pa, SZ_4K));
    assert_true(page_used[p]);                  /* no double or wild free */
    page_used[p] = false;
    pages_in_use--;
    memset(fake_mem + p * SZ_4K, 0x5a, SZ_4K);  /* catch use after free */
}

/* Only allocated pages may be touched: catches walking a freed table. */
static void *fake_p2v(void *ctx, paddr_t pa)
{
    unsigned int p = fake_page_of(pa);

    assert_true(page_used[p]);
    return fake_mem + (pa - FAKE_BASE);
}

static const struct pt_ops fake_ops = {
    .alloc_table_page = fake_alloc,
    .free_table_page = fake_free,
    .phys_to_virt = fake_p2v,
};

static void new_root(struct pt_root *root, const struct pt_format *fmt,
                     bool allow_1g)
{
    assert_int_equal(pt_init(root, fmt, &fake_ops, &fake_ctx, allow_1g), 0);
    assert_int_equal(pages_in_use, 1);
}

/*
 * Independent decoder for the tests: the raw entry at `level` for va,
 * found by walking the 9-bit indices down from the root. NULL if a table
 * on the way is missing or the walk hits a large leaf first.
 */
static pt_entry_t *raw_entry(const struct pt_root *root, u64 va,
                             unsigned int level)
{
    paddr_t table = root->root_pa;
    unsigned int l;

    for (l = 4;; l--) {
        pt_entry_t *e = (pt_entry_t *)fake_p2v(&fake_ctx, table) +
                        ((va >> (12 + 9 * (l - 1))) & 511);

        if (l == level)
            return e;
        if (!(*e & 7) || (*e & (1ULL << 7)))
            return NULL;
        table = *e & ADDR_BITS;
    }
}

static void expect_map(u64 va, paddr_t pa, unsigned int flags,
                       unsigned int level, const struct pt_root *root)
{
    paddr_t got_pa = 0;
    unsigned int got_flags = 0, got_level = 0;

    assert_int_equal(pt_translate(root, va, &got_pa, &got_flags, &got_level), 0);
    assert_int_equal(got_pa, pa);
    assert_int_equal(got_flags, flags);
    if (level)
        assert_int_equal(got_level, level);
}

static void expect_unmapped(const struct pt_root *root, u64 va)
{
    assert_int_equal(pt_translate(root, va, NULL, NULL, NULL), -ENOENT);
}

/* ---- Basic mapping -------------------------------------------------------- */

static void test_map_4k_translate(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, false);
    expect_unmapped(&r, 0x400000);
    assert_int_equal(pt_map(&r, 0x400000, 0x12345000, SZ_4K, PT_RW), 0);
    expect_map(0x400000, 0x12345000, PT_RW, 1, &r);
    expect_map(0x400abc, 0x12345abc, PT_RW, 1, &r);
    expect_unmapped(&r, 0x3ff000);
    expect_unmapped(&r, 0x401000);
    /* PML4 + PDPT + PD + PT, and each one zeroed despite the 0xa5 fill. */
    assert_int_equal(pages_in_use, 4);
    assert_int_equal(*raw_entry(&r, 0x401000, 1), 0);
    pt_destroy(&r);
    assert_int_equal(pages_in_use, 0);
}

static void test_map_2m_single_leaf(void **state)
{
    struct pt_root r;
    u64 off;

    new_root(&r, &pt_format_x86_64, true);
    assert_int_equal(pt_map(&r, 0x40200000, 0x80000000, SZ_2M, PT_RWX), 0);
    for (off = 0; off < SZ_2M; off += 0x7f000)
        expect_map(0x40200000 + off, 0x80000000 + off, PT_RWX, 2, &r);
    expect_unmapped(&r, 0x40400000);
    assert_int_equal(pages_in_use, 3);          /* no level-1 table */
    assert_true(*raw_entry(&r, 0x40200000, 2) & (1ULL << 7));
    pt_destroy(&r);
}

static void test_map_1g_leaf_only_when_allowed(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, true);
    assert_int_equal(pt_map(&r, SZ_1G, 2 * SZ_1G, SZ_1G, PT_RW), 0);
    expect_map(SZ_1G + 0x12345678, 2 * SZ_1G + 0x12345678, PT_RW, 3, &r);
    assert_int_equal(pages_in_use, 2);
    pt_destroy(&r);

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, SZ_1G, 2 * SZ_1G, SZ_1G, PT_RW), 0);
    expect_map(SZ_1G, 2 * SZ_1G, PT_RW, 2, &r);
    expect_map(SZ_1G + 0x12345678, 2 * SZ_1G + 0x12345678, PT_RW, 2, &r);
    expect_map(2 * SZ_1G - SZ_4K, 3 * SZ_1G - SZ_4K, PT_RW, 2, &r);
    assert_int_equal(pages_in_use, 3);          /* one PD of 512 2M leaves */
    pt_destroy(&r);

    /* Allowed, but pa only 2M aligned: 2M leaves. */
    new_root(&r, &pt_format_x86_64, true);
    assert_int_equal(pt_map(&r, SZ_1G, SZ_1G + SZ_2M, SZ_1G, PT_RW), 0);
    expect_map(SZ_1G, SZ_1G + SZ_2M, PT_RW, 2, &r);
    pt_destroy(&r);
}

static void test_misaligned_range_mixes_sizes(void **state)
{
    struct pt_root r;
    const u64 va = 0x1fe000, pa = 0x7fe000, size = SZ_2M + 0x4000;
    u64 off;

    new_root(&r, &pt_format_x86_64, true);
    assert_int_equal(pt_map(&r, va, pa, size, PT_READ), 0);
    for (off = 0; off < size; off += SZ_4K) {
        u64 v = va + off;
        unsigned int lvl = (v >= 0x200000 && v < 0x400000) ? 2 : 1;

        expect_map(v, pa + off, PT_READ, lvl, &r);
    }
    expect_unmapped(&r, va - SZ_4K);
    expect_unmapped(&r, va + size);
    pt_destroy(&r);

    /* va and pa disagree mod 2M: no 2M leaf is possible anywhere. */
    new_root(&r, &pt_format_x86_64, true);
    assert_int_equal(pt_map(&r, 0x200000, 0x201000, SZ_2M, PT_READ), 0);
    for (off = 0; off < SZ_2M; off += SZ_4K)
        expect_map(0x200000 + off, 0x201000 + off, PT_READ, 1, &r);
    pt_destroy(&r);
}

/* ---- Splitting, replacing and unmapping ------------------------------------ */

static void test_unmap_4k_splits_2m(void **state)
{
    const unsigned int fl = PT_RW | PT_GLOBAL | PT_WC;
    struct pt_root r;
    u64 off;

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, 0x600000, 0x40000000, SZ_2M, fl), 0);
    assert_int_equal(pt_unmap(&r, 0x605000, SZ_4K), 0);
    for (off = 0; off < SZ_2M; off += SZ_4K) {
        if (off == 0x5000)
            expect_unmapped(&r, 0x605000);
        else
            expect_map(0x600000 + off, 0x40000000 + off, fl, 1, &r);
    }
    assert_int_equal(pages_in_use, 4);
    pt_destroy(&r);
}

static void test_split_1g_keeps_rest(void **state)
{
    struct pt_root r;
    u64 off;

    new_root(&r, &pt_format_ept, true);
    assert_int_equal(pt_map(&r, 0, SZ_1G, SZ_1G, PT_RWX), 0);
    assert_int_equal(pt_map(&r, 0x20003000, 0x5000, SZ_4K, PT_READ | PT_UC), 0);
    expect_map(0x20003000, 0x5000, PT_READ | PT_UC, 1, &r);
    expect_map(0x20002000, SZ_1G + 0x20002000, PT_RWX, 1, &r);
    for (off = 0; off < SZ_1G; off += SZ_2M) {
        if (off != 0x20000000)
            expect_map(off + 0x1000, SZ_1G + off + 0x1000, PT_RWX, 2, &r);
    }
    pt_destroy(&r);
}

static void test_remap_changes_flags(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, 0x800000, 0x900000, 4 * SZ_4K, PT_RWX), 0);
    assert_int_equal(pt_map(&r, 0x801000, 0xa01000, 2 * SZ_4K,
                            PT_READ | PT_USER | PT_UC), 0);
    expect_map(0x800000, 0x900000, PT_RWX, 1, &r);
    expect_map(0x801000, 0xa01000, PT_READ | PT_USER | PT_UC, 1, &r);
    expect_map(0x802000, 0xa02000, PT_READ | PT_USER | PT_UC, 1, &r);
    expect_map(0x803000, 0x903000, PT_RWX, 1, &r);
    pt_destroy(&r);
}

/* Mapping a whole 2M over a split region frees the now unused level-1 table. */
static void test_leaf_replaces_table(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, 0x200000, 0x300000, 8 * SZ_4K, PT_RW), 0);
    assert_int_equal(pages_in_use, 4);
    assert_int_equal(pt_map(&r, 0x200000, 0x400000, SZ_2M, PT_READ), 0);
    assert_int_equal(pages_in_use, 3);
    expect_map(0x201000, 0x401000, PT_READ, 2, &r);
    pt_destroy(&r);
}

static void test_unmap_frees_empty_tables(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, 0x7000, 0x7000, 3 * SZ_4K, PT_RW), 0);
    assert_int_equal(pt_unmap(&r, 0x8000, SZ_4K), 0);
    assert_int_equal(pages_in_use, 4);          /* 0x7000, 0x9000 remain */
    expect_map(0x9000, 0x9000, PT_RW, 1, &r);
    assert_int_equal(pt_unmap(&r, 0, SZ_2M), 0);
    expect_unmapped(&r, 0x7000);
    assert_int_equal(pages_in_use, 1);
    assert_int_equal(pt_unmap(&r, 0, SZ_1G), 0); /* holes are fine */
    pt_destroy(&r);
}

/* ---- Entry encodings ------------------------------------------------------ */

/* Host cache type -> PAT index, per the PAT layout in pagetable.c. */
static const struct { unsigned int type, pat_index; } host_pat[] = {
    { PT_WB, 0 }, { PT_WT, 1 }, { PT_UC, 3 }, { PT_WC, 6 },
};

static void check_host_cache_bits(pt_entry_t e, unsigned int idx,
                                  unsigned int pat_bit)
{
    assert_int_equal(!!(e & (1ULL << 3)), idx & 1);         /* PWT */
    assert_int_equal(!!(e & (1ULL << 4)), !!(idx & 2));     /* PCD */
    assert_int_equal(!!(e & (1ULL << pat_bit)), !!(idx & 4));
}

static void test_host_cache_bits(void **state)
{
    struct pt_root r;
    unsigned int i;

    new_root(&r, &pt_format_x86_64, false);
    for (i = 0; i < ARRAY_SIZE(host_pat); i++) {
        u64 va4k = 0x1000 * (i + 1), va2m = SZ_2M * (i + 1);
        paddr_t pa2m = 0x80000000 + SZ_2M * i;
        unsigned int fl = PT_READ | host_pat[i].type;
        pt_entry_t e;

        assert_int_equal(pt_map(&r, va4k, 0x5000, SZ_4K, fl), 0);
        assert_int_equal(pt_map(&r, va2m, pa2m, SZ_2M, fl), 0);
        e = *raw_entry(&r, va4k, 1);
        check_host_cache_bits(e, host_pat[i].pat_index, 7);
        assert_int_equal(e & ADDR_BITS, 0x5000);
        e = *raw_entry(&r, va2m, 2);
        check_host_cache_bits(e, host_pat[i].pat_index, 12);
        assert_true(e & (1ULL << 7));                       /* PS */
        /* The PAT bit at 12 must not leak into the translated address. */
        expect_map(va2m + 0x1000, pa2m + 0x1000, fl, 2, &r);
        expect_map(va4k, 0x5000, fl, 1, &r);
    }
    pt_destroy(&r);
}

static void test_ept_entry_bits(void **state)
{
    static const struct { unsigned int type; u64 mt; } ept_mt[] = {
        { PT_WB, 6 }, { PT_UC, 0 }, { PT_WC, 1 }, { PT_WT, 4 },
    };
    struct pt_root r;
    unsigned int i;
    pt_entry_t e;

    new_root(&r, &pt_format_ept, false);
    for (i = 0; i < ARRAY_SIZE(ept_mt); i++) {
        u64 va = SZ_4K * (i + 1);

        assert_int_equal(pt_map(&r, va, 0x7000, SZ_4K, PT_READ | ept_mt[i].type), 0);
        e = *raw_entry(&r, va, 1);
        assert_int_equal(e, 0x7000 | (ept_mt[i].mt << 3) | 1);  /* R, no IPAT */
        expect_map(va, 0x7000, PT_READ | ept_mt[i].type, 1, &r);
    }
    assert_int_equal(pt_map(&r, SZ_2M, 0x40000000, SZ_2M, PT_RWX), 0);
    e = *raw_entry(&r, SZ_2M, 2);
    assert_int_equal(e, 0x40000000 | (6 << 3) | (1 << 7) | 7);
    /* Non-leaf entries: address | RWX and nothing else. */
    e = *raw_entry(&r, 0, 4);
    assert_int_equal(e & ~ADDR_BITS, 7);
    e = *raw_entry(&r, 0, 3);
    assert_int_equal(e & ~ADDR_BITS, 7);
    e = *raw_entry(&r, 0, 2);
    assert_int_equal(e & ~ADDR_BITS, 7);
    assert_int_equal(pt_map(&r, 0, 0, SZ_4K, PT_READ | PT_USER), -EINVAL);
    assert_int_equal(pt_map(&r, 0, 0, SZ_4K, PT_READ | PT_GLOBAL), -EINVAL);
    assert_int_equal(pt_map(&r, 0, 0, SZ_4K, PT_WRITE), -EINVAL);
    pt_destroy(&r);
}

static void test_host_nx_iff_not_exec(void **state)
{
    const pt_entry_t nx = 1ULL << 63;
    struct pt_root r;
    unsigned int l;

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, 0x1000, 0x1000, SZ_4K, PT_READ | PT_EXEC), 0);
    assert_int_equal(pt_map(&r, 0x2000, 0x2000, SZ_4K, PT_RW), 0);
    assert_int_equal(pt_map(&r, SZ_2M, SZ_2M, SZ_2M, PT_READ), 0);
    assert_int_equal(pt_map(&r, 2 * SZ_2M, 2 * SZ_2M, SZ_2M, PT_RWX), 0);
    assert_false(*raw_entry(&r, 0x1000, 1) & nx);
    assert_true(*raw_entry(&r, 0x2000, 1) & nx);
    assert_true(*raw_entry(&r, SZ_2M, 2) & nx);
    assert_false(*raw_entry(&r, 2 * SZ_2M, 2) & nx);
    /* Upper levels never restrict: the leaf alone decides. */
    for (l = 2; l <= 4; l++) {
        pt_entry_t e = *raw_entry(&r, 0x2000, l);

        assert_false(e & nx);
        assert_int_equal(e & 7, 7);                         /* P, RW, US */
    }
    pt_destroy(&r);
}

static void test_bad_arguments(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, false);
    assert_int_equal(pt_map(&r, 0x1001, 0x1000, SZ_4K, PT_READ), -EINVAL);
    assert_int_equal(pt_map(&r, 0x1000, 0x1800, SZ_4K, PT_READ), -EINVAL);
    assert_int_equal(pt_map(&r, 0x1000, 0x1000, 0x800, PT_READ), -EINVAL);
    assert_int_equal(pt_map(&r, 0x1000, 0x1000, 0, PT_READ), -EINVAL);
    assert_int_equal(pt_map(&r, 1ULL << 48, 0, SZ_4K, PT_READ), -EINVAL);
    assert_int_equal(pt_map(&r, (1ULL << 48) - SZ_4K, 0, 2 * SZ_4K, PT_READ),
                     -EINVAL);
    assert_int_equal(pt_map(&r, 0, 1ULL << 52, SZ_4K, PT_READ), -EINVAL);
    assert_int_equal(pt_map(&r, 0, 0, SZ_4K, PT_READ | (1u << 10)), -EINVAL);
    assert_int_equal(pt_map(&r, 0, 0, SZ_4K, PT_EXEC), -EINVAL);
    assert_int_equal(pt_unmap(&r, 0x1000, 0), -EINVAL);
    assert_int_equal(pt_unmap(&r, ~0ULL << 12, SZ_4K), -EINVAL);
    assert_int_equal(pt_translate(&r, 1ULL << 48, NULL, NULL, NULL), -EINVAL);
    assert_int_equal(pages_in_use, 1);                      /* nothing built */
    /* The last page of the address space is fine. */
    assert_int_equal(pt_map(&r, (1ULL << 48) - SZ_4K, 0, SZ_4K, PT_READ), 0);
    expect_map((1ULL << 48) - 1, 0xfff, PT_READ, 1, &r);
    pt_destroy(&r);
}

/* ---- Allocation failure and teardown ------------------------------------- */

static void test_enomem_midway_keeps_prefix(void **state)
{
    struct pt_root r;
    u64 off;

    alloc_limit = 0;
    assert_int_equal(pt_init(&r, &pt_format_x86_64, &fake_ops, &fake_ctx, false),
                     -ENOMEM);
    alloc_limit = FAKE_PAGES;
    new_root(&r, &pt_format_x86_64, false);
    /* 6M of 4K pages needs PDPT, PD and three PTs; allow only two PTs. */
    alloc_limit = 1 + 4;
    assert_int_equal(pt_map(&r, 0, 0x10001000, 3 * SZ_2M, PT_RW), -ENOMEM);
    for (off = 0; off < 2 * SZ_2M; off += SZ_4K)
        expect_map(off, 0x10001000 + off, PT_RW, 1, &r);
    for (; off < 3 * SZ_2M; off += SZ_4K)
        expect_unmapped(&r, off);
    alloc_limit = FAKE_PAGES;
    assert_int_equal(pt_map(&r, 0, 0x10001000, 3 * SZ_2M, PT_RW), 0);
    expect_map(3 * SZ_2M - SZ_4K, 0x10001000 + 3 * SZ_2M - SZ_4K, PT_RW, 1, &r);
    pt_destroy(&r);
    assert_int_equal(pages_in_use, 0);
}

static void test_enomem_split_leaves_leaf(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_ept, false);
    assert_int_equal(pt_map(&r, SZ_2M, 0x40000000, SZ_2M, PT_RWX), 0);
    alloc_limit = pages_in_use;
    assert_int_equal(pt_unmap(&r, SZ_2M + 0x3000, SZ_4K), -ENOMEM);
    assert_int_equal(pt_map(&r, SZ_2M, 0, SZ_4K, PT_READ), -ENOMEM);
    expect_map(SZ_2M + 0x3000, 0x40003000, PT_RWX, 2, &r);
    expect_map(SZ_2M, 0x40000000, PT_RWX, 2, &r);
    /* Whole-leaf operations need no page. */
    assert_int_equal(pt_unmap(&r, SZ_2M, SZ_2M), 0);
    expect_unmapped(&r, SZ_2M);
    pt_destroy(&r);
    assert_int_equal(pages_in_use, 0);
}

static void test_destroy_frees_every_table(void **state)
{
    struct pt_root r;

    new_root(&r, &pt_format_x86_64, true);
    assert_int_equal(pt_map(&r, 0, 0, 4 * SZ_1G, PT_RWX), 0);
    assert_int_equal(pt_map(&r, 0x12345000, 0x1000, 17 * SZ_4K, PT_RW), 0);
    assert_int_equal(pt_map(&r, 0x7f0000000000ULL, 0x1000, 3 * SZ_2M, PT_RW), 0);
    assert_int_equal(pt_unmap(&r, 3 * SZ_1G + SZ_2M + SZ_4K, SZ_4K), 0);
    assert_true(pages_in_use > 8);
    pt_destroy(&r);
    assert_int_equal(pages_in_use, 0);
    assert_int_equal(r.root_pa, 0);
    pt_destroy(&r);                                         /* idempotent */
    assert_int_equal(pages_in_use, 0);
}

/* ---- Randomised map/unmap against a shadow ---------------------------------- */

#define RND_PAGES       2048u                   /* 8 MiB straddling 1 GiB */
#define RND_BASE        (SZ_1G - 4 * SZ_2M)

static u64 rnd_state;
static paddr_t shadow_pa[RND_PAGES];            /* 0: unmapped */
static unsigned int shadow_fl[RND_PAGES];

static u64 rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static unsigned int rnd_flags(const struct pt_format *fmt)
{
    unsigned int fl = PT_READ | ((unsigned int)rnd() & PT_FLAGS_ALL);

    return fl & (fmt->flags_supported | PT_CACHE_MASK);
}

/* Map n pages from index i (or unmap if pa == 0) in both tables and shadow. */
static void rnd_apply(struct pt_root *r, unsigned int i, unsigned int n,
                      paddr_t pa, unsigned int fl)
{
    unsigned int k;

    if (i + n > RND_PAGES)
        n = RND_PAGES - i;
    if (pa)
        assert_int_equal(pt_map(r, RND_BASE + i * SZ_4K, pa, n * SZ_4K, fl), 0);
    else
        assert_int_equal(pt_unmap(r, RND_BASE + i * SZ_4K, n * SZ_4K), 0);
    for (k = 0; k < n; k++) {
        shadow_pa[i + k] = pa ? pa + k * SZ_4K : 0;
        shadow_fl[i + k] = fl;
    }
}

static void rnd_check(const struct pt_root *r)
{
    unsigned int i;

    for (i = 0; i < RND_PAGES; i++) {
        if (shadow_pa[i])
            expect_map(RND_BASE + i * SZ_4K, shadow_pa[i], shadow_fl[i], 0, r);
        else
            expect_unmapped(r, RND_BASE + i * SZ_4K);
    }
    expect_unmapped(r, RND_BASE - SZ_4K);
    expect_unmapped(r, RND_BASE + RND_PAGES * SZ_4K);
}

static void rnd_step(struct pt_root *r)
{
    unsigned int op = rnd() % 10, i = rnd() % RND_PAGES;
    paddr_t pa = (1 + rnd() % 0xfffff) * SZ_4K;

    if (op < 4) {
        rnd_apply(r, i, 1 + rnd() % 8, pa, rnd_flags(r->fmt));
    } else if (op < 7) {
        rnd_apply(r, i, 1 + rnd() % 16, 0, 0);
    } else if (op < 9) {
        i &= ~511u;                             /* 2M aligned: a leaf */
        rnd_apply(r, i, 512, SZ_2M * (1 + rnd() % 1000), rnd_flags(r->fmt));
    } else {
        rnd_apply(r, i, 1 + rnd() % 1024, 0, 0);
    }
}

static void rnd_run(const struct pt_format *fmt)
{
    struct pt_root r;
    unsigned int n;

    memset(shadow_pa, 0, sizeof(shadow_pa));
    rnd_state = 0x9e3779b97f4a7c15ULL;
    new_root(&r, fmt, false);
    for (n = 0; n < 3000; n++) {
        rnd_step(&r);
        if (n % 64 == 0)
            rnd_check(&r);
    }
    rnd_check(&r);
    rnd_apply(&r, 0, RND_PAGES, 0, 0);
    rnd_check(&r);
    assert_int_equal(pages_in_use, 1);          /* emptied tables freed */
    pt_destroy(&r);
    assert_int_equal(pages_in_use, 0);
}

static void test_random_vs_shadow_host(void **state)
{
    rnd_run(&pt_format_x86_64);
}

static void test_random_vs_shadow_ept(void **state)
{
    rnd_run(&pt_format_ept);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_map_4k_translate, fake_reset),
        cmocka_unit_test_setup(test_map_2m_single_leaf, fake_reset),
        cmocka_unit_test_setup(test_map_1g_leaf_only_when_allowed, fake_reset),
        cmocka_unit_test_setup(test_misaligned_range_mixes_sizes, fake_reset),
        cmocka_unit_test_setup(test_unmap_4k_splits_2m, fake_reset),
        cmocka_unit_test_setup(test_split_1g_keeps_rest, fake_reset),
        cmocka_unit_test_setup(test_remap_changes_flags, fake_reset),
        cmocka_unit_test_setup(test_leaf_replaces_table, fake_reset),
        cmocka_unit_test_setup(test_unmap_frees_empty_tables, fake_reset),
        cmocka_unit_test_setup(test_host_cache_bits, fake_reset),
        cmocka_unit_test_setup(test_ept_entry_bits, fake_reset),
        cmocka_unit_test_setup(test_host_nx_iff_not_exec, fake_reset),
        cmocka_unit_test_setup(test_bad_arguments, fake_reset),
        cmocka_unit_test_setup(test_enomem_midway_keeps_prefix, fake_reset),
        cmocka_unit_test_setup(test_enomem_split_leaves_leaf, fake_reset),
        cmocka_unit_test_setup(test_destroy_frees_every_table, fake_reset),
        cmocka_unit_test_setup(test_random_vs_shadow_host, fake_reset),
        cmocka_unit_test_setup(test_random_vs_shadow_ept, fake_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
