/*
 * Host tests for the "comN=" parser (drivers/uart_config.c), Xen's syntax:
 * <baud>|auto[/<clock>][,DPS[,<io-base>[,<irq>]]]. Decisions tested here:
 * an empty field (",8n1", "115200,,0x2f8") keeps its previous value like
 * an omitted one; an empty string and trailing junk anywhere are -EINVAL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/param.h>
#include <xen/serial.h>
#include "unit_stubs.h"

/*
 * xen/cmdline.c (linked for simple_strtoul) walks the xen_params section;
 * one entry makes the linker define its bounds.
 */
static bool unused_flag;
boolean_param("unit-test-unused", unused_flag);

/* The state console.c starts com1 from: something every field differs from. */
static const struct uart_config com1_default = {
    .io_base = 0x3f8, .baud = 38400, .data_bits = 8, .parity = 'n', .stop_bits = 1, .irq = 4,
};

static struct uart_config cfg;

static int setup(void **state)
{
    cfg = com1_default;
    return 0;
}

static void assert_cfg(u32 baud, u8 bits, char parity, u8 stop, u16 io, u8 irq)
{
    assert_int_equal(cfg.baud, baud);
    assert_int_equal(cfg.data_bits, bits);
    assert_int_equal(cfg.parity, parity);
    assert_int_equal(cfg.stop_bits, stop);
    assert_int_equal(cfg.io_base, io);
    assert_int_equal(cfg.irq, irq);
}

static void test_baud_only(void **state)
{
    assert_int_equal(uart_parse_config("115200", &cfg), 0);
    assert_cfg(115200, 8, 'n', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config("9600", &cfg), 0);
    assert_cfg(9600, 8, 'n', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config("50", &cfg), 0);
    assert_int_equal(cfg.baud, 50);
}

static void test_baud_and_dps(void **state)
{
    assert_int_equal(uart_parse_config("115200,8n1", &cfg), 0);
    assert_cfg(115200, 8, 'n', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config("19200,7e2", &cfg), 0);
    assert_cfg(19200, 7, 'e', 2, 0x3f8, 4);
    assert_int_equal(uart_parse_config("57600,5o1", &cfg), 0);
    assert_cfg(57600, 5, 'o', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config("2400,6m1", &cfg), 0);
    assert_int_equal(cfg.parity, 'm');
    assert_int_equal(uart_parse_config("2400,6s2", &cfg), 0);
    assert_int_equal(cfg.parity, 's');
}

static void test_all_fields(void **state)
{
    assert_int_equal(uart_parse_config("9600,7e2,0x2f8,3", &cfg), 0);
    assert_cfg(9600, 7, 'e', 2, 0x2f8, 3);
    assert_int_equal(uart_parse_config("115200,8n1,1016,0", &cfg), 0);  /* decimal 0x3f8 */
    assert_cfg(115200, 8, 'n', 1, 0x3f8, 0);
    assert_int_equal(uart_parse_config("115200,8n1,0xe000,15", &cfg), 0);
    assert_cfg(115200, 8, 'n', 1, 0xe000, 15);
}

static void test_auto_and_clock(void **state)
{
    assert_int_equal(uart_parse_config("auto", &cfg), 0);
    assert_cfg(0, 8, 'n', 1, 0x3f8, 4);          /* 0: keep the firmware's setting */

    cfg = com1_default;
    assert_int_equal(uart_parse_config("115200/1843200,8n1", &cfg), 0);
    assert_cfg(115200, 8, 'n', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config("auto/0x1c2000,7o1,0x2e8", &cfg), 0);
    assert_cfg(0, 7, 'o', 1, 0x2e8, 4);
}

/* Empty fields keep the previous value, as omitted ones do. */
static void test_empty_fields_keep_values(void **state)
{
    assert_int_equal(uart_parse_config(",8n1", &cfg), 0);
    assert_cfg(38400, 8, 'n', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config(",7e2", &cfg), 0);
    assert_cfg(38400, 7, 'e', 2, 0x3f8, 4);
    assert_int_equal(uart_parse_config("9600,,0x2f8", &cfg), 0);
    assert_cfg(9600, 7, 'e', 2, 0x2f8, 4);
    assert_int_equal(uart_parse_config(",,,3", &cfg), 0);
    assert_cfg(9600, 7, 'e', 2, 0x2f8, 3);
    assert_int_equal(uart_parse_config("4800,", &cfg), 0);
    assert_int_equal(uart_parse_config("4800,8n1,", &cfg), 0);
    assert_int_equal(uart_parse_config("4800,8n1,0x3e8,", &cfg), 0);
    assert_cfg(4800, 8, 'n', 1, 0x3e8, 3);
}

static void test_invalid(void **state)
{
    static const char *const bad[] = {
        "", "0", "abc", "-9600", "115201", "1000000", "auto9600", "115200x",
        "115200/", "115200/abc", "115200;8n1",
        "115200,9n1", "115200,4n1", "115200,8x1", "115200,8N1", "115200,8n3",
        "115200,8n0", "115200,8n", "115200,8", "115200,8n12", "115200,8n1x",
        "115200,8n1,0", "115200,8n1,0x10000", "115200,8n1,zz", "115200,8n1,0x3f8z",
        "115200,8n1,0x3f8,16", "115200,8n1,0x3f8,-1", "115200,8n1,0x3f8,4x",
        "115200,8n1,0x3f8,4,", "115200,8n1,0x3f8,4,5", "115200,8n1,0x3f8,99999999999999999999",
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        cfg = com1_default;
        if (uart_parse_config(bad[i], &cfg) != -EINVAL)
            fail_msg("'%s' was accepted", bad[i]);
    }
    assert_int_equal(uart_parse_config(NULL, &cfg), -EINVAL);
}

/* A bad baud changes nothing; later bad fields leave earlier ones applied. */
static void test_invalid_partial_update(void **state)
{
    assert_int_equal(uart_parse_config("abc,7e2", &cfg), -EINVAL);
    assert_cfg(38400, 8, 'n', 1, 0x3f8, 4);
    assert_int_equal(uart_parse_config("9600,7e2,0x2f8,16", &cfg), -EINVAL);
    assert_int_equal(cfg.irq, 4);
    assert_int_equal(cfg.io_base, 0x2f8);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_baud_only), T(test_baud_and_dps), T(test_all_fields),
        T(test_auto_and_clock), T(test_empty_fields_keep_values), T(test_invalid),
        T(test_invalid_partial_update),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
