/*
 * Linux bzImage recognition (xen/bzimage.c): finds the compressed kernel
 * inside a bzImage through the x86 boot protocol's setup header and names
 * its compression, so a bzImage module can be used as a PVH kernel once
 * its XZ payload is decompressed to the vmlinux ELF. Pure logic.
 */
#ifndef XEN_BZIMAGE_H
#define XEN_BZIMAGE_H

#include <xen/compiler.h>
#include <xen/types.h>

#define BZIMAGE_MSG_LEN 160

/* Compression of the payload, told by its magic bytes. */
enum bzimage_comp {
    BZIMAGE_COMP_UNKNOWN,
    BZIMAGE_COMP_NONE,          /* the payload is the ELF itself */
    BZIMAGE_COMP_XZ,
    BZIMAGE_COMP_GZIP,
    BZIMAGE_COMP_BZIP2,
    BZIMAGE_COMP_LZMA,
    BZIMAGE_COMP_LZO,
    BZIMAGE_COMP_LZ4,
    BZIMAGE_COMP_ZSTD,
};

struct bzimage_info {
    u16 protocol;               /* boot protocol version, e.g. 0x020f */
    enum bzimage_comp comp;
    const char *comp_name;      /* "xz", "gzip", ... */
    const u8 *payload;          /* payload_offset / payload_length in the image */
    size_t payload_len;
    /*
     * For XZ: the stream alone. Linux's build appends the uncompressed
     * size (le32) after it, which is dropped here. For NONE: the ELF.
     */
    const u8 *data;
    size_t data_len;
    char error[BZIMAGE_MSG_LEN];    /* why bzimage_parse() failed */
};

/*
 * True if the image carries the boot protocol's "HdrS" signature and the
 * 0xaa55 boot-sector mark: the caller should treat it as a bzImage (and
 * report bzimage_parse()'s error if it is a bad one), not as an ELF.
 */
bool bzimage_is(const void *image, u64 size);

/*
 * Locate the payload of the bzImage [image, image+size) and fill *info.
 * Returns 0 for an XZ or uncompressed (ELF) payload; -ENOEXEC for a
 * malformed setup header or payload outside the image (protocol older than
 * 2.08 has no payload fields); -EOPNOTSUPP naming the compression for any
 * other (gzip, bzip2, lzma, lzo, lz4, zstd, unknown). Never reads outside
 * the image.
 */
int __must_check bzimage_parse(const void *image, u64 size, struct bzimage_info *info);

#endif /* XEN_BZIMAGE_H */
