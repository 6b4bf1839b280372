/*
 * Host tests for the pure grant-table rules (xen/grant_entry.c): which v1
 * entries a mapper may pin and how the GTF_reading/GTF_writing bits move,
 * the handle table, and the static checks of a GNTTABOP_copy element
 * (xen-abi.md §4.8; status codes as Xen returns them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <public/xen.h>
#include <xen/grant_table.h>
#include "unit_stubs.h"

#define MAPPER 2

static struct grant_entry_v1 grant(u16 flags, u16 domid)
{
    return (struct grant_entry_v1){ .flags = flags, .domid = domid, .frame = 0x123 };
}

static void test_pin_writable(void **state)
{
    struct grant_entry_v1 e = grant(GTF_permit_access, MAPPER);

    assert_int_equal(gnttab_entry_pin(&e, MAPPER, false), GNTST_okay);
    assert_int_equal(e.flags, GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(e.domid, MAPPER);
    assert_int_equal(e.frame, 0x123);
}

static void test_pin_readonly(void **state)
{
    struct grant_entry_v1 e = grant(GTF_permit_access | GTF_readonly, MAPPER);

    assert_int_equal(gnttab_entry_pin(&e, MAPPER, true), GNTST_okay);
    assert_int_equal(e.flags, GTF_permit_access | GTF_readonly | GTF_reading);
}

static void test_pin_refusals(void **state)
{
    struct grant_entry_v1 ro = grant(GTF_permit_access | GTF_readonly, MAPPER);
    struct grant_entry_v1 other = grant(GTF_permit_access, MAPPER + 1);
    struct grant_entry_v1 invalid = grant(GTF_invalid, MAPPER);
    struct grant_entry_v1 transfer = grant(GTF_accept_transfer, MAPPER);
    struct grant_entry_v1 sub = grant(GTF_permit_access | GTF_sub_page, MAPPER);

    /* Xen refuses all of these with GNTST_general_error (_set_status_v1). */
    assert_int_equal(gnttab_entry_pin(&ro, MAPPER, false), GNTST_general_error);
    assert_int_equal(gnttab_entry_pin(&other, MAPPER, true), GNTST_general_error);
    assert_int_equal(gnttab_entry_pin(&invalid, MAPPER, true), GNTST_general_error);
    assert_int_equal(gnttab_entry_pin(&transfer, MAPPER, true), GNTST_general_error);
    assert_int_equal(gnttab_entry_pin(&sub, MAPPER, true), GNTST_general_error);
    /* A refusal leaves the entry untouched. */
    assert_int_equal(ro.flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(other.flags, GTF_permit_access);
}

static void test_unpin(void **state)
{
    struct grant_entry_v1 e = grant(GTF_permit_access | GTF_reading | GTF_writing, MAPPER);

    gnttab_entry_unpin(&e, true, true);         /* other mappings remain */
    assert_int_equal(e.flags, GTF_permit_access | GTF_reading | GTF_writing);
    gnttab_entry_unpin(&e, true, false);        /* only readers left */
    assert_int_equal(e.flags, GTF_permit_access | GTF_reading);
    gnttab_entry_unpin(&e, false, false);
    assert_int_equal(e.flags, GTF_permit_access);
}

static void test_handles(void **state)
{
    static struct gnttab_maptrack mt;

    memset(&mt, 0, sizeof(mt));
    assert_int_equal(gnttab_handle_alloc(&mt), 0);
    assert_null(gnttab_handle_lookup(&mt, 0));  /* allocated is not in use yet */
    mt.map[0].in_use = true;
    assert_int_equal(gnttab_handle_alloc(&mt), 1);
    assert_ptr_equal(gnttab_handle_lookup(&mt, 0), &mt.map[0]);
    assert_null(gnttab_handle_lookup(&mt, GNTTAB_MAX_MAPS));
    assert_null(gnttab_handle_lookup(&mt, 0xffffffffu));
    for (unsigned int h = 0; h < GNTTAB_MAX_MAPS; h++)
        mt.map[h].in_use = true;
    assert_int_equal(gnttab_handle_alloc(&mt), -1);
    mt.map[77].in_use = false;
    assert_int_equal(gnttab_handle_alloc(&mt), 77);
}

static struct gnttab_copy copy_op(u16 flags, u16 sdom, u16 soff, u16 ddom, u16 doff, u16 len)
{
    struct gnttab_copy op = { .len = len, .flags = flags };

    op.source.domid = sdom;
    op.source.offset = soff;
    op.dest.domid = ddom;
    op.dest.offset = doff;
    return op;
}

static void test_copy_check(void **state)
{
    struct gnttab_copy op;

    op = copy_op(GNTCOPY_source_gref, 1, 0, DOMID_SELF, 0, PAGE_SIZE);
    assert_int_equal(gnttab_copy_check(&op), GNTST_okay);
    op = copy_op(GNTCOPY_source_gref, 1, 100, DOMID_SELF, 0, PAGE_SIZE - 100);
    assert_int_equal(gnttab_copy_check(&op), GNTST_okay);
    op = copy_op(GNTCOPY_source_gref, 1, 101, DOMID_SELF, 0, PAGE_SIZE - 100);
    assert_int_equal(gnttab_copy_check(&op), GNTST_bad_copy_arg);
    op = copy_op(GNTCOPY_dest_gref, DOMID_SELF, 0, 1, 0xffff, 1);
    assert_int_equal(gnttab_copy_check(&op), GNTST_bad_copy_arg);
    /* Copy by frame number only within the caller. */
    op = copy_op(GNTCOPY_dest_gref, 1, 0, 1, 0, 8);
    assert_int_equal(gnttab_copy_check(&op), GNTST_permission_denied);
    op = copy_op(GNTCOPY_source_gref, 1, 0, 2, 0, 8);
    assert_int_equal(gnttab_copy_check(&op), GNTST_permission_denied);
    op = copy_op(GNTCOPY_source_gref | GNTCOPY_dest_gref, 1, 0, 2, 0, 8);
    assert_int_equal(gnttab_copy_check(&op), GNTST_okay);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pin_writable), cmocka_unit_test(test_pin_readonly),
        cmocka_unit_test(test_pin_refusals), cmocka_unit_test(test_unpin),
        cmocka_unit_test(test_handles), cmocka_unit_test(test_copy_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
