/*
 * Host tests for the command-line parser (xen/cmdline.c). The options are
 * registered here with the real *_param() macros, so the test also checks
 * that the xen_params section table works as the linker builds it.
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
#include "unit_stubs.h"

static bool opt_flag;
static bool opt_other;
static u8 opt_u8;
static u16 opt_u16;
static u32 opt_u32;
static u64 opt_u64;
static u64 opt_mem;
static u32 opt_mem32;
static char opt_name[8];

boolean_param("flag", opt_flag);
boolean_param("other", opt_other);
integer_param("u8val", opt_u8);
integer_param("u16val", opt_u16);
integer_param("u32val", opt_u32);
integer_param("u64val", opt_u64);
size_param("mem", opt_mem);
size_param("mem32", opt_mem32);
string_param("name", opt_name);

/* custom_param: records each call; "fail" makes it return -EINVAL. */
static unsigned int custom_calls;
static bool custom_got_null;
static char custom_value[64];

static int parse_custom(const char *v)
{
    custom_calls++;
    custom_got_null = !v;
    snprintf(custom_value, sizeof(custom_value), "%s", v ? v : "");
    return v && !strcmp(v, "fail") ? -EINVAL : 0;
}
custom_param("custom", parse_custom);

static int setup(void **state)
{
    unit_log_reset();
    opt_flag = opt_other = false;
    opt_u8 = 0x11, opt_u16 = 0x2222, opt_u32 = 0x33333333, opt_u64 = 0x4444444444444444ULL;
    opt_mem = 0, opt_mem32 = 0;
    strcpy(opt_name, "init");
    custom_calls = 0, custom_got_null = false, custom_value[0] = '\0';
    return 0;
}

static void test_all_kinds_applied(void **state)
{
    assert_int_equal(cmdline_parse("flag u8val=200 u16val=0xbeef u32val=4000000000 "
                                   "u64val=0x123456789abcdef0 mem=512M mem32=64K name=abc "
                                   "custom=x,y"), 0);
    assert_true(opt_flag);
    assert_int_equal(opt_u8, 200);
    assert_int_equal(opt_u16, 0xbeef);
    assert_int_equal(opt_u32, 4000000000u);
    assert_int_equal(opt_u64, 0x123456789abcdef0ULL);
    assert_int_equal(opt_mem, 512ULL << 20);
    assert_int_equal(opt_mem32, 64 << 10);
    assert_string_equal(opt_name, "abc");
    assert_int_equal(custom_calls, 1);
    assert_string_equal(custom_value, "x,y");
    assert_false(custom_got_null);
    assert_int_equal(unit_log[0], '\0');        /* nothing to warn about */
}

static void test_booleans(void **state)
{
    static const struct { const char *word; bool val; } cases[] = {
        { "flag", true }, { "flag=1", true }, { "flag=0", false },
        { "flag=yes", true }, { "flag=no", false }, { "flag=on", true },
        { "flag=off", false }, { "flag=true", true }, { "flag=false", false },
        { "flag=enable", true }, { "flag=disable", false },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        opt_flag = !cases[i].val;
        assert_int_equal(cmdline_parse(cases[i].word), 0);
        if (opt_flag != cases[i].val)
            fail_msg("'%s' gave %d", cases[i].word, opt_flag);
    }
}

static void test_negation(void **state)
{
    opt_flag = opt_other = true;
    assert_int_equal(cmdline_parse("no-flag no-other"), 0);
    assert_false(opt_flag);
    assert_false(opt_other);

    /* "no-" applies to booleans only, and takes no value. */
    assert_int_equal(cmdline_parse("no-u8val"), 1);
    assert_int_equal(opt_u8, 0x11);
    assert_true(unit_log_contains("option 'no-u8val'"));
    opt_flag = true;
    assert_int_equal(cmdline_parse("no-flag=1"), 1);
    assert_true(opt_flag);
    assert_true(unit_log_contains("unknown option 'no-flag'"));
    assert_int_equal(cmdline_parse("no-nonesuch no-"), 2);
}

static void test_bad_booleans(void **state)
{
    opt_flag = true;
    assert_int_equal(cmdline_parse("flag=maybe flag=2 flag= flag=YES"), 4);
    assert_true(opt_flag);
    assert_true(unit_log_contains("bad value 'maybe' for option 'flag'"));
}

static void test_numbers_hex_and_decimal(void **state)
{
    assert_int_equal(cmdline_parse("u32val=0x1F u16val=0XfF u8val=010"), 0);
    assert_int_equal(opt_u32, 0x1f);
    assert_int_equal(opt_u16, 0xff);
    assert_int_equal(opt_u8, 10);               /* leading 0 is not octal */
    assert_int_equal(cmdline_parse("u64val=18446744073709551615"), 0);
    assert_int_equal(opt_u64, ~0ULL);
    assert_int_equal(cmdline_parse("u8val=0 u16val=65535 u32val=0xffffffff"), 0);
    assert_int_equal(opt_u8, 0);
    assert_int_equal(opt_u16, 65535);
    assert_int_equal(opt_u32, 0xffffffffu);
}

static void test_out_of_range(void **state)
{
    assert_int_equal(cmdline_parse("u8val=256 u16val=0x10000 u32val=4294967296"), 3);
    assert_int_equal(opt_u8, 0x11);
    assert_int_equal(opt_u16, 0x2222);
    assert_int_equal(opt_u32, 0x33333333);
    assert_true(unit_log_contains("bad value '256' for option 'u8val'"));
    assert_true(unit_log_contains("option 'u16val'"));
    assert_true(unit_log_contains("option 'u32val'"));
    /* Too big for any variable: must not wrap around into range. */
    assert_int_equal(cmdline_parse("u8val=18446744073709551617 "
                                   "u64val=99999999999999999999999"), 1);
    assert_int_equal(opt_u8, 0x11);
    assert_int_equal(opt_u64, ~0ULL);           /* saturated, as strtoul does */
    assert_int_equal(cmdline_parse("mem32=4G mem=16777216T"), 1);
    assert_int_equal(opt_mem32, 0);
    assert_int_equal(opt_mem, ~0ULL);
}

static void test_bad_numbers(void **state)
{
    assert_int_equal(cmdline_parse("u8val=12x u8val= u8val u16val=0x u32val=-1 mem=12Q"), 6);
    assert_int_equal(opt_u8, 0x11);
    assert_int_equal(opt_u16, 0x2222);
    assert_int_equal(opt_u32, 0x33333333);
    assert_int_equal(opt_mem, 0);
    assert_true(unit_log_contains("bad value '12x' for option 'u8val'"));
    assert_true(unit_log_contains("bad value '' for option 'u8val'"));
}

static void test_sizes(void **state)
{
    static const struct { const char *word; u64 val; } cases[] = {
        { "mem=4096", 4096 }, { "mem=1K", 1024 }, { "mem=3k", 3072 },
        { "mem=2M", 2ULL << 20 }, { "mem=5m", 5ULL << 20 }, { "mem=3G", 3ULL << 30 },
        { "mem=1g", 1ULL << 30 }, { "mem=2T", 2ULL << 40 }, { "mem=7t", 7ULL << 40 },
        { "mem=0x10M", 16ULL << 20 }, { "mem=100B", 100 }, { "mem=0", 0 },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        opt_mem = 12345;
        assert_int_equal(cmdline_parse(cases[i].word), 0);
        if (opt_mem != cases[i].val)
            fail_msg("'%s' gave %#llx", cases[i].word, (unsigned long long)opt_mem);
    }
    /* Only one suffix, and nothing after it. */
    assert_int_equal(cmdline_parse("mem=1KK mem=1MB mem=M"), 3);
}

static void test_unknown_option(void **state)
{
    assert_int_equal(cmdline_parse("u8val=7 frobnicate=3 flag bogus"), 2);
    assert_int_equal(opt_u8, 7);
    assert_true(opt_flag);
    assert_true(unit_log_contains("unknown option 'frobnicate' ignored"));
    assert_true(unit_log_contains("unknown option 'bogus' ignored"));
    /* Names match exactly: no prefixes, no case folding. */
    assert_int_equal(cmdline_parse("fla FLAG flags u8 =5"), 5);
}

static void test_string_truncation(void **state)
{
    assert_int_equal(cmdline_parse("name=abcdefghijk"), 0);
    assert_string_equal(opt_name, "abcdefg");
    assert_true(unit_log_contains("value of 'name' truncated to 7 chars"));

    unit_log_reset();
    assert_int_equal(cmdline_parse("name=1234567"), 0);     /* fits exactly */
    assert_string_equal(opt_name, "1234567");
    assert_false(unit_log_contains("truncated"));
    assert_int_equal(cmdline_parse("name= name"), 0);
    assert_string_equal(opt_name, "");
    /* The value is everything after the first '='. */
    assert_int_equal(cmdline_parse("name=a=b"), 0);
    assert_string_equal(opt_name, "a=b");
}

static void test_long_word(void **state)
{
    char line[600];
    int n;

    /* 300-char word: rejected whole, the words around it still count. */
    n = snprintf(line, sizeof(line), "u8val=1 name=");
    memset(line + n, 'z', 300 - 5);
    n += 300 - 5;
    snprintf(line + n, sizeof(line) - (size_t)n, " flag u16val=2");
    assert_int_equal(cmdline_parse(line), 1);
    assert_int_equal(opt_u8, 1);
    assert_true(opt_flag);
    assert_int_equal(opt_u16, 2);
    assert_string_equal(opt_name, "init");
    assert_true(unit_log_contains("longer than 255 chars ignored"));
    assert_true(unit_log_contains("'name=zzzz"));

    /* 255 chars is the longest word accepted. */
    unit_log_reset();
    n = snprintf(line, sizeof(line), "name=");
    memset(line + n, 'y', 250);
    line[n + 250] = '\0';
    assert_int_equal(strlen(line), 255);
    assert_int_equal(cmdline_parse(line), 0);
    assert_string_equal(opt_name, "yyyyyyy");
    assert_false(unit_log_contains("longer than"));
    line[n + 250] = 'y', line[n + 251] = '\0';
    assert_int_equal(cmdline_parse(line), 1);
}

static void test_whitespace(void **state)
{
    assert_int_equal(cmdline_parse("   flag\t\tu8val=5  \t u16val=6\t "), 0);
    assert_true(opt_flag);
    assert_int_equal(opt_u8, 5);
    assert_int_equal(opt_u16, 6);
    assert_int_equal(cmdline_parse(" \t  "), 0);
    assert_int_equal(unit_log[0], '\0');
}

static void test_empty_and_null(void **state)
{
    assert_int_equal(cmdline_parse(""), 0);
    assert_int_equal(cmdline_parse(NULL), 0);
    assert_int_equal(opt_u8, 0x11);
    assert_int_equal(custom_calls, 0);
    assert_int_equal(unit_log[0], '\0');
}

static void test_return_counts_failures(void **state)
{
    assert_int_equal(cmdline_parse("a b c flag u8val=300 custom=fail custom=ok"), 5);
    assert_true(opt_flag);
    assert_int_equal(custom_calls, 2);
    assert_string_equal(custom_value, "ok");
    assert_true(unit_log_contains("bad value 'fail' for option 'custom'"));
}

static void test_custom_param(void **state)
{
    assert_int_equal(cmdline_parse("custom"), 0);
    assert_int_equal(custom_calls, 1);
    assert_true(custom_got_null);
    assert_int_equal(cmdline_parse("custom="), 0);
    assert_int_equal(custom_calls, 2);
    assert_false(custom_got_null);
    assert_string_equal(custom_value, "");
    /* Later words win: options are applied left to right. */
    assert_int_equal(cmdline_parse("custom=1 u8val=1 custom=2 u8val=2"), 0);
    assert_string_equal(custom_value, "2");
    assert_int_equal(opt_u8, 2);
}

static void test_parse_size_and_unit(void **state)
{
    const char *end;

    assert_int_equal(parse_size_and_unit("16M,rest", &end), 16ULL << 20);
    assert_string_equal(end, ",rest");
    assert_int_equal(parse_size_and_unit("0x100k", &end), 0x100ULL << 10);
    assert_string_equal(end, "");
    assert_int_equal(parse_size_and_unit("12b", &end), 12);
    assert_string_equal(end, "");
    assert_int_equal(parse_size_and_unit("77", NULL), 77);
    assert_int_equal(parse_size_and_unit("5X", &end), 5);
    assert_string_equal(end, "X");
    /* No digits: 0, and nothing consumed (a bare suffix is not a number). */
    assert_int_equal(parse_size_and_unit("", &end), 0);
    assert_string_equal(end, "");
    assert_int_equal(parse_size_and_unit("K", &end), 0);
    assert_string_equal(end, "K");
    assert_int_equal(parse_size_and_unit("16777215T", NULL), 16777215ULL << 40);
    assert_int_equal(parse_size_and_unit("16777216T", NULL), ~0ULL);
    assert_int_equal(parse_size_and_unit("0x4000000000000G", NULL), ~0ULL);
}

static void test_simple_strtoul(void **state)
{
    const char *end;
    const char *s;

    assert_int_equal(simple_strtoul("1234xyz", &end, 10), 1234);
    assert_string_equal(end, "xyz");
    assert_int_equal(simple_strtoul("0x1aG", &end, 0), 0x1a);
    assert_string_equal(end, "G");
    assert_int_equal(simple_strtoul("ff", &end, 16), 0xff);
    assert_int_equal(simple_strtoul("0XFF", &end, 16), 0xff);
    assert_int_equal(simple_strtoul("777", &end, 8), 0777);
    assert_int_equal(simple_strtoul("778", &end, 8), 077);
    assert_string_equal(end, "8");
    assert_int_equal(simple_strtoul("1012", &end, 2), 5);
    assert_int_equal(simple_strtoul("09", &end, 0), 9);       /* base 0: decimal */
    assert_int_equal(simple_strtoul("abc", &end, 10), 0);
    assert_string_equal(end, "abc");
    assert_int_equal(simple_strtoul("", &end, 0), 0);
    assert_int_equal(simple_strtoul("-5", &end, 10), 0);      /* no sign */
    assert_string_equal(end, "-5");
    assert_int_equal(simple_strtoul("18446744073709551615", &end, 10), ~0UL);
    assert_string_equal(end, "");
    /* Overflow saturates (and consumes all digits) instead of wrapping. */
    assert_int_equal(simple_strtoul("18446744073709551616", &end, 10), ~0UL);
    assert_string_equal(end, "");
    assert_int_equal(simple_strtoul("0x10000000000000000", &end, 0), ~0UL);
    /* "0x" without a hex digit is the number 0 followed by "x". */
    s = "0x";
    assert_int_equal(simple_strtoul(s, &end, 0), 0);
    assert_ptr_equal(end, s + 1);
    s = "0xg";
    assert_int_equal(simple_strtoul(s, &end, 16), 0);
    assert_ptr_equal(end, s + 1);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_all_kinds_applied), T(test_booleans), T(test_negation),
        T(test_bad_booleans), T(test_numbers_hex_and_decimal), T(test_out_of_range),
        T(test_bad_numbers), T(test_sizes), T(test_unknown_option),
        T(test_string_truncation), T(test_long_word), T(test_whitespace),
        T(test_empty_and_null), T(test_return_counts_failures), T(test_custom_param),
        T(test_parse_size_and_unit), T(test_simple_strtoul),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
