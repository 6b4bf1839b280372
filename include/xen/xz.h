/*
 * XZ decoder (xen/xz.c, xz file format 1.0.4): one stream held in memory,
 * decoded in a single call into a caller-sized buffer. Filter chains: LZMA2
 * alone or x86 BCJ + LZMA2 (what Linux's bzImage uses); checks: none,
 * CRC32, CRC64. Pure logic (no asm/ headers), no recursion, no allocation:
 * the caller provides struct xz_dec (about 30 KiB) and the output buffer.
 */
#ifndef XEN_XZ_H
#define XEN_XZ_H

#include <xen/compiler.h>
#include <xen/lzma2.h>
#include <xen/types.h>

#define XZ_MSG_LEN 160

/* Check IDs (xz format §2.1.1.2) that this decoder verifies. */
#define XZ_CHECK_NONE 0x0
#define XZ_CHECK_CRC32 0x1
#define XZ_CHECK_CRC64 0x4

/* What the stream footer and index say, filled by xz_probe(). */
struct xz_info {
    u64 uncompressed_size;      /* sum over the index records */
    u32 nr_blocks;
    u8 check;                   /* XZ_CHECK_* */
};

struct xz_dec {
    struct xz_info info;
    char error[XZ_MSG_LEN];     /* why the last call failed, "" on success */
    size_t records_off;         /* private: first index record, from xz_probe() */
    struct lzma2_dec lzma2;
};

/*
 * Validate the stream header, footer and index of the XZ stream that is
 * exactly in[0, len) (no padding, no second stream) and fill s->info.
 * Cheap: no block is decoded. Returns 0, -EINVAL (not XZ, or a corrupt
 * header, footer or index) or -EOPNOTSUPP (a check type other than none,
 * CRC32 or CRC64), with s->error set.
 */
int __must_check xz_probe(struct xz_dec *s, const void *in, size_t len);

/*
 * Decode the stream in[0, len) into out[0, out_len); out_len must be at
 * least s->info.uncompressed_size as xz_probe() reports it (xz_decode
 * probes again itself). Every block header, size, padding byte and check
 * is verified. Returns 0, -EINVAL (corrupt data), -EOPNOTSUPP (a filter
 * or option not supported) or -ENOSPC (out_len too small), with s->error
 * naming the block and the rule broken. Never reads outside in[0, len)
 * nor writes outside out[0, out_len), whatever the input.
 */
int __must_check xz_decode(struct xz_dec *s, const void *in, size_t len, void *out,
                           size_t out_len);

/* CRC32 (IEEE) and CRC64 (ECMA-182) as XZ uses them; crc: 0 to start. */
u32 xz_crc32(const void *data, size_t len, u32 crc);
u64 xz_crc64(const void *data, size_t len, u64 crc);

/*
 * Undo the x86 BCJ filter in place over one block's output; start is the
 * filter's start offset (0 unless the block header gives one).
 */
void xz_bcj_x86(u8 *buf, size_t len, u32 start);

#endif /* XEN_XZ_H */
