/*
 * Unit tests for xen/acpi_guest.c: the built block is served at its guest
 * address by this file's acpi_map() and parsed back with drivers/acpi/,
 * the same parser the hypervisor runs on real firmware. The buffer is
 * exactly acpi_guest_size() bytes, so a table pointing past it fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/acpi.h>
#include <xen/acpi_guest.h>
#include <xen/acpi_tables.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include "unit_stubs.h"

#define GPA 0xfff000ULL

static u8 *block;
static size_t block_len;

const void *acpi_map(paddr_t pa, size_t len)
{
    if (pa >= GPA && len <= block_len && pa - GPA <= block_len - len)
        return block + (pa - GPA);
    return NULL;
}

static int teardown(void **state)
{
    free(block);
    block = NULL;
    return 0;
}

/* Build for n vCPUs and hand the RSDP to acpi_init() as GRUB would. */
static void build_and_parse(unsigned int n)
{
    static struct bootinfo bi;

    unit_log_reset();
    block_len = acpi_guest_size(n);
    block = malloc(block_len);
    assert_non_null(block);
    memset(block, 0xa5, block_len);          /* every byte must be written */
    assert_int_equal(acpi_guest_build(block, block_len, GPA, n), 0);
    memset(&bi, 0, sizeof(bi));
    bi.rsdp_revision = 2;
    memcpy(bi.rsdp, block + ACPI_GUEST_RSDP_OFFSET, sizeof(bi.rsdp));
    assert_int_equal(acpi_init(&bi), 0);
}

static void test_rsdp_v2_checksums(void **state)
{
    const struct acpi_rsdp *r;

    build_and_parse(1);
    r = (const void *)block;
    assert_memory_equal(r->signature, "RSD PTR ", 8);
    assert_int_equal(r->revision, 2);
    assert_int_equal(r->length, 36);
    assert_int_equal(acpi_checksum(r, 20), 0);
    assert_int_equal(acpi_checksum(r, 36), 0);
    assert_true(r->xsdt > GPA && r->xsdt < GPA + block_len);
    assert_true(unit_log_contains("XSDT"));
    assert_false(unit_log_contains("bad"));
}

static void test_madt_one_cpu(void **state)
{
    const struct acpi_madt_info *m;

    build_and_parse(1);
    m = acpi_madt();
    assert_non_null(m);
    assert_int_equal(m->nr_cpus, 1);
    assert_int_equal(m->cpus[0].apic_id, 0);
    assert_int_equal(m->cpus[0].acpi_uid, 0);
    assert_int_equal(m->lapic_addr, 0xfee00000);
    assert_false(m->pcat_compat);
    assert_int_equal(m->nr_ioapics, 0);
    assert_int_equal(m->warnings, 0);
}

static void test_madt_four_cpus_ids_are_vcpu_ids(void **state)
{
    const struct acpi_madt_info *m;

    build_and_parse(4);
    m = acpi_madt();
    assert_non_null(m);
    assert_int_equal(m->nr_cpus, 4);
    for (unsigned int i = 0; i < 4; i++) {
        assert_int_equal(m->cpus[i].apic_id, i);
        assert_int_equal(m->cpus[i].acpi_uid, i);
        assert_false(m->cpus[i].x2apic);
    }
}

/* Ids 255 and up cannot be xAPIC ids (0xff is broadcast): x2APIC entries. */
static void test_madt_256_cpus_last_is_x2apic(void **state)
{
    const struct acpi_madt_info *m;

    build_and_parse(256);
    m = acpi_madt();
    assert_non_null(m);
    assert_int_equal(m->nr_cpus, 256);
    assert_false(m->cpus[254].x2apic);
    assert_true(m->cpus[255].x2apic);
    assert_int_equal(m->cpus[255].apic_id, 255);
    assert_int_equal(m->cpus[255].acpi_uid, 255);
    assert_true(acpi_guest_size(256) <= 4096);
}

static void test_fadt_hw_reduced_with_dsdt(void **state)
{
    const struct acpi_fadt_info *f;
    const struct acpi_table_header *dsdt;

    build_and_parse(2);
    f = acpi_fadt();
    assert_non_null(f);
    assert_true(f->revision >= 5);
    assert_int_equal(f->flags, ACPI_FADT_HW_REDUCED);
    assert_int_equal(f->iapc_boot_arch, ACPI_IAPC_NO_VGA | ACPI_IAPC_NO_CMOS_RTC);
    assert_int_equal(f->pm1a_cnt, 0);
    assert_int_equal(f->sci_irq, 0);
    assert_false(f->s5_found);
    assert_true(f->dsdt > GPA);
    dsdt = acpi_table_map(f->dsdt, "DSDT");
    assert_non_null(dsdt);
    assert_int_equal(dsdt->length, 36);
    assert_null(acpi_hpet());
}

static void test_bad_arguments(void **state)
{
    u8 buf[4096];

    assert_int_equal(acpi_guest_build(buf, sizeof(buf), GPA, 0), -EINVAL);
    assert_int_equal(acpi_guest_build(buf, sizeof(buf), GPA, 257), -EINVAL);
    assert_int_equal(acpi_guest_build(buf, sizeof(buf), GPA + 8, 1), -EINVAL);            /* not 16-aligned */
    assert_int_equal(acpi_guest_build(buf, sizeof(buf), 0xffffff00ULL, 256), -EINVAL);     /* crosses 4 GiB */
    assert_int_equal(acpi_guest_build(buf, acpi_guest_size(2) - 1, GPA, 2), -ENOSPC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_rsdp_v2_checksums, teardown),
        cmocka_unit_test_teardown(test_madt_one_cpu, teardown),
        cmocka_unit_test_teardown(test_madt_four_cpus_ids_are_vcpu_ids, teardown),
        cmocka_unit_test_teardown(test_madt_256_cpus_last_is_x2apic, teardown),
        cmocka_unit_test_teardown(test_fadt_hw_reduced_with_dsdt, teardown),
        cmocka_unit_test(test_bad_arguments),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
