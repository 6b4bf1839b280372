/*
 * Host tests for the boot-module domain parser (xen/domain_config.c):
 * defaults, every option with its limits and its error message, CPU lists,
 * and how non-domain and initrd modules are classified.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/domain_config.h>
#include <xen/errno.h>
#include <xen/param.h>
#include "unit_stubs.h"

/*
 * xen/cmdline.c (linked for parse_size_and_unit) walks the xen_params
 * section; one entry makes the linker define its bounds.
 */
static bool unused_flag;
boolean_param("unit-test-unused", unused_flag);

static struct domain_config cfg;

static void parse_ok(const char *s)
{
    int rc = domcfg_parse(s, 7, &cfg);

    if (rc)
        fail_msg("\"%s\" failed: %d %s", s, rc, cfg.error);
    assert_string_equal(cfg.error, "");
}

/* The string must fail with exactly this message. */
static void parse_bad(const char *s, const char *msg)
{
    assert_int_equal(domcfg_parse(s, 7, &cfg), -EINVAL);
    assert_int_equal(cfg.kind, DOMCFG_DOMAIN);
    assert_string_equal(cfg.error, msg);
}

static void test_defaults(void **state)
{
    parse_ok("domain");
    assert_int_equal(cfg.kind, DOMCFG_DOMAIN);
    assert_string_equal(cfg.name, "dom7");
    assert_int_equal(cfg.mem, 16 << 20);
    assert_int_equal(cfg.vcpus, 1);
    assert_int_equal(cfg.cpus, ~0ULL);
    assert_int_equal(cfg.weight, 256);
    assert_int_equal(cfg.cap, 0);
    assert_int_equal(cfg.reboots, 8);
    assert_int_equal(cfg.mode, DOMCFG_MODE_PVH);
    assert_string_equal(cfg.cmdline, "");
}

static void test_all_options(void **state)
{
    parse_ok("domain name=hello mem=32M vcpus=2 cpus=0-1,3 weight=512 cap=150 reboots=1 "
             "mode=real -- console=hvc0  root=/dev/ram0 mem=1G");
    assert_string_equal(cfg.name, "hello");
    assert_int_equal(cfg.mem, 32 << 20);
    assert_int_equal(cfg.vcpus, 2);
    assert_int_equal(cfg.cpus, 0xb);
    assert_int_equal(cfg.weight, 512);
    assert_int_equal(cfg.cap, 150);
    assert_int_equal(cfg.reboots, 1);
    assert_int_equal(cfg.mode, DOMCFG_MODE_REAL);
    /* After "--" everything is the guest's, even words that look like ours. */
    assert_string_equal(cfg.cmdline, "console=hvc0  root=/dev/ram0 mem=1G");
}

static void test_blanks_and_path_prefix(void **state)
{
    parse_ok("  /guests/hello.elf\tdomain \t name=a  vcpus=3 --");
    assert_int_equal(cfg.kind, DOMCFG_DOMAIN);
    assert_string_equal(cfg.name, "a");
    assert_int_equal(cfg.vcpus, 3);
    assert_string_equal(cfg.cmdline, "");
}

static void test_not_a_domain(void **state)
{
    static const char *const others[] = { "", "   ", "microcode", "domains name=x",
                                          "Domain", "name=x domain", "/boot/a.img" };

    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        assert_int_equal(domcfg_parse(others[i], 0, &cfg), 0);
        assert_int_equal(cfg.kind, DOMCFG_NONE);
    }
}

static void test_initrd(void **state)
{
    parse_ok("initrd");
    assert_int_equal(cfg.kind, DOMCFG_INITRD);
    assert_string_equal(cfg.cmdline, "");
    parse_ok("/boot/initrd.img   initrd rdinit=/bin/sh  x");
    assert_int_equal(cfg.kind, DOMCFG_INITRD);
    assert_string_equal(cfg.cmdline, "rdinit=/bin/sh  x");
}

static void test_mem(void **state)
{
    parse_ok("domain mem=1G");
    assert_int_equal(cfg.mem, 1ULL << 30);
    parse_ok("domain mem=4096K");
    assert_int_equal(cfg.mem, 4 << 20);
    parse_ok("domain mem=0x100000");
    assert_int_equal(cfg.mem, 1 << 20);
    parse_ok("domain mem=4080M");
    assert_int_equal(cfg.mem, (4ULL << 30) - (16 << 20));
    parse_bad("domain mem=3X", "mem=3X: bad size");
    parse_bad("domain mem=", "mem=: bad size");
    parse_bad("domain mem=M", "mem=M: bad size");
    parse_bad("domain mem=-1M", "mem=-1M: bad size");
    parse_bad("domain mem=1020K", "mem=1020K: less than the minimum of 1 MiB");
    parse_bad("domain mem=4081M", "mem=4081M: more than the maximum of 4080 MiB");
    parse_bad("domain mem=99999999999999999999999G", "mem=99999999999999999999999G: more than the maximum of 4080 MiB");
    parse_bad("domain mem=1048577", "mem=1048577: not a multiple of 4 KiB");
    parse_bad("domain mem", "mem: needs a value (mem=...)");
}

static void test_integer_limits(void **state)
{
    parse_ok("domain vcpus=64 weight=65535 reboots=1000 cap=6400");
    assert_int_equal(cfg.vcpus, 64);
    assert_int_equal(cfg.weight, 65535);
    assert_int_equal(cfg.reboots, 1000);
    parse_ok("domain weight=1 reboots=0");
    assert_int_equal(cfg.weight, 1);
    assert_int_equal(cfg.reboots, 0);
    parse_bad("domain vcpus=0", "vcpus=0: out of range (1..64)");
    parse_bad("domain vcpus=65", "vcpus=65: out of range (1..64)");
    parse_bad("domain vcpus=99999999999999999999999", "vcpus=99999999999999999999999: out of range (1..64)");
    parse_bad("domain vcpus=2x", "vcpus=2x: not a number");
    parse_bad("domain vcpus=-1", "vcpus=-1: not a number");
    parse_bad("domain weight=0", "weight=0: out of range (1..65535)");
    parse_bad("domain weight=65536", "weight=65536: out of range (1..65535)");
    parse_bad("domain reboots=1001", "reboots=1001: out of range (0..1000)");
}

static void test_cap_depends_on_vcpus(void **state)
{
    parse_ok("domain cap=200 vcpus=2");     /* cap before vcpus is fine */
    assert_int_equal(cfg.cap, 200);
    parse_ok("domain cap=100");
    parse_bad("domain vcpus=2 cap=201", "cap=201: more than 100% per vCPU (at most 200 with vcpus=2)");
    parse_bad("domain cap=101", "cap=101: more than 100% per vCPU (at most 100 with vcpus=1)");
}

static void test_cpus(void **state)
{
    static const struct { const char *s; unsigned long long mask; } good[] = {
        { "domain cpus=all", ~0ULL }, { "domain cpus=0-63", ~0ULL }, { "domain cpus=5", 1ULL << 5 },
        { "domain cpus=0-3,5", 0x2f }, { "domain cpus=63", 1ULL << 63 }, { "domain cpus=2-2,2", 4 },
        { "domain cpus=0x10", 1ULL << 16 },
    };
    static const char *const bad[] = { "cpus=3-1", "cpus=64", "cpus=1,,2", "cpus=1,", "cpus=,1",
                                       "cpus=0-", "cpus=-3", "cpus=a", "cpus=0-64", "cpus=ALL" };
    char s[64], msg[160];

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        parse_ok(good[i].s);
        assert_int_equal(cfg.cpus, good[i].mask);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(s, sizeof(s), "domain %s", bad[i]);
        snprintf(msg, sizeof(msg), "%s: bad CPU list (expected \"all\" or e.g. 0-3,5 with CPUs below 64)", bad[i]);
        parse_bad(s, msg);
    }
    parse_bad("domain cpus=", "cpus=: empty CPU list");
}

static void test_name(void **state)
{
    parse_ok("domain name=Ab_9.x-y");
    assert_string_equal(cfg.name, "Ab_9.x-y");
    parse_ok("domain name=abcdefghijklmnopqrstuvwxyz01234");      /* 31 */
    assert_string_equal(cfg.name, "abcdefghijklmnopqrstuvwxyz01234");
    parse_bad("domain name=abcdefghijklmnopqrstuvwxyz012345",
              "name=abcdefghijklmnopqrstuvwxyz012345: name must have 1 to 31 characters");
    parse_bad("domain name=", "name=: name must have 1 to 31 characters");
    parse_bad("domain name=a$b", "name=a$b: name may only contain A-Z a-z 0-9 _ . -");
    parse_bad("domain name=a=b", "name=a=b: name may only contain A-Z a-z 0-9 _ . -");
}

static void test_mode_and_unknown(void **state)
{
    parse_ok("domain mode=pvh");
    assert_int_equal(cfg.mode, DOMCFG_MODE_PVH);
    parse_bad("domain mode=hvm", "mode=hvm: mode must be pvh or real");
    parse_bad("domain vpcus=2", "vpcus=2: unknown option (guest arguments go after \"--\")");
    parse_bad("domain name=x console=hvc0", "console=hvc0: unknown option (guest arguments go after \"--\")");
    parse_bad("domain -", "-: unknown option (guest arguments go after \"--\")");
}

static void test_cmdline_too_long(void **state)
{
    char s[400] = "domain -- ";

    memset(s + strlen(s), 'x', DOMCFG_CMDLINE_LEN - 1);
    parse_ok(s);
    assert_int_equal(strlen(cfg.cmdline), DOMCFG_CMDLINE_LEN - 1);
    strcat(s, "y");
    parse_bad(s, "command line longer than 255 characters");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_all_options),
        cmocka_unit_test(test_blanks_and_path_prefix),
        cmocka_unit_test(test_not_a_domain),
        cmocka_unit_test(test_initrd),
        cmocka_unit_test(test_mem),
        cmocka_unit_test(test_integer_limits),
        cmocka_unit_test(test_cap_depends_on_vcpus),
        cmocka_unit_test(test_cpus),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_mode_and_unknown),
        cmocka_unit_test(test_cmdline_too_long),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
