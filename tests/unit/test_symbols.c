/*
 * Unit tests for xen/symbols.c: a hand-made table in the layout that
 * tools/gensyms.sh emits (count, addr[count + 1] with the end-of-text
 * sentinel last, name offsets, string table), including alias groups at
 * the start and at the end of the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <xen/symbols.h>
#include "unit_stubs.h"

/* alpha (3 names) 0x1000-0x1040, beta 0x1040-0x1100, gamma (2) to 0x1180. */
const u64 xen_symbols_count = 6;
const u64 xen_symbols_addr[] = { 0x1000, 0x1000, 0x1000, 0x1040, 0x1100, 0x1100, 0x1180 };
const char xen_symbols_strtab[] =
    "alpha\0alpha_alias\0alpha_alias2\0beta\0gamma\0gamma_alias";
const u32 xen_symbols_name[] = { 0, 6, 18, 31, 36, 42 };

static void expect_sym(u64 addr, const char *name, u64 off, u64 size)
{
    u64 o = ~0ULL, s = ~0ULL;
    const char *got = symbols_lookup(addr, &o, &s);

    assert_non_null(got);
    assert_string_equal(got, name);
    assert_int_equal(o, off);
    assert_int_equal(s, size);
}

static void test_exact_match(void **state)
{
    expect_sym(0x1040, "beta", 0, 0xc0);
}

static void test_inside_function(void **state)
{
    expect_sym(0x1075, "beta", 0x35, 0xc0);
    expect_sym(0x10ff, "beta", 0xbf, 0xc0);
}

static void test_before_first_symbol(void **state)
{
    u64 o = 123;

    assert_null(symbols_lookup(0xfff, &o, NULL));
    assert_null(symbols_lookup(0, NULL, NULL));
    assert_int_equal(o, 123);           /* untouched on failure */
}

/* The last symbol is bounded by the sentinel, not by "infinity". */
static void test_after_last_symbol(void **state)
{
    expect_sym(0x117f, "gamma", 0x7f, 0x80);
    assert_null(symbols_lookup(0x1180, NULL, NULL));
    assert_null(symbols_lookup(0x1181, NULL, NULL));
    assert_null(symbols_lookup(UINT64_MAX, NULL, NULL));
}

/* Aliases: the first name of the group wins, the size skips the group. */
static void test_aliases(void **state)
{
    expect_sym(0x1000, "alpha", 0, 0x40);
    expect_sym(0x1020, "alpha", 0x20, 0x40);
    expect_sym(0x1100, "gamma", 0, 0x80);
    expect_sym(0x1101, "gamma", 1, 0x80);
}

static void test_null_out_pointers(void **state)
{
    const char *got = symbols_lookup(0x1041, NULL, NULL);

    assert_non_null(got);
    assert_string_equal(got, "beta");
}

/* Every address around the table agrees with a linear reference search. */
static void test_matches_linear_search(void **state)
{
    for (u64 a = 0xf00; a < 0x1200; a++) {
        const char *want = NULL;
        u64 want_off = 0, off = 0;

        for (u64 i = 0; i < xen_symbols_count; i++)
            if (a >= xen_symbols_addr[i] && a < xen_symbols_addr[xen_symbols_count] &&
                (!want || xen_symbols_addr[i] > a - want_off)) {
                want = &xen_symbols_strtab[xen_symbols_name[i]];
                want_off = a - xen_symbols_addr[i];
            }
        const char *got = symbols_lookup(a, &off, NULL);
        if (!want) {
            assert_null(got);
            continue;
        }
        assert_non_null(got);
        assert_string_equal(got, want);
        assert_int_equal(off, want_off);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_match),
        cmocka_unit_test(test_inside_function),
        cmocka_unit_test(test_before_first_symbol),
        cmocka_unit_test(test_after_last_symbol),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_null_out_pointers),
        cmocka_unit_test(test_matches_linear_search),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
