/*
 * xen/string.c against the C library: memcpy/memset (8-byte bulk + byte
 * tail) at every small size and alignment, with guard bytes that must stay
 * untouched; memmove overlaps both ways; the string functions' results.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "string_wrap.h"

#define BUF 256
#define GUARD 0xa5

static void fill(unsigned char *b, size_t n, unsigned int seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(seed + i * 13);
}

static void test_memcpy_sizes_and_alignments(void **state)
{
    unsigned char src[BUF], dst[BUF], want[BUF];

    fill(src, BUF, 7);
    for (size_t off = 0; off < 9; off++)
        for (size_t n = 0; n + off + 16 < BUF; n++) {
            memset(dst, GUARD, BUF);
            memset(want, GUARD, BUF);
            memcpy(want + off, src + (n % 5), n);
            assert_ptr_equal(xen_memcpy(dst + off, src + (n % 5), n), dst + off);
            assert_memory_equal(dst, want, BUF);        /* guards intact too */
        }
}

static void test_memset_sizes_and_alignments(void **state)
{
    unsigned char dst[BUF], want[BUF];

    for (size_t off = 0; off < 9; off++)
        for (size_t n = 0; n + off < BUF; n++) {
            int c = (int)(n * 31 + off) - 128;          /* also negative values */
            memset(dst, GUARD, BUF);
            memset(want, GUARD, BUF);
            memset(want + off, c, n);
            assert_ptr_equal(xen_memset(dst + off, c, n), dst + off);
            assert_memory_equal(dst, want, BUF);
        }
}

static void test_memmove_overlaps(void **state)
{
    unsigned char a[BUF], b[BUF];

    for (size_t n = 0; n < 64; n++)
        for (int shift = -9; shift <= 9; shift++) {
            fill(a, BUF, (unsigned int)n);
            memcpy(b, a, BUF);
            memmove(b + 64 + shift, b + 64, n);
            xen_memmove(a + 64 + shift, a + 64, n);
            assert_memory_equal(a, b, BUF);
        }
}

static int sign(int x) { return (x > 0) - (x < 0); }

static void test_string_functions(void **state)
{
    static const char *const words[] = { "", "a", "ab", "abc", "abd", "b", "\x80", "abcdef" };
    char buf[8];

    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(xen_strlen(words[i]), strlen(words[i]));
        assert_int_equal(xen_strnlen(words[i], 2), strnlen(words[i], 2));
        assert_ptr_equal(xen_strchr(words[i], 'b'), strchr(words[i], 'b'));
        assert_ptr_equal(xen_strchr(words[i], '\0'), strchr(words[i], '\0'));
        for (size_t j = 0; j < 8; j++) {
            assert_int_equal(sign(xen_strcmp(words[i], words[j])), sign(strcmp(words[i], words[j])));
            assert_int_equal(sign(xen_strncmp(words[i], words[j], 2)),
                             sign(strncmp(words[i], words[j], 2)));
            assert_int_equal(sign(xen_memcmp(words[i], words[j], 1)),
                             sign(memcmp(words[i], words[j], 1)));
        }
    }
    assert_int_equal(xen_strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
    assert_string_equal(buf, "abcdefg");                /* truncated, terminated */
    assert_int_equal(xen_strlcpy(buf, "x", 0), 1);      /* size 0: nothing written */
    assert_string_equal(buf, "abcdefg");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_sizes_and_alignments),
        cmocka_unit_test(test_memset_sizes_and_alignments),
        cmocka_unit_test(test_memmove_overlaps),
        cmocka_unit_test(test_string_functions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
