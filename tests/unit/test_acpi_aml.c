/*
 * Unit tests for the AML \_S5_ search (drivers/acpi/aml.c) and the PM1
 * control value used to power off (drivers/acpi/fadt.c). Each AML case is
 * copied into a heap buffer of exactly its length, so a read past the end
 * is an ASan error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include "unit_stubs.h"

struct aml_case {
    const char *what;
    u8 aml[24];
    size_t len;
    int rc;
    u8 a, b;
};

static const struct aml_case aml_cases[] = {
    { "Bochs/QEMU zeros", { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x00 }, 10, 0, 0, 0 },
    { "root prefix, bytes", { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x07, 0x0a, 0x03 }, 13, 0, 7, 3 },
    { "decoy first", { '_', 'S', '5', '_', 0x00, 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x00 }, 15, 0, 1, 0 },
    { "word and one", { '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0b, 0x06, 0x00, 0x01 }, 11, 0, 6, 1 },
    { "2-byte pkglength", { '_', 'S', '5', '_', 0x12, 0x47, 0x00, 0x02, 0x0a, 0x05, 0x0a, 0x04 }, 12, 0, 5, 4 },
    { "ones masked", { '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0xff, 0x00 }, 9, 0, 7, 0 },
    { "single element", { '_', 'S', '5', '_', 0x12, 0x04, 0x01, 0x0a, 0x02 }, 9, 0, 2, 2 },
    { "none", { '_', 'S', '5', 'X', 0x12, 0x04, 0x02, 0x00, 0x00 }, 9, -ENOENT, 0, 0 },
    { "name at the very end", { 0x00, '_', 'S', '5', '_', 0x12 }, 6, -ENOENT, 0, 0 },
    { "pkglength past end", { '_', 'S', '5', '_', 0x12, 0x08, 0x02, 0x00, 0x00 }, 9, -EINVAL, 0, 0 },
    { "byte prefix cut off", { '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x0a }, 9, -EINVAL, 0, 0 },
    { "element past package", { '_', 'S', '5', '_', 0x12, 0x03, 0x02, 0x00, 0x00 }, 9, -EINVAL, 0, 0 },
    { "not an integer", { '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x0d, 0x00 }, 9, -EINVAL, 0, 0 },
    { "pkglength bytes cut", { '_', 'S', '5', '_', 0x12, 0xc0 }, 6, -EINVAL, 0, 0 },
};

static void test_aml_s5_cases(void **state)
{
    for (size_t i = 0; i < sizeof(aml_cases) / sizeof(aml_cases[0]); i++) {
        const struct aml_case *c = &aml_cases[i];
        u8 *buf = malloc(c->len);    /* exact size: overreads trip ASan */
        u8 a = 0xee, b = 0xee;
        int rc;

        memcpy(buf, c->aml, c->len);
        rc = acpi_aml_find_s5(buf, c->len, &a, &b);
        free(buf);
        if (rc != c->rc)
            fail_msg("%s: rc %d, expected %d", c->what, rc, c->rc);
        if (!rc && (a != c->a || b != c->b))
            fail_msg("%s: SLP_TYP %u/%u, expected %u/%u", c->what, a, b, c->a, c->b);
    }
    assert_true(unit_log_contains("SLP_TYP 0xffffffffffffffff out of range"));
}

static void test_pm1_sleep_value(void **state)
{
    /* SCI_EN kept, old SLP_TYP 7 replaced by 5, SLP_EN set. */
    assert_int_equal(acpi_pm1_sleep_value(0x1c01, 5), 0x3401);
    assert_int_equal(acpi_pm1_sleep_value(0x0000, 0), 0x2000);
    assert_int_equal(acpi_pm1_sleep_value(0xffff, 0), 0xe3ff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aml_s5_cases),
        cmocka_unit_test(test_pm1_sleep_value),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
