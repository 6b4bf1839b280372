/*
 * Host tests for the PVH start-of-day layout (xen/pvh_layout.c): fixed
 * cases with exact addresses, an invariant checker that re-reads the built
 * block as a guest would, and a seeded random sweep of inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <public/hvm/start_info.h>
#include <xen/errno.h>
#include <xen/pvh_layout.h>
#include "unit_stubs.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static uint8_t block[64 * 1024];

static bool overlaps(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
    return a < b + bsz && b < a + asz;
}

/* Pointer into the built block for a GPA that must lie inside it. */
static const void *in_block(const struct pvh_layout *l, uint64_t gpa, uint64_t len)
{
    assert_true(gpa >= l->info_gpa && gpa - l->info_gpa + len <= l->info_size);
    return block + (gpa - l->info_gpa);
}

static void check_string(const struct pvh_layout *l, uint64_t gpa, const char *want)
{
    if (!want || !*want) {
        assert_int_equal(gpa, 0);
        return;
    }
    const char *s = in_block(l, gpa, strlen(want) + 1);
    assert_string_equal(s, want);   /* includes the NUL inside the block */
}

/* Every placed range: page aligned, not at 0, inside RAM below 4 GiB. */
static void check_range(const struct pvh_layout_in *in, uint64_t gpa, uint64_t size)
{
    assert_true(gpa >= 0x1000 && gpa % 4096 == 0);
    assert_true(gpa + size <= in->mem && gpa + size <= 4 * GiB);
    assert_false(overlaps(gpa, size, in->image_lo, in->image_hi - in->image_lo));
    if (in->acpi_size)
        assert_false(overlaps(gpa, size, in->acpi_gpa, in->acpi_size));
}

static void check_memmap(const struct pvh_layout_in *in, const struct hvm_start_info *si,
                         const struct pvh_layout *l)
{
    const struct hvm_memmap_table_entry *e =
        in_block(l, si->memmap_paddr, si->memmap_entries * sizeof(*e));
    uint64_t next = 0;
    unsigned int ram_entries = si->memmap_entries - (in->special_size != 0);

    assert_int_equal(si->memmap_paddr % 8, 0);
    assert_true(ram_entries >= 1 && ram_entries <= 3);
    if (in->special_size) {                     /* last: the reserved special pages */
        assert_int_equal(e[ram_entries].addr, in->special_gpa);
        assert_int_equal(e[ram_entries].size, in->special_size);
        assert_int_equal(e[ram_entries].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
        assert_int_equal(e[ram_entries].reserved, 0);
    }
    for (unsigned int i = 0; i < ram_entries; i++) {
        bool acpi = in->acpi_size && e[i].addr == in->acpi_gpa;

        assert_int_equal(e[i].addr, next);      /* sorted, contiguous from 0 */
        assert_true(e[i].size > 0);
        assert_int_equal(e[i].type, acpi ? XEN_HVM_MEMMAP_TYPE_ACPI : XEN_HVM_MEMMAP_TYPE_RAM);
        if (acpi)
            assert_int_equal(e[i].size, in->acpi_size);
        assert_int_equal(e[i].reserved, 0);
        next = e[i].addr + e[i].size;
    }
    assert_int_equal(next, in->mem);
}

static void check_modules(const struct pvh_layout_in *in, const struct hvm_start_info *si,
                          const struct pvh_layout *l)
{
    const struct hvm_modlist_entry *m;

    assert_int_equal(si->nr_modules, in->nr_modules);
    if (!in->nr_modules) {
        assert_int_equal(si->modlist_paddr, 0);
        return;
    }
    m = in_block(l, si->modlist_paddr, in->nr_modules * sizeof(*m));
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        assert_int_equal(m[i].paddr, l->module_gpa[i]);
        assert_int_equal(m[i].size, in->modules[i].size);
        assert_int_equal(m[i].reserved, 0);
        check_string(l, m[i].cmdline_paddr, in->modules[i].cmdline);
        check_range(in, m[i].paddr, m[i].size);
        assert_false(overlaps(m[i].paddr, m[i].size, l->info_gpa, l->info_size));
        for (unsigned int j = 0; j < i; j++)
            assert_false(overlaps(m[i].paddr, m[i].size, m[j].paddr, m[j].size));
    }
}

/* Build the block and read it back as the guest would. */
static void build_and_check(const struct pvh_layout_in *in, const struct pvh_layout *l)
{
    const struct hvm_start_info *si = (const void *)block;

    memset(block, 0xcc, sizeof(block));
    assert_true(l->info_size <= sizeof(block));
    assert_int_equal(pvh_layout_build(in, l, block, sizeof(block)), 0);
    check_range(in, l->info_gpa, l->info_size);
    assert_int_equal(si->magic, 0x336ec578);
    assert_int_equal(si->version, 1);
    assert_int_equal(si->flags, 0);
    assert_int_equal(si->rsdp_paddr, in->rsdp_gpa);
    assert_int_equal(si->reserved, 0);
    check_string(l, si->cmdline_paddr, in->cmdline);
    check_memmap(in, si, l);
    check_modules(in, si, l);
}

static void compute_ok(const struct pvh_layout_in *in, struct pvh_layout *l)
{
    int rc = pvh_layout_compute(in, l);

    if (rc)
        fail_msg("layout failed: %d %s", rc, l->error);
    build_and_check(in, l);
}

static void test_typical_linux(void **state)
{
    struct pvh_module mods[] = { { 3 * MiB + 5, "initrd arg" } };
    struct pvh_layout_in in = { .mem = 16 * MiB, .image_lo = 1 * MiB, .image_hi = 2 * MiB + 0x123,
                                .cmdline = "console=hvc0 root=/dev/ram0", .nr_modules = 1,
                                .modules = mods, .rsdp_gpa = 0xe0000 };
    struct pvh_layout l;

    compute_ok(&in, &l);
    assert_int_equal(l.info_gpa, 0x1000);
    assert_int_equal(l.info_size, 0x1000);
    assert_int_equal(l.modlist_gpa, 0x1000 + 64);
    assert_int_equal(l.memmap_entries, 1);
    /* 3 MiB + 5 bytes ending at 16 MiB, rounded down to a page. */
    assert_int_equal(l.module_gpa[0], 16 * MiB - 3 * MiB - 0x1000);
}

static void test_no_cmdline_no_modules(void **state)
{
    struct pvh_layout_in in = { .mem = 2 * MiB, .image_lo = 1 * MiB, .image_hi = 1 * MiB + 4096,
                                .cmdline = "" };
    struct pvh_layout l;

    compute_ok(&in, &l);
    assert_int_equal(l.cmdline_gpa, 0);
    assert_int_equal(l.modlist_gpa, 0);
    in.cmdline = NULL;
    compute_ok(&in, &l);
    assert_int_equal(l.cmdline_gpa, 0);
}

static void test_image_at_low_memory(void **state)
{
    struct pvh_layout_in in = { .mem = 4 * MiB, .image_lo = 0, .image_hi = 1 * MiB + 1, .cmdline = "x" };
    struct pvh_layout l;

    compute_ok(&in, &l);
    assert_int_equal(l.info_gpa, 1 * MiB + 0x1000);     /* first page after the image */
}

static void test_big_cmdline_spans_pages(void **state)
{
    static char cmd[6000];
    struct pvh_layout_in in = { .mem = 4 * MiB, .image_lo = 1 * MiB, .image_hi = 2 * MiB, .cmdline = cmd };
    struct pvh_layout l;

    memset(cmd, 'a', sizeof(cmd) - 1);
    compute_ok(&in, &l);
    assert_int_equal(l.info_size, 0x2000);
}

static void test_acpi_carved_out(void **state)
{
    struct pvh_module mods[] = { { 64 * 1024, NULL }, { 4096, "two" } };
    struct pvh_layout_in in = { .mem = 8 * MiB, .image_lo = 1 * MiB, .image_hi = 2 * MiB,
                                .nr_modules = 2, .modules = mods,
                                .acpi_gpa = 8 * MiB - 0x10000, .acpi_size = 0x10000 };
    struct pvh_layout l;

    compute_ok(&in, &l);
    assert_int_equal(l.memmap_entries, 2);
    assert_int_equal(l.module_gpa[0], 8 * MiB - 0x20000);   /* just below the tables */
    assert_int_equal(l.module_gpa[1], 8 * MiB - 0x21000);
    in.acpi_gpa = 0x1000, in.acpi_size = 0x2000;            /* takes the info block's home */
    compute_ok(&in, &l);
    assert_int_equal(l.memmap_entries, 3);
    assert_int_equal(l.info_gpa, 2 * MiB);
    in.acpi_gpa = 0;
    compute_ok(&in, &l);
    assert_int_equal(l.memmap_entries, 2);
}

/* The PV console page above RAM is reported reserved, after everything. */
static void test_special_pages_reserved(void **state)
{
    struct pvh_layout_in in = { .mem = 8 * MiB, .image_lo = 1 * MiB, .image_hi = 2 * MiB,
                                .special_gpa = 8 * MiB, .special_size = 0x1000 };
    struct pvh_layout l;

    compute_ok(&in, &l);
    assert_int_equal(l.memmap_entries, 2);
    in.acpi_gpa = 0x1000, in.acpi_size = 0x2000;
    compute_ok(&in, &l);
    assert_int_equal(l.memmap_entries, 4);
    in.special_gpa = 8 * MiB - 0x1000;          /* inside RAM: refused */
    assert_int_equal(pvh_layout_compute(&in, &l), -EINVAL);
    assert_non_null(strstr(l.error, "special pages [0x7ff000, +0x1000) are not page-aligned above RAM"));
    in.special_gpa = 8 * MiB + 0x10;            /* unaligned */
    assert_int_equal(pvh_layout_compute(&in, &l), -EINVAL);
}

static void test_ram_too_small(void **state)
{
    struct pvh_module mods[] = { { 15 * MiB, NULL } };
    struct pvh_layout_in in = { .mem = 1 * MiB, .image_lo = 0, .image_hi = 1 * MiB };
    struct pvh_layout l;

    assert_int_equal(pvh_layout_compute(&in, &l), -ENOMEM);
    assert_non_null(strstr(l.error, "guest RAM too small: no room for the 0x1000-byte start info block"));
    in.mem = 16 * MiB, in.image_lo = 1 * MiB, in.image_hi = 2 * MiB;
    in.nr_modules = 1, in.modules = mods;
    assert_int_equal(pvh_layout_compute(&in, &l), -ENOMEM);
    assert_non_null(strstr(l.error, "module 0 (0xf00000 bytes) does not fit beside the kernel [0x100000, 0x200000)"));
    mods[0].size = 14 * MiB;        /* exactly [2 MiB, 16 MiB) */
    compute_ok(&in, &l);
    assert_int_equal(l.module_gpa[0], 2 * MiB);
}

static void test_bad_input(void **state)
{
    struct pvh_module mods[PVH_MAX_MODULES + 1] = { { 0, NULL } };
    struct pvh_layout_in in = { .mem = 4 * MiB, .image_lo = 1 * MiB, .image_hi = 5 * MiB };
    struct pvh_layout l;

    assert_int_equal(pvh_layout_compute(&in, &l), -EINVAL);
    assert_non_null(strstr(l.error, "is not inside guest RAM"));
    in.image_hi = 2 * MiB;
    in.nr_modules = 1, in.modules = mods;
    assert_int_equal(pvh_layout_compute(&in, &l), -EINVAL);
    assert_string_equal(l.error, "module 0 is empty");
    in.nr_modules = PVH_MAX_MODULES + 1;
    assert_int_equal(pvh_layout_compute(&in, &l), -EINVAL);
    in.nr_modules = 0, in.acpi_gpa = 1 * MiB + 4096, in.acpi_size = 4096;
    assert_int_equal(pvh_layout_compute(&in, &l), -EINVAL);
    assert_string_equal(l.error, "ACPI tables overlap the kernel");
}

static void test_stays_below_4g(void **state)
{
    struct pvh_module mods[] = { { 1 * MiB, NULL } };
    struct pvh_layout_in in = { .mem = 6 * GiB, .image_lo = 16 * MiB, .image_hi = 32 * MiB,
                                .nr_modules = 1, .modules = mods };
    struct pvh_layout l;

    assert_int_equal(pvh_layout_compute(&in, &l), 0);
    assert_int_equal(l.module_gpa[0], 4 * GiB - 1 * MiB);
}

static void test_buffer_too_small(void **state)
{
    struct pvh_layout_in in = { .mem = 4 * MiB, .image_lo = 1 * MiB, .image_hi = 2 * MiB };
    struct pvh_layout l;

    assert_int_equal(pvh_layout_compute(&in, &l), 0);
    assert_int_equal(pvh_layout_build(&in, &l, block, l.info_size - 1), -ENOSPC);
}

static uint64_t rnd(uint64_t n)
{
    return n ? ((uint64_t)rand() << 31 ^ (uint64_t)rand()) % n : 0;
}

/* Random inputs: either a layout that passes every invariant, or an error. */
static void test_random_sweep(void **state)
{
    static const char *const cmds[] = { NULL, "", "a", "console=hvc0 earlyprintk=xen" };
    unsigned int ok = 0;

    srand(4242);
    for (int iter = 0; iter < 20000; iter++) {
        struct pvh_module mods[PVH_MAX_MODULES];
        struct pvh_layout_in in = { .mem = (1 + rnd(64)) * MiB, .cmdline = cmds[rnd(4)] };
        struct pvh_layout l;

        in.image_lo = rnd(in.mem);
        in.image_hi = in.image_lo + 1 + rnd(in.mem - in.image_lo);
        in.nr_modules = (unsigned int)rnd(PVH_MAX_MODULES + 1);
        for (unsigned int i = 0; i < in.nr_modules; i++)
            mods[i] = (struct pvh_module){ 1 + rnd(8 * MiB), cmds[rnd(4)] };
        in.modules = mods;
        if (rnd(2)) {
            in.acpi_gpa = rnd(in.mem);
            in.acpi_size = 1 + rnd(in.mem - in.acpi_gpa);
        }
        int rc = pvh_layout_compute(&in, &l);
        if (rc) {
            assert_true(rc == -ENOMEM || rc == -EINVAL);
            assert_true(l.error[0] != '\0');
            continue;
        }
        ok++;
        build_and_check(&in, &l);
    }
    assert_true(ok > 1000);
    print_message("sweep: %u of 20000 random layouts fit\n", ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typical_linux),
        cmocka_unit_test(test_no_cmdline_no_modules),
        cmocka_unit_test(test_image_at_low_memory),
        cmocka_unit_test(test_big_cmdline_spans_pages),
        cmocka_unit_test(test_acpi_carved_out),
        cmocka_unit_test(test_special_pages_reserved),
        cmocka_unit_test(test_ram_too_small),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_stays_below_4g),
        cmocka_unit_test(test_buffer_too_small),
        cmocka_unit_test(test_random_sweep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
