/*
 * Host tests for the XZ / LZMA2 / x86 BCJ decoder (xen/xz.c, xen/lzma*.c,
 * xen/xz_bcj.c) and bzImage parsing (xen/bzimage.c). The streams come from
 * the xz CLI at build time (tests/unit/xz_fixtures.sh) and must decode
 * byte for byte; then truncated and corrupted copies, each in an exactly
 * sized heap buffer so ASan flags any read or write outside it. Last, the
 * real Debian bzImage against its vmlinux when make linux-images ran.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/bzimage.h>
#include <xen/bench.h>
#include <xen/errno.h>
#include <xen/kernel_image.h>
#include <xen/lzma2.h>
#include <xen/xmalloc.h>
#include <xen/xz.h>
#include "unit_stubs.h"

#ifndef XZ_FIXTURES
#define XZ_FIXTURES "build/unit/xz"
#endif

struct blob {
    uint8_t *p;
    size_t n;
};

static struct blob load(const char *path)
{
    struct blob b = { NULL, 0 };
    FILE *f = fopen(path, "rb");

    if (!f)
        return b;
    fseek(f, 0, SEEK_END);
    b.n = (size_t)ftell(f);
    rewind(f);
    b.p = malloc(b.n ? b.n : 1);
    assert_non_null(b.p);
    assert_int_equal(fread(b.p, 1, b.n, f), b.n);
    fclose(f);
    return b;
}

static struct blob fixture(const char *name)
{
    char path[256];
    struct blob b;

    snprintf(path, sizeof(path), "%s/%s", XZ_FIXTURES, name);
    b = load(path);
    if (!b.p)
        fail_msg("missing fixture %s (tests/unit/xz_fixtures.sh)", path);
    return b;
}

/* An exactly sized copy of in[0, n): one byte past it is outside. */
static uint8_t *exact_copy(const uint8_t *in, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);

    assert_non_null(p);
    memcpy(p, in, n);
    return p;
}

static struct xz_dec *new_dec(void)
{
    struct xz_dec *s = malloc(sizeof(*s));

    assert_non_null(s);
    memset(s, 0x5a, sizeof(*s));    /* garbage: the decoder must set up its state */
    return s;
}

/* Decode stream in[0, n) into an exactly sized buffer; returns rc. */
static int decode_exact(const uint8_t *in, size_t n, struct blob *out, char *err, size_t errlen)
{
    struct xz_dec *s = new_dec();
    uint8_t *copy = exact_copy(in, n);
    int rc = xz_probe(s, copy, n);

    out->p = NULL, out->n = 0;
    if (!rc) {
        out->n = (size_t)s->info.uncompressed_size;
        out->p = malloc(out->n ? out->n : 1);
        assert_non_null(out->p);
        rc = xz_decode(s, copy, n, out->p, out->n);
    }
    if (err)
        snprintf(err, errlen, "%s", s->error);
    if (rc)
        assert_true(s->error[0]);   /* every failure says why */
    free(copy);
    free(s);
    return rc;
}

/* ------------------------------------------------------------ checks */

static void test_crc_vectors(void **state)
{
    const char *v = "123456789";

    assert_int_equal(xz_crc32(v, 9, 0), 0xcbf43926u);
    assert_true(xz_crc64(v, 9, 0) == 0x995dc9bbdf1939faull);
    /* Incremental use gives the same value. */
    assert_int_equal(xz_crc32(v + 4, 5, xz_crc32(v, 4, 0)), 0xcbf43926u);
    assert_true(xz_crc64(v + 4, 5, xz_crc64(v, 4, 0)) == 0x995dc9bbdf1939faull);
    assert_int_equal(xz_crc32("", 0, 0), 0);
}

/* ------------------------------------------------------------ round trips */

static const struct {
    const char *xz, *raw;
    unsigned int check, min_blocks;
} good[] = {
    { "text.crc32.xz", "text.bin", XZ_CHECK_CRC32, 1 },
    { "text.crc64.xz", "text.bin", XZ_CHECK_CRC64, 1 },
    { "text.none.xz", "text.bin", XZ_CHECK_NONE, 1 },
    { "text.blocks.xz", "text.bin", XZ_CHECK_CRC32, 6 },
    { "text.lc0lp2pb0.xz", "text.bin", XZ_CHECK_CRC64, 1 },
    { "text.lc4pb4.xz", "text.bin", XZ_CHECK_CRC32, 1 },
    { "text.dict4k.xz", "text.bin", XZ_CHECK_CRC32, 1 },
    { "small.crc32.xz", "small.bin", XZ_CHECK_CRC32, 1 },
    { "small.crc64.xz", "small.bin", XZ_CHECK_CRC64, 1 },
    { "small.none.xz", "small.bin", XZ_CHECK_NONE, 1 },
    { "random.crc64.xz", "random.bin", XZ_CHECK_CRC64, 1 },
    { "mixed.crc32.xz", "mixed.bin", XZ_CHECK_CRC32, 1 },
    { "mixed.blocks.xz", "mixed.bin", XZ_CHECK_CRC64, 7 },
    { "mixed.x86.xz", "mixed.bin", XZ_CHECK_CRC32, 1 },
    { "code.x86.xz", "code.bin", XZ_CHECK_CRC32, 1 },
    { "code.x86blocks.xz", "code.bin", XZ_CHECK_CRC64, 3 },
    { "code.x86start.xz", "code.bin", XZ_CHECK_CRC32, 1 },
    { "code.plain.xz", "code.bin", XZ_CHECK_CRC32, 1 },
    { "bcjmix.x86.xz", "bcjmix.bin", XZ_CHECK_CRC64, 1 },
    { "hello.crc32.xz", "hello.bin", XZ_CHECK_CRC32, 1 },
    { "empty.crc32.xz", "empty.bin", XZ_CHECK_CRC32, 0 },
};

static void test_roundtrip(void **state)
{
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        struct blob in = fixture(good[i].xz), raw = fixture(good[i].raw), out;
        struct xz_dec *s = new_dec();
        char err[XZ_MSG_LEN];
        int rc;

        assert_int_equal(xz_probe(s, in.p, in.n), 0);
        assert_int_equal(s->info.check, good[i].check);
        assert_true(s->info.nr_blocks >= good[i].min_blocks);
        assert_true(s->info.uncompressed_size == raw.n);
        rc = decode_exact(in.p, in.n, &out, err, sizeof(err));
        if (rc)
            fail_msg("%s: rc %d: %s", good[i].xz, rc, err);
        assert_int_equal(out.n, raw.n);
        if (memcmp(out.p, raw.p, raw.n))
            fail_msg("%s decodes to different bytes", good[i].xz);
        free(in.p), free(raw.p), free(out.p), free(s);
    }
}

/* Without BCJ undone the x86 stream would not match: the filter matters. */
static void test_x86_filter_changes_bytes(void **state)
{
    struct blob x86 = fixture("code.x86.xz"), plain = fixture("code.plain.xz");

    assert_true(x86.n != plain.n || memcmp(x86.p, plain.p, x86.n));
    free(x86.p), free(plain.p);
}

static void test_bcj_vector(void **state)
{
    /* CALL at 0x10 to 0x110: relative 0xfb, stored absolute 0x110. */
    uint8_t buf[32] = { 0 };

    buf[0x10] = 0xe8, buf[0x11] = 0x10, buf[0x12] = 0x01;
    buf[0x18] = 0xe8, buf[0x19] = 0x34, buf[0x1a] = 0x12, buf[0x1c] = 0x56; /* not near: kept */
    xz_bcj_x86(buf, sizeof(buf), 0);
    assert_int_equal(buf[0x11] | buf[0x12] << 8 | buf[0x13] << 16 | buf[0x14] << 24, 0xfb);
    assert_int_equal(buf[0x19], 0x34);
    assert_int_equal(buf[0x1c], 0x56);
    /* A start offset shifts the instruction's address. */
    memset(buf, 0, sizeof(buf));
    buf[0] = 0xe9, buf[1] = 0x10, buf[2] = 0x10;
    xz_bcj_x86(buf, sizeof(buf), 0x1000);
    assert_int_equal(buf[1] | buf[2] << 8 | buf[3] << 16 | buf[4] << 24, 0x1010 - 0x1005);
}

/* ------------------------------------------------------------ refusals */

static void test_unsupported(void **state)
{
    static const struct {
        const char *xz, *msg;
    } bad[] = {
        { "text.sha256.xz", "check type 10" },
        { "text.delta.xz", "filter 0x3" },
        { "text.arm.xz", "filter 0x7" },
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct blob in = fixture(bad[i].xz), out;
        char err[XZ_MSG_LEN];

        assert_int_equal(decode_exact(in.p, in.n, &out, err, sizeof(err)), -EOPNOTSUPP);
        if (!strstr(err, bad[i].msg))
            fail_msg("%s: '%s' does not name '%s'", bad[i].xz, err, bad[i].msg);
        free(in.p), free(out.p);
    }
}

static void test_output_too_small(void **state)
{
    struct blob in = fixture("small.crc32.xz");
    struct xz_dec *s = new_dec();
    uint8_t *out;

    assert_int_equal(xz_probe(s, in.p, in.n), 0);
    out = malloc(s->info.uncompressed_size - 1);
    assert_int_equal(xz_decode(s, in.p, in.n, out, s->info.uncompressed_size - 1), -ENOSPC);
    free(out), free(in.p), free(s);
}

/* Every prefix of a stream is refused, and nothing is read beyond it. */
static void test_truncated(void **state)
{
    static const char *const names[] = { "small.crc32.xz", "hello.crc32.xz", "code.x86.xz" };

    for (size_t i = 0; i < 3; i++) {
        struct blob in = fixture(names[i]), out;
        size_t step = in.n > 20000 ? 97 : 1;

        for (size_t n = 0; n < in.n; n += step) {
            if (!decode_exact(in.p, n, &out, NULL, 0))
                fail_msg("%s cut to %zu bytes decoded", names[i], n);
            free(out.p);
        }
        free(in.p);
    }
}

/* Deterministic generator for the corruption sweeps. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/*
 * Single-byte corruption anywhere in a checked stream must be refused:
 * header, block header, LZMA2 data, padding, check, index and footer.
 */
static void test_corrupt_checked(void **state)
{
    static const char *const names[] = { "small.crc32.xz", "small.crc64.xz" };

    for (size_t i = 0; i < 2; i++) {
        struct blob in = fixture(names[i]), out;
        uint8_t *copy = exact_copy(in.p, in.n);

        for (size_t k = 0; k < in.n; k += (k < 64 || k > in.n - 128) ? 1 : 1 + rng() % 61) {
            uint8_t old = copy[k];

            copy[k] ^= (uint8_t)(1 + rng() % 255);
            if (!decode_exact(copy, in.n, &out, NULL, 0))
                fail_msg("%s with byte %zu changed decoded", names[i], k);
            free(out.p);
            copy[k] = old;
        }
        free(copy), free(in.p);
    }
}

/*
 * Without a check, corrupt LZMA2 data may decode to other bytes, but must
 * never crash, overrun, or produce more than the index says.
 */
static void test_corrupt_unchecked(void **state)
{
    struct blob in = fixture("small.none.xz"), out;
    unsigned int refused = 0, runs = 0;

    for (size_t k = 12; k < in.n - 40; k += 1 + rng() % 37, runs++) {
        uint8_t *copy = exact_copy(in.p, in.n);

        copy[k] ^= (uint8_t)(1 + rng() % 255);
        refused += decode_exact(copy, in.n, &out, NULL, 0) != 0;
        free(out.p), free(copy);
    }
    /* The LZMA2 layer's own rules catch most damage by themselves. */
    assert_true(refused > runs / 2);
    free(in.p);
}

/* ------------------------------------------------------------ raw LZMA2 */

static int lzma2_exact(const uint8_t *in, size_t n, size_t out_len, size_t *made, const char **why)
{
    struct lzma2_dec *s = malloc(sizeof(*s));
    uint8_t *copy = exact_copy(in, n), *out = malloc(out_len ? out_len : 1);
    size_t used = 0;
    int rc;

    lzma2_init(s);
    *why = "";
    *made = 0;
    rc = lzma2_decode(s, copy, n, &used, out, out_len, made, why);
    if (!rc)
        assert_int_equal(used, n);
    free(s), free(copy), free(out);
    return rc;
}

/* The fixture really has stored chunks between LZMA ones, and resets. */
static void test_lzma2_chunk_mix(void **state)
{
    struct blob in = fixture("mixed.lzma2");
    unsigned int stored = 0, lzma = 0, stored_then_lzma = 0, prev_stored = 0;
    size_t p = 0;

    while (p < in.n && in.p[p]) {
        uint8_t c = in.p[p];

        if (c < 0x80) {
            stored++, prev_stored = 1;
            p += 3 + ((size_t)in.p[p + 1] << 8 | in.p[p + 2]) + 1;
            continue;
        }
        lzma++;
        stored_then_lzma += prev_stored, prev_stored = 0;
        p += (c >= 0xc0 ? 6 : 5) + ((size_t)in.p[p + 3] << 8 | in.p[p + 4]) + 1;
    }
    assert_true(stored >= 2 && lzma >= 4 && stored_then_lzma >= 1);
    free(in.p);
}

static void test_lzma2_truncated(void **state)
{
    struct blob in = fixture("small.lzma2"), raw = fixture("small.bin");
    const char *why;
    size_t made;

    assert_int_equal(lzma2_exact(in.p, in.n, raw.n, &made, &why), 0);
    assert_int_equal(made, raw.n);
    for (size_t n = 0; n < in.n; n += 1 + rng() % 53)
        if (!lzma2_exact(in.p, n, raw.n, &made, &why))
            fail_msg("raw LZMA2 cut to %zu of %zu bytes decoded", n, in.n);
    /* One byte less of output room: -ENOSPC, not an overrun. */
    assert_int_equal(lzma2_exact(in.p, in.n, raw.n - 1, &made, &why), -ENOSPC);
    free(in.p), free(raw.p);
}

/* Flipped bytes in raw LZMA2: any result but a crash; rules do fire. */
static void test_lzma2_corrupt(void **state)
{
    struct blob in = fixture("small.lzma2"), raw = fixture("small.bin");
    unsigned int dist = 0, refused = 0;
    const char *why;
    size_t made;

    for (size_t k = 0; k < in.n; k += 1 + rng() % 23) {
        uint8_t *copy = exact_copy(in.p, in.n);

        copy[k] ^= (uint8_t)(1 + rng() % 255);
        if (lzma2_exact(copy, in.n, raw.n, &made, &why)) {
            refused++;
            dist += strstr(why, "dictionary start") != NULL;
        }
        assert_true(made <= raw.n);
        free(copy);
    }
    assert_true(refused > 0 && dist > 0);
    free(in.p), free(raw.p);
}

/* Hand-made chunk sequences, one rule each. */
static void test_lzma2_rules(void **state)
{
    static const struct {
        uint8_t in[16];
        size_t n, out;
        int rc;
        const char *why;
    } cases[] = {
        { { 0x01, 0x00, 0x02, 'a', 'b', 'c', 0x00 }, 7, 3, 0, "" },
        { { 0x00 }, 1, 0, 0, "" },
        { { 0x03 }, 1, 16, -EINVAL, "control byte" },
        { { 0x02, 0x00, 0x00, 'a', 0x00 }, 5, 16, -EINVAL, "reset the dictionary" },
        { { 0x01, 0x00, 0x02, 'a', 'b', 'c' }, 6, 16, -EINVAL, "end marker" },
        { { 0x01, 0x00, 0x05, 'a' }, 4, 16, -EINVAL, "past the end" },
        { { 0x01, 0x00, 0x02, 'a', 'b', 'c', 0x00 }, 7, 2, -ENOSPC, "larger" },
        { { 0x01, 0x00 }, 2, 16, -EINVAL, "cut short" },
        /* LZMA chunk without properties right after a dictionary reset. */
        { { 0x01, 0x00, 0x00, 'a', 0xa0, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0, 0, 0x00 }, 15, 16,
          -EINVAL, "without properties" },
        /* Properties byte out of range, then lc + lp > 4 (lc 4, lp 1). */
        { { 0xe0, 0x00, 0x00, 0x00, 0x04, 225, 0, 0, 0, 0, 0, 0x00 }, 12, 16, -EINVAL, "lc/lp/pb" },
        { { 0xe0, 0x00, 0x00, 0x00, 0x04, 13, 0, 0, 0, 0, 0, 0x00 }, 12, 16, -EINVAL, "lc/lp/pb" },
        /* Range coder's first byte must be 0. */
        { { 0xe0, 0x00, 0x00, 0x00, 0x04, 0x5d, 1, 0, 0, 0, 0, 0x00 }, 12, 16, -EINVAL, "range coder" },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *why;
        size_t made;
        int rc = lzma2_exact(cases[i].in, cases[i].n, cases[i].out, &made, &why);

        if (rc != cases[i].rc || !strstr(why, cases[i].why))
            fail_msg("case %zu: rc %d (%s), expected %d (%s)", i, rc, why, cases[i].rc, cases[i].why);
    }
}

/* ------------------------------------------------------------ container */

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Edit a valid stream, redo the CRC32 over [from, to) at crc_at, expect. */
static void expect_edit(const struct blob *in, size_t at, uint8_t val, size_t from, size_t to,
                        size_t crc_at, int rc, const char *msg)
{
    uint8_t *copy = exact_copy(in->p, in->n);
    struct blob out;
    char err[XZ_MSG_LEN];
    int got;

    copy[at] = val;
    if (to > from)
        put_le32(copy + crc_at, xz_crc32(copy + from, to - from, 0));
    got = decode_exact(copy, in->n, &out, err, sizeof(err));
    if (got != rc || !strstr(err, msg))
        fail_msg("byte %zu = %#x: rc %d '%s', expected %d '%s'", at, val, got, err, rc, msg);
    free(out.p), free(copy);
}

static void test_container_rules(void **state)
{
    struct blob in = fixture("hello.crc32.xz");
    size_t n = in.n, bh = in.p[12] * 4 + 4;     /* block header length */

    expect_edit(&in, 0, 0xfe, 0, 0, 0, -EINVAL, "bad magic");
    expect_edit(&in, 7, 0x04, 0, 0, 0, -EINVAL, "header CRC32");
    expect_edit(&in, 7, 0x04, 6, 8, 8, -EINVAL, "footer flags differ");
    expect_edit(&in, 6, 0x01, 6, 8, 8, -EINVAL, "unknown flags");
    expect_edit(&in, n - 1, 'X', 0, 0, 0, -EINVAL, "footer magic");
    expect_edit(&in, n - 8, 0x7f, n - 8, n - 2, n - 12, -EINVAL, "index size");
    expect_edit(&in, 13, 0x04, 12, 12 + bh - 4, 12 + bh - 4, -EINVAL, "reserved");
    expect_edit(&in, 13, 0x03, 12, 12 + bh - 4, 12 + bh - 4, -EOPNOTSUPP, "4 filters");
    expect_edit(&in, 12 + bh - 5, 0x01, 12, 12 + bh - 4, 12 + bh - 4, -EINVAL, "padding");
    expect_edit(&in, 12 + 4, 41, 12, 12 + bh - 4, 12 + bh - 4, -EINVAL, "dictionary size");
    expect_edit(&in, 12, 0x00, 0, 0, 0, -EINVAL, "header size byte");
    /* Index: record count 1 -> 2 (CRC fixed): the records no longer fit. */
    {
        size_t idx = n - 12 - ((size_t)(in.p[n - 8] + 1) * 4);

        expect_edit(&in, idx + 1, 0x02, idx, n - 16, n - 16, -EINVAL, "index");
        expect_edit(&in, idx + 2, in.p[idx + 2] + 4, idx, n - 16, n - 16, -EINVAL, "index");
        expect_edit(&in, idx + 3, in.p[idx + 3] + 1, idx, n - 16, n - 16, -EINVAL, "index says");
    }
    expect_edit(&in, n - 13, in.p[n - 13] ^ 1, 0, 0, 0, -EINVAL, "index CRC32");
    free(in.p);
}

/* ------------------------------------------------------------ bzImage */

#define BZ_PM 1024                  /* setup_sects = 1 */

/* A minimal bzImage around payload: header fields only. */
static struct blob make_bzimage(const uint8_t *payload, size_t n, uint16_t proto, uint8_t sects)
{
    size_t pm = ((size_t)(sects ? sects : 4) + 1) * 512;
    struct blob b = { calloc(1, pm + 64 + n), pm + 64 + n };

    assert_non_null(b.p);
    b.p[0x1f1] = sects;
    b.p[0x1fe] = 0x55, b.p[0x1ff] = 0xaa;
    memcpy(b.p + 0x202, "HdrS", 4);
    b.p[0x206] = (uint8_t)proto, b.p[0x207] = (uint8_t)(proto >> 8);
    put_le32(b.p + 0x248, 64);
    put_le32(b.p + 0x24c, (uint32_t)n);
    memcpy(b.p + pm + 64, payload, n);
    return b;
}

static void test_bzimage_xz(void **state)
{
    struct blob xz = fixture("hello.crc32.xz"), raw = fixture("hello.bin"), out;
    uint8_t *payload = malloc(xz.n + 4);
    struct bzimage_info info;
    struct blob bz;

    /* Linux appends the uncompressed size; also accept a bare stream. */
    memcpy(payload, xz.p, xz.n);
    put_le32(payload + xz.n, (uint32_t)raw.n);
    for (int sizefield = 1; sizefield >= 0; sizefield--) {
        for (uint8_t sects = 0; sects < 3; sects++) {
            bz = make_bzimage(payload, xz.n + 4 * sizefield, 0x020f, sects);
            assert_true(bzimage_is(bz.p, bz.n));
            assert_int_equal(bzimage_parse(bz.p, bz.n, &info), 0);
            assert_int_equal(info.comp, BZIMAGE_COMP_XZ);
            assert_int_equal(info.protocol, 0x020f);
            assert_int_equal(info.data_len, xz.n);
            assert_int_equal(decode_exact(info.data, info.data_len, &out, NULL, 0), 0);
            assert_memory_equal(out.p, raw.p, raw.n);
            free(out.p), free(bz.p);
        }
    }
    free(payload), free(xz.p), free(raw.p);
}

static void test_bzimage_other_compressions(void **state)
{
    static const struct {
        uint8_t magic[6];
        const char *name;
    } c[] = {
        { { 0x1f, 0x8b, 0x08 }, "gzip" }, { { 'B', 'Z', 'h', '9' }, "bzip2" },
        { { 0x5d, 0, 0, 0x80 }, "lzma" }, { { 0x89, 'L', 'Z', 'O', 0 }, "lzo" },
        { { 0x02, 0x21, 0x4c, 0x18 }, "lz4" }, { { 0x28, 0xb5, 0x2f, 0xfd }, "zstd" },
        { { 0x12, 0x34, 0x56 }, "unknown" },
    };

    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct blob bz = make_bzimage(c[i].magic, 6, 0x020f, 1);
        struct bzimage_info info;
        char want[32];

        assert_int_equal(bzimage_parse(bz.p, bz.n, &info), -EOPNOTSUPP);
        snprintf(want, sizeof(want), "is %s-compressed", c[i].name);
        if (!strstr(info.error, want) || !strstr(info.error, "only XZ"))
            fail_msg("'%s' does not say '%s'", info.error, want);
        free(bz.p);
    }
}

static void test_bzimage_malformed(void **state)
{
    struct blob xz = fixture("hello.crc32.xz");
    struct bzimage_info info;
    struct blob bz = make_bzimage(xz.p, xz.n, 0x0207, 1);
    uint8_t *copy;

    assert_int_equal(bzimage_parse(bz.p, bz.n, &info), -ENOEXEC);
    assert_non_null(strstr(info.error, "2.07"));
    free(bz.p);
    /* Payload length one byte past the image. */
    bz = make_bzimage(xz.p, xz.n, 0x020f, 1);
    put_le32(bz.p + 0x24c, (uint32_t)xz.n + 1);
    assert_int_equal(bzimage_parse(bz.p, bz.n, &info), -ENOEXEC);
    put_le32(bz.p + 0x248, 0xffffffffu);
    assert_int_equal(bzimage_parse(bz.p, bz.n, &info), -ENOEXEC);
    free(bz.p);
    /* XZ payload cut: no footer at its end. */
    bz = make_bzimage(xz.p, xz.n - 8, 0x020f, 1);
    assert_int_equal(bzimage_parse(bz.p, bz.n, &info), -ENOEXEC);
    free(bz.p);
    /* Every truncation of a good image: refused, nothing read past it. */
    bz = make_bzimage(xz.p, xz.n, 0x020f, 1);
    for (size_t n = 0; n < bz.n; n++) {
        copy = exact_copy(bz.p, n);
        if (!bzimage_parse(copy, n, &info) || (n < 0x250 && bzimage_is(copy, n)))
            fail_msg("bzImage cut to %zu bytes accepted", n);
        free(copy);
    }
    /* An ELF is no bzImage. */
    assert_false(bzimage_is("\x7f" "ELF", 4));
    free(bz.p), free(xz.p);
}

/* ------------------------------------------------------------ kernel_image */

/* The hypervisor heap and clock, for xen/kernel_image.c. */
static size_t heap_live, heap_fail_above = SIZE_MAX;
void *xmalloc_bytes(size_t size)
{
    if (size > heap_fail_above)
        return NULL;
    heap_live++;
    return malloc(size);
}
void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    return p ? memset(p, 0, size) : NULL;
}
void xfree(void *p)
{
    heap_live -= p != NULL;
    free(p);
}
u64 arch_bench_cycles(void)
{
    return 1000;
}

static void test_kernel_image(void **state)
{
    struct blob xz = fixture("small.crc32.xz"), raw = fixture("small.bin");
    uint8_t gz[6] = { 0x1f, 0x8b, 0x08 };
    struct blob bz = make_bzimage(xz.p, xz.n, 0x020f, 1), bad = make_bzimage(gz, 6, 0x020f, 1);
    struct kernel_image k;

    /* Not a bzImage: handed through for elf_parse() to judge. */
    assert_int_equal(kernel_image_get(&k, raw.p, raw.n, 1 << 20, 3, "x"), 0);
    assert_ptr_equal(k.elf, raw.p);
    assert_null(k.buf);
    /* XZ bzImage: decompressed into the heap, said so, freed by put. */
    unit_log_reset();
    assert_int_equal(kernel_image_get(&k, bz.p, bz.n, 1 << 20, 3, "x"), 0);
    assert_int_equal(k.elf_size, raw.n);
    assert_memory_equal(k.elf, raw.p, raw.n);
    assert_true(unit_log_contains("module 3 (x): bzImage (boot protocol 2.15): XZ payload"));
    kernel_image_put(&k);
    assert_int_equal(heap_live, 0);
    /* Larger than the domain's RAM, or no heap: refused, nothing leaked. */
    unit_log_reset();
    assert_int_equal(kernel_image_get(&k, bz.p, bz.n, raw.n - 1, 3, "x"), -ENOMEM);
    assert_true(unit_log_contains("exceeds the domain's"));
    heap_fail_above = raw.n - 1;
    assert_int_equal(kernel_image_get(&k, bz.p, bz.n, 1 << 20, 3, "x"), -ENOMEM);
    heap_fail_above = SIZE_MAX;
    assert_int_equal(heap_live, 0);
    /* Corrupt payload: the decoder's reason, nothing leaked. */
    bz.p[bz.n - 40] ^= 0x55;
    unit_log_reset();
    assert_int_not_equal(kernel_image_get(&k, bz.p, bz.n, 1 << 20, 3, "x"), 0);
    assert_true(unit_log_contains("module 3 (x): bzImage: XZ"));
    assert_int_equal(heap_live, 0);
    /* gzip: refused, naming the compression. */
    unit_log_reset();
    assert_int_equal(kernel_image_get(&k, bad.p, bad.n, 1 << 20, 3, "x"), -EOPNOTSUPP);
    assert_true(unit_log_contains("bzImage payload is gzip-compressed; only XZ"));
    free(xz.p), free(raw.p), free(bz.p), free(bad.p);
}

/* The real thing: Debian's bzImage decodes to exactly its vmlinux. */
static void test_real_bzimage(void **state)
{
    struct blob bz = load("build/linux/bzImage"), vm = load("build/linux/vmlinux"), out;
    struct bzimage_info info;
    char err[XZ_MSG_LEN];
    int rc;

    if (!bz.p || !vm.p) {
        free(bz.p), free(vm.p);
        skip();     /* make linux-images was not run */
    }
    assert_true(bzimage_is(bz.p, bz.n));
    assert_int_equal(bzimage_parse(bz.p, bz.n, &info), 0);
    assert_int_equal(info.comp, BZIMAGE_COMP_XZ);
    rc = decode_exact(info.data, info.data_len, &out, err, sizeof(err));
    if (rc)
        fail_msg("bzImage payload: rc %d: %s", rc, err);
    assert_int_equal(out.n, vm.n);
    if (memcmp(out.p, vm.p, vm.n))
        fail_msg("bzImage payload differs from build/linux/vmlinux");
    free(out.p), free(bz.p), free(vm.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc_vectors),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_x86_filter_changes_bytes),
        cmocka_unit_test(test_bcj_vector),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_output_too_small),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupt_checked),
        cmocka_unit_test(test_corrupt_unchecked),
        cmocka_unit_test(test_lzma2_chunk_mix),
        cmocka_unit_test(test_lzma2_truncated),
        cmocka_unit_test(test_lzma2_corrupt),
        cmocka_unit_test(test_lzma2_rules),
        cmocka_unit_test(test_container_rules),
        cmocka_unit_test(test_bzimage_xz),
        cmocka_unit_test(test_bzimage_other_compressions),
        cmocka_unit_test(test_bzimage_malformed),
        cmocka_unit_test(test_kernel_image),
        cmocka_unit_test(test_real_bzimage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
