/*
 * Host tests for the hypervisor's vsnprintf (xen/vsprintf.c, built as
 * xen_vsnprintf by vsprintf_wrap.c): every supported format is compared
 * with the C library's output and return value; then truncation and the
 * few places where we differ on purpose (%p of NULL, %s of NULL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include "unit_stubs.h"
#include "vsprintf_wrap.h"

static unsigned int compared;

/* Format with both and require identical text and return value. */
static void __attribute__((format(printf, 2, 3))) cmp_at(int line, const char *fmt, ...)
{
    char want[512], got[512];
    va_list a, b;
    int rw, rg;

    va_start(a, fmt);
    va_copy(b, a);
    rw = vsnprintf(want, sizeof(want), fmt, a);
    memset(got, 'Z', sizeof(got));
    rg = xen_vsnprintf(got, sizeof(got), fmt, b);
    va_end(b);
    va_end(a);
    if (rw != rg || strcmp(want, got))
        fail_msg("line %d, format \"%s\": libc \"%s\" (%d), xen \"%s\" (%d)", line, fmt, want,
                 rw, got, rg);
    compared++;
}
#define CMP(...) cmp_at(__LINE__, __VA_ARGS__)

/* For flag combinations gcc's -Wformat rightly calls odd but C defines. */
static const char *volatile odd;

static void test_integers(void **state)
{
    CMP("%d %d %d", 0, 1, -1);
    CMP("%d %d", INT_MAX, INT_MIN);
    CMP("%i|%i", 42, -42);
    CMP("%u %u", 0u, UINT_MAX);
    CMP("%x %X %x", 0xdeadbeefu, 0xdeadbeefu, 0u);
    CMP("%o %o %o", 0u, 8u, 0777u);
    CMP("100%% %%d");
    CMP("%d%s%c", 7, "abc", 'z');
}

static void test_width_and_flags(void **state)
{
    CMP("[%5d] [%-5d] [%05d] [%05d]", 42, 42, 42, -42);
    CMP("[%+d] [%+d] [% d] [% d] [%+5d] [%-+6d]", 42, -42, 42, -42, 7, 7);
    CMP("[%1d] [%3d]", 12345, -12345);                  /* width smaller than the number */
    CMP("[%#x] [%#X] [%#x] [%#o] [%#o] [%#o]", 255u, 255u, 0u, 8u, 0u, 01u);
    CMP("[%#010x] [%#-10x] [%#10X] [%010x]", 0x1234u, 0x1234u, 0xabcu, 0xabcu);
    CMP("[%*d] [%*d] [%-*d]", 6, 42, -6, 42, 4, 1);     /* negative '*' width: left */
    odd = "[%-05d] [%+u] [% x] [%+ d] [% +d]";
    cmp_at(__LINE__, odd, 42, 5u, 5u, 3, 3);            /* '-' beats '0'; '+' beats ' ' */
}

static void test_precision(void **state)
{
    CMP("[%.3d] [%.3d] [%8.3d] [%-8.3d] [%.1d]", 7, -7, -7, 7, 12345);
    CMP("[%.0d] [%.0x] [%5.0d] [%.0u] [%.d]", 0, 0u, 0, 0u, 0);  /* no digits for 0 */
    CMP("[%.0d] [%.0x]", 1, 1u);
    CMP("[%#.3o] [%#.0o] [%#.5x] [%#.0x]", 8u, 0u, 0x12u, 0u);
    CMP("[%.*d] [%.*d] [%*.*d]", 5, 42, -1, 42, 8, 4, -3);    /* negative: none */
    odd = "[%08.3d] [%-08d] [%+.3d] [% 06d] [%+06d]";
    cmp_at(__LINE__, odd, 7, 7, 7, -7, 7);              /* '0' is ignored with a precision */
}

static void test_length_modifiers(void **state)
{
    CMP("%hhd %hhd %hhu %hhx", 127, 128, 300, 0x1ff);
    CMP("%hd %hd %hu %hx", 32767, 70000, 70000, 0x12345);
    CMP("%ld %ld %lu %lx", LONG_MIN, LONG_MAX, ULONG_MAX, 0xfedcba9876543210ul);
    CMP("%lld %lld %llu %llx %llo", LLONG_MIN, LLONG_MAX, ULLONG_MAX, (unsigned long long)UINT64_MAX,
        ULLONG_MAX);
    CMP("%zu %zx %zd", SIZE_MAX, (size_t)0x1000, (ssize_t)-5);
    CMP("%td %ti", (ptrdiff_t)-12, (ptrdiff_t)PTRDIFF_MAX);
    CMP("%lld|%llu|%#llx|%020lld", 0LL, 0ULL, 0ULL, LLONG_MIN);
    CMP("%-22llo|%.22llx", ULLONG_MAX, 1ULL);
}

static void test_strings_and_chars(void **state)
{
    CMP("[%s] [%10s] [%-10s] [%s]", "hello", "hi", "hi", "");
    CMP("[%.3s] [%.10s] [%.0s] [%5.2s] [%-5.1s]", "hello", "hi", "hello", "abc", "xyz");
    CMP("[%.*s] [%.*s] [%*s]", 2, "hello", -1, "hello", -4, "ab");
    CMP("[%c] [%5c] [%-5c] [%c%c]", 'A', 'b', 'c', '1', '2');
    CMP("%s=%d, %s=%#x, %c", "x", -1, "y", 0xffu, '!');
}

static void test_pointers(void **state)
{
    void *p = (void *)0x1234, *q = (void *)0xffff800000001000ul;

    CMP("[%p] [%p] [%20p] [%-20p]", p, q, p, q);

    /* libc prints "(nil)"; we print the number, which is what a log wants. */
    char buf[32];
    assert_int_equal(xen_snprintf(buf, sizeof(buf), "%p", NULL), 3);
    assert_string_equal(buf, "0x0");
}

static void test_null_string_and_odd_formats(void **state)
{
    char buf[64];
    const char *volatile null_str = NULL;

    xen_snprintf(buf, sizeof(buf), "[%s] [%8s]", null_str, null_str);
    assert_string_equal(buf, "[(null)] [  (null)]");
    odd = "a%yb%";                   /* unknown conversion kept, lone '%' at the end dropped */
    assert_int_equal(xen_snprintf(buf, sizeof(buf), odd), 4);
    assert_string_equal(buf, "a%yb");
}

static void test_truncation(void **state)
{
    char buf[16];

    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(xen_snprintf(buf, 6, "hello world %d", 42), 14);
    assert_string_equal(buf, "hello");
    assert_int_equal(buf[6], 'Z');                  /* nothing beyond size */

    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(xen_snprintf(buf, 1, "%s", "abc"), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'Z');

    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(xen_snprintf(buf, 0, "%d", 12345), 5);
    assert_int_equal(buf[0], 'Z');                  /* size 0: buf untouched */
    assert_int_equal(xen_snprintf(NULL, 0, "%s%s", "abc", "de"), 5);

    /* Exactly fitting, and one short; padding counts like any output. */
    assert_int_equal(xen_snprintf(buf, 4, "abc"), 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(xen_snprintf(buf, 3, "abc"), 3);
    assert_string_equal(buf, "ab");
    assert_int_equal(xen_snprintf(buf, sizeof(buf), "%40d", 1), 40);
    assert_int_equal(strlen(buf), sizeof(buf) - 1);
    assert_int_equal(buf[14], ' ');
}

/* Each size from 0 to full length gives the libc prefix and return value. */
static void test_truncation_matches_libc(void **state)
{
    const char *fmt = "%-8s|%+06d|%#x|%llu";
    char want[64], got[64];
    int full = snprintf(want, sizeof(want), fmt, "ab", -42, 0xbeefu, ULLONG_MAX);

    for (int size = 0; size <= full + 1; size++) {
        memset(want, 'W', sizeof(want));
        memset(got, 'W', sizeof(got));
        assert_int_equal(snprintf(want, (size_t)size, fmt, "ab", -42, 0xbeefu, ULLONG_MAX), full);
        assert_int_equal(xen_snprintf(got, (size_t)size, fmt, "ab", -42, 0xbeefu, ULLONG_MAX),
                         full);
        assert_memory_equal(want, got, sizeof(want));
    }
}

/* Guard against the comparisons silently not running. */
static void test_count(void **state)
{
    assert_true(compared >= 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_width_and_flags),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_length_modifiers),
        cmocka_unit_test(test_strings_and_chars),
        cmocka_unit_test(test_pointers),
        cmocka_unit_test(test_null_string_and_odd_formats),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_truncation_matches_libc),
        cmocka_unit_test(test_count),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
