/*
 * Unit test for xen/symbols.c on the empty table of the first link pass
 * (tools/gensyms.sh /dev/null: count 0, sentinel 0): nothing resolves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <xen/symbols.h>
#include "unit_stubs.h"

const u64 xen_symbols_count = 0;
const u64 xen_symbols_addr[] = { 0 };
const u32 xen_symbols_name[] = { 0 };
const char xen_symbols_strtab[] = "";

static void test_empty_table(void **state)
{
    u64 off = 7, size = 9;

    assert_null(symbols_lookup(0, &off, &size));
    assert_null(symbols_lookup(0x200000, &off, &size));
    assert_null(symbols_lookup(UINT64_MAX, &off, &size));
    assert_int_equal(off, 7);
    assert_int_equal(size, 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
