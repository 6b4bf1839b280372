/*
 * bzImage setup header parsing (see include/xen/bzimage.h). Offsets are the
 * x86 boot protocol's (Linux Documentation/arch/x86/boot.rst, a public
 * format): setup_sects at 0x1f1, boot flag 0xaa55 at 0x1fe, "HdrS" at
 * 0x202, version at 0x206, payload_offset / payload_length at 0x248 /
 * 0x24c, relative to the protected-mode code at (setup_sects + 1) * 512.
 */
#include <xen/bzimage.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

#define BZ_SETUP_SECTS 0x1f1
#define BZ_BOOT_FLAG 0x1fe
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_HDR_END 0x250            /* everything read here lies below */
#define BZ_PROTO_PAYLOAD 0x0208     /* first version with payload fields */
#define BZ_SECTOR 512

/* Payload magic numbers, as Linux's compressors write them. */
static const struct {
    enum bzimage_comp comp;
    const char *name;
    u8 len;
    u8 magic[6];
} bz_magics[] = {
    { BZIMAGE_COMP_XZ, "xz", 6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
    { BZIMAGE_COMP_NONE, "none (ELF)", 4, { 0x7f, 'E', 'L', 'F' } },
    { BZIMAGE_COMP_GZIP, "gzip", 2, { 0x1f, 0x8b } },
    { BZIMAGE_COMP_BZIP2, "bzip2", 3, { 'B', 'Z', 'h' } },
    { BZIMAGE_COMP_LZMA, "lzma", 3, { 0x5d, 0x00, 0x00 } },
    { BZIMAGE_COMP_LZO, "lzo", 4, { 0x89, 'L', 'Z', 'O' } },
    { BZIMAGE_COMP_LZ4, "lz4", 4, { 0x02, 0x21, 0x4c, 0x18 } },
    { BZIMAGE_COMP_ZSTD, "zstd", 4, { 0x28, 0xb5, 0x2f, 0xfd } },
};

static int __printf(3, 4) bz_fail(struct bzimage_info *info, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(info->error, sizeof(info->error), fmt, ap);
    va_end(ap);
    return err;
}

static u32 bz_le32(const u8 *p)
{
    return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

bool bzimage_is(const void *image, u64 size)
{
    const u8 *p = image;

    return size >= BZ_HDR_END && p[BZ_BOOT_FLAG] == 0x55 && p[BZ_BOOT_FLAG + 1] == 0xaa &&
           !memcmp(p + BZ_HEADER, "HdrS", 4);
}

static void bz_identify(struct bzimage_info *info)
{
    info->comp = BZIMAGE_COMP_UNKNOWN;
    info->comp_name = "unknown";
    for (unsigned int i = 0; i < ARRAY_SIZE(bz_magics); i++) {
        if (info->payload_len >= bz_magics[i].len &&
            !memcmp(info->payload, bz_magics[i].magic, bz_magics[i].len)) {
            info->comp = bz_magics[i].comp;
            info->comp_name = bz_magics[i].name;
            return;
        }
    }
}

/* The XZ stream ends with "YZ", possibly followed by Linux's le32 size. */
static int bz_find_xz(struct bzimage_info *info)
{
    const u8 *p = info->payload;
    size_t n = info->payload_len;

    if (n >= 6 && p[n - 6] == 'Y' && p[n - 5] == 'Z')
        info->data_len = n - 4;
    else if (n >= 2 && p[n - 2] == 'Y' && p[n - 1] == 'Z')
        info->data_len = n;
    else
        return bz_fail(info, -ENOEXEC, "bzImage XZ payload has no stream footer at its end (truncated?)");
    info->data = p;
    return 0;
}

int bzimage_parse(const void *image, u64 size, struct bzimage_info *info)
{
    const u8 *p = image;
    u64 pm_off, off, len;

    *info = (struct bzimage_info){ .comp_name = "unknown" };
    if (!bzimage_is(image, size))
        return bz_fail(info, -ENOEXEC, "not a bzImage (no HdrS setup header)");
    info->protocol = (u16)(p[BZ_VERSION] | (p[BZ_VERSION + 1] << 8));
    if (info->protocol < BZ_PROTO_PAYLOAD)
        return bz_fail(info, -ENOEXEC, "bzImage boot protocol %u.%02u has no payload fields (2.08+ needed)",
                       info->protocol >> 8, info->protocol & 0xff);
    pm_off = ((u64)(p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4) + 1) * BZ_SECTOR;
    off = pm_off + bz_le32(p + BZ_PAYLOAD_OFFSET);
    len = bz_le32(p + BZ_PAYLOAD_LENGTH);
    if (off > size || len > size - off || len == 0)
        return bz_fail(info, -ENOEXEC, "bzImage payload (offset %#llx, %llu bytes) lies outside the %llu-byte image",
                       (unsigned long long)off, (unsigned long long)len, (unsigned long long)size);
    info->payload = p + off;
    info->payload_len = len;
    bz_identify(info);
    if (info->comp == BZIMAGE_COMP_XZ)
        return bz_find_xz(info);
    if (info->comp == BZIMAGE_COMP_NONE) {
        info->data = info->payload, info->data_len = len;
        return 0;
    }
    return bz_fail(info, -EOPNOTSUPP,
                   "bzImage payload is %s-compressed; only XZ (or uncompressed) bzImages are supported: use an XZ kernel or the vmlinux ELF",
                   info->comp_name);
}
