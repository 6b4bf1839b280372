/*
 * XZ container decoder (see include/xen/xz.h; xz file format 1.0.4): the
 * stream header and footer, the index, and per block its header, LZMA2
 * data (xen/lzma2.c), padding, x86 BCJ (xen/xz_bcj.c) and check. The
 * footer and index are read first, so the output size is known and
 * bounded before any data is decoded. Every offset comes from the input
 * and is checked against the stream's length before use.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/xz.h>

#define XZ_HDR_LEN 12               /* stream header and footer alike */
#define XZ_VLI_MAX_BYTES 9          /* 63 bits, 7 per byte */
#define XZ_FILTER_X86 0x04
#define XZ_FILTER_LZMA2 0x21
#define XZ_LZMA2_DICT_MAX 40        /* dictionary size byte: 40 = 4 GiB - 1 */
#define XZ_BLOCK_HAS_PACKED 0x40    /* block flags */
#define XZ_BLOCK_HAS_UNPACKED 0x80
#define XZ_BLOCK_RESERVED 0x3c

static const u8 xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const u8 xz_footer_magic[2] = { 'Y', 'Z' };

/* Check sizes by check ID (§3.4): IDs in one group of three share a size. */
static const u8 xz_check_size[16] = { 0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64 };

/* One block header, as parsed. */
struct xz_block {
    size_t hdr_len;
    bool has_packed, has_unpacked;
    u64 packed, unpacked;
    bool bcj;
    u32 bcj_start;
};

/* A cursor over in[pos, end). */
struct xz_cursor {
    const u8 *in;
    size_t pos, end;
};

static int __printf(3, 4) xz_fail(struct xz_dec *s, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s->error, sizeof(s->error), fmt, ap);
    va_end(ap);
    return err;
}

static u32 xz_le32(const u8 *p)
{
    return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static u64 xz_le64(const u8 *p)
{
    return xz_le32(p) | ((u64)xz_le32(p + 4) << 32);
}

/* Variable-length integer (§1.2): at most 9 bytes, no redundant 0x00 tail. */
static int xz_vli(struct xz_cursor *c, u64 *val)
{
    *val = 0;
    for (unsigned int i = 0; i < XZ_VLI_MAX_BYTES; i++) {
        u8 b;

        if (c->pos >= c->end)
            return -EINVAL;
        b = c->in[c->pos++];
        *val |= (u64)(b & 0x7f) << (7 * i);
        if (!(b & 0x80))
            return (i && !b) ? -EINVAL : 0;
    }
    return -EINVAL;
}

/* Stream flags (§2.1.1.2): a zero byte, then the check ID in the low nibble. */
static int xz_flags(struct xz_dec *s, const u8 *p, const char *where)
{
    if (p[0] || (p[1] & 0xf0))
        return xz_fail(s, -EINVAL, "XZ stream %s has unknown flags %#x %#x", where, p[0], p[1]);
    s->info.check = p[1];
    return 0;
}

static int xz_check_header(struct xz_dec *s, const u8 *in)
{
    if (memcmp(in, xz_magic, sizeof(xz_magic)))
        return xz_fail(s, -EINVAL, "not an XZ stream (bad magic)");
    if (xz_crc32(in + 6, 2, 0) != xz_le32(in + 8))
        return xz_fail(s, -EINVAL, "XZ stream header CRC32 mismatch");
    return xz_flags(s, in + 6, "header");
}

/* Footer: returns the index size it records in *index_size. */
static int xz_check_footer(struct xz_dec *s, const u8 *f, size_t *index_size)
{
    u8 check = s->info.check;
    int rc;

    if (memcmp(f + 10, xz_footer_magic, sizeof(xz_footer_magic)))
        return xz_fail(s, -EINVAL, "XZ stream footer magic missing (truncated or padded stream?)");
    if (xz_crc32(f + 4, 6, 0) != xz_le32(f))
        return xz_fail(s, -EINVAL, "XZ stream footer CRC32 mismatch");
    if ((rc = xz_flags(s, f + 8, "footer")))
        return rc;
    if (s->info.check != check)
        return xz_fail(s, -EINVAL, "XZ stream footer flags differ from the header's");
    *index_size = ((size_t)xz_le32(f + 4) + 1) * 4;
    return 0;
}

/* One index record: unpadded and uncompressed size of the next block. */
static int xz_index_record(struct xz_dec *s, struct xz_cursor *c, u64 *unpadded, u64 *unpacked)
{
    if (xz_vli(c, unpadded) || xz_vli(c, unpacked))
        return xz_fail(s, -EINVAL, "XZ index record cut short or malformed");
    if (*unpadded < 5 || *unpadded > (1ull << 62))
        return xz_fail(s, -EINVAL, "XZ index: unpadded block size %llu out of range",
                       (unsigned long long)*unpadded);
    return 0;
}

/*
 * The index (§4): records whose padded sizes must add up to exactly the
 * space between the stream header and the index, zero padding, CRC32.
 * On success s->records_off is the offset of the first record.
 */
static int xz_check_index(struct xz_dec *s, const u8 *in, size_t off, size_t size)
{
    struct xz_cursor r = { in, off + 1, off + size - 4 };
    u64 count, blocks = 0, total = 0;

    if (in[off] != 0 || xz_vli(&r, &count))
        return xz_fail(s, -EINVAL, "XZ index missing or malformed");
    s->records_off = r.pos;
    for (u64 i = 0; i < count; i++) {
        u64 unpadded, unpacked;
        int rc = xz_index_record(s, &r, &unpadded, &unpacked);

        if (rc)
            return rc;
        blocks += ROUNDUP(unpadded, 4);
        total += unpacked;
        if (blocks > off || total < unpacked)
            return xz_fail(s, -EINVAL, "XZ index sizes exceed the stream");
    }
    if (blocks != off - XZ_HDR_LEN)
        return xz_fail(s, -EINVAL, "XZ index describes %llu bytes of blocks, the stream has %zu",
                       (unsigned long long)blocks, off - XZ_HDR_LEN);
    if (r.end - r.pos > 3)
        return xz_fail(s, -EINVAL, "XZ index has %zu bytes after its records", r.end - r.pos);
    for (; r.pos < r.end; r.pos++)
        if (in[r.pos])
            return xz_fail(s, -EINVAL, "XZ index padding is not zero");
    if (xz_crc32(in + off, size - 4, 0) != xz_le32(in + off + size - 4))
        return xz_fail(s, -EINVAL, "XZ index CRC32 mismatch");
    s->info.nr_blocks = (u32)count;
    s->info.uncompressed_size = total;
    return 0;
}

int xz_probe(struct xz_dec *s, const void *in_v, size_t len)
{
    const u8 *in = in_v;
    size_t index_size = 0;
    int rc;

    s->error[0] = '\0';
    s->info = (struct xz_info){ 0 };
    if (len < 2 * XZ_HDR_LEN + 8 || len % 4)
        return xz_fail(s, -EINVAL, "XZ stream of %zu bytes is too short or not a multiple of 4", len);
    if ((rc = xz_check_header(s, in)) || (rc = xz_check_footer(s, in + len - XZ_HDR_LEN, &index_size)))
        return rc;
    if (s->info.check != XZ_CHECK_NONE && s->info.check != XZ_CHECK_CRC32 &&
        s->info.check != XZ_CHECK_CRC64)
        return xz_fail(s, -EOPNOTSUPP, "XZ check type %u is not supported (only none, CRC32, CRC64)",
                       s->info.check);
    if (index_size > len - 2 * XZ_HDR_LEN)
        return xz_fail(s, -EINVAL, "XZ footer's index size %zu exceeds the stream", index_size);
    return xz_check_index(s, in, len - XZ_HDR_LEN - index_size, index_size);
}

/*
 * One filter of the chain: x86 BCJ (optionally with a start offset) may
 * only come before LZMA2, which must be last (§5.3). Anything else is a
 * valid XZ feature we do not implement: -EOPNOTSUPP, not -EINVAL.
 */
static int xz_filter(struct xz_dec *s, struct xz_cursor *c, bool last, struct xz_block *b,
                     unsigned int blk)
{
    u64 id, psize;

    if (xz_vli(c, &id) || xz_vli(c, &psize) || psize > c->end - c->pos)
        return xz_fail(s, -EINVAL, "XZ block %u: malformed filter flags", blk);
    if (!last && id == XZ_FILTER_X86 && (psize == 0 || psize == 4)) {
        b->bcj = true;
        b->bcj_start = psize ? xz_le32(c->in + c->pos) : 0;
    } else if (last && id == XZ_FILTER_LZMA2 && psize == 1) {
        if (c->in[c->pos] > XZ_LZMA2_DICT_MAX)
            return xz_fail(s, -EINVAL, "XZ block %u: LZMA2 dictionary size byte %u is invalid",
                           blk, c->in[c->pos]);
    } else {
        return xz_fail(s, -EOPNOTSUPP,
                       "XZ block %u: filter %#llx with %llu property bytes is not supported (only x86 BCJ + LZMA2)",
                       blk, (unsigned long long)id, (unsigned long long)psize);
    }
    c->pos += psize;
    return 0;
}

/* Block header (§3.1.1..3.1.7): size byte, flags, sizes, filters, padding, CRC32. */
static int xz_block_header(struct xz_dec *s, const u8 *in, size_t pos, size_t avail,
                           struct xz_block *b, unsigned int blk)
{
    struct xz_cursor c;
    unsigned int nfilters;
    u8 flags;
    int rc;

    *b = (struct xz_block){ .hdr_len = ((size_t)in[pos] + 1) * 4 };
    if (in[pos] == 0 || b->hdr_len > avail)
        return xz_fail(s, -EINVAL, "XZ block %u: header size byte %#x is invalid", blk, in[pos]);
    if (xz_crc32(in + pos, b->hdr_len - 4, 0) != xz_le32(in + pos + b->hdr_len - 4))
        return xz_fail(s, -EINVAL, "XZ block %u: header CRC32 mismatch", blk);
    flags = in[pos + 1];
    if (flags & XZ_BLOCK_RESERVED)
        return xz_fail(s, -EINVAL, "XZ block %u: reserved header flags %#x set", blk, flags);
    c = (struct xz_cursor){ in, pos + 2, pos + b->hdr_len - 4 };
    b->has_packed = flags & XZ_BLOCK_HAS_PACKED;
    b->has_unpacked = flags & XZ_BLOCK_HAS_UNPACKED;
    if ((b->has_packed && xz_vli(&c, &b->packed)) || (b->has_unpacked && xz_vli(&c, &b->unpacked)))
        return xz_fail(s, -EINVAL, "XZ block %u: malformed size fields", blk);
    nfilters = (flags & 3) + 1;
    if (nfilters > 2)
        return xz_fail(s, -EOPNOTSUPP, "XZ block %u: %u filters (at most x86 BCJ + LZMA2 are supported)",
                       blk, nfilters);
    for (unsigned int i = 0; i < nfilters; i++)
        if ((rc = xz_filter(s, &c, i + 1 == nfilters, b, blk)))
            return rc;
    for (; c.pos < c.end; c.pos++)
        if (in[c.pos])
            return xz_fail(s, -EINVAL, "XZ block %u: header padding is not zero", blk);
    return 0;
}

/* Compare the stored check of a block with its decoded bytes. */
static bool xz_check_ok(u8 check, const u8 *stored, const u8 *data, size_t len)
{
    if (check == XZ_CHECK_CRC32)
        return xz_crc32(data, len, 0) == xz_le32(stored);
    if (check == XZ_CHECK_CRC64)
        return xz_crc64(data, len, 0) == xz_le64(stored);
    return true;
}

/*
 * The block's compressed data must use exactly the bytes the index gives
 * it and yield exactly its uncompressed size; then zero padding and check.
 */
static int xz_block_data(struct xz_dec *s, const u8 *in, size_t pos, const struct xz_block *b,
                         u64 packed, u8 *out, u64 unpacked, unsigned int blk)
{
    size_t data = pos + b->hdr_len, used, made;
    size_t pad_end = pos + ROUNDUP(b->hdr_len + packed, 4);
    const char *why = "";
    int rc;

    lzma2_init(&s->lzma2);
    rc = lzma2_decode(&s->lzma2, in + data, packed, &used, out, unpacked, &made, &why);
    if (rc)
        return xz_fail(s, rc, "XZ block %u: %s", blk, why);
    if (used != packed || made != unpacked)
        return xz_fail(s, -EINVAL, "XZ block %u: LZMA2 data is %zu -> %zu bytes, the index says %llu -> %llu",
                       blk, used, made, (unsigned long long)packed, (unsigned long long)unpacked);
    for (size_t i = data + packed; i < pad_end; i++)
        if (in[i])
            return xz_fail(s, -EINVAL, "XZ block %u: block padding is not zero", blk);
    if (b->bcj)
        xz_bcj_x86(out, made, b->bcj_start);
    if (!xz_check_ok(s->info.check, in + pad_end, out, made))
        return xz_fail(s, -EINVAL, "XZ block %u: %s of the decompressed data does not match",
                       blk, s->info.check == XZ_CHECK_CRC32 ? "CRC32" : "CRC64");
    return 0;
}

/* One block at in[pos], sized by its (already validated) index record. */
static int xz_block(struct xz_dec *s, const u8 *in, size_t pos, u64 unpadded, u8 *out, u64 unpacked,
                    unsigned int blk)
{
    size_t csize = xz_check_size[s->info.check];
    struct xz_block b;
    u64 packed;
    int rc;

    if ((rc = xz_block_header(s, in, pos, unpadded, &b, blk)))
        return rc;
    if (unpadded <= b.hdr_len + csize)
        return xz_fail(s, -EINVAL, "XZ block %u: index size %llu leaves no room for data", blk,
                       (unsigned long long)unpadded);
    packed = unpadded - b.hdr_len - csize;
    if ((b.has_packed && b.packed != packed) || (b.has_unpacked && b.unpacked != unpacked))
        return xz_fail(s, -EINVAL, "XZ block %u: header sizes differ from the index", blk);
    return xz_block_data(s, in, pos, &b, packed, out, unpacked, blk);
}

int xz_decode(struct xz_dec *s, const void *in_v, size_t len, void *out_v, size_t out_len)
{
    const u8 *in = in_v;
    u8 *out = out_v;
    size_t pos = XZ_HDR_LEN, opos = 0;
    struct xz_cursor idx;
    int rc;

    if ((rc = xz_probe(s, in, len)))
        return rc;
    if (s->info.uncompressed_size > out_len)
        return xz_fail(s, -ENOSPC, "XZ data is %llu bytes, the buffer %zu",
                       (unsigned long long)s->info.uncompressed_size, out_len);
    /* Walk the records xz_probe() validated, one per block. */
    idx = (struct xz_cursor){ in, s->records_off, len - XZ_HDR_LEN };
    for (u32 blk = 0; blk < s->info.nr_blocks; blk++) {
        u64 unpadded, unpacked;

        if ((rc = xz_index_record(s, &idx, &unpadded, &unpacked)) ||
            (rc = xz_block(s, in, pos, unpadded, out + opos, unpacked, blk)))
            return rc;
        pos += ROUNDUP(unpadded, 4);
        opos += unpacked;
    }
    return 0;
}
