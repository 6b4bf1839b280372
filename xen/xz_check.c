/*
 * The integrity checks an XZ stream may carry (CRC32 for headers, the
 * index and blocks; CRC64 for blocks): table-driven, reflected, with the
 * polynomials of the XZ format (IEEE 802.3 and ECMA-182). CRC32 takes
 * eight bytes per step (eight tables: byte k of a word advances the CRC by
 * 7 - k more bytes), since it covers the whole decompressed kernel. Tables
 * are built on first use; the build is idempotent, so racing CPUs are harmless.
 */
#include <xen/xz.h>

#define CRC32_POLY 0xedb88320u                  /* reflected */
#define CRC64_POLY 0xc96c5795d7870f42ull        /* reflected */

static u32 crc32_table[8][256];
static u64 crc64_table[256];
static bool crc_ready;

static void crc_build(void)
{
    for (unsigned int i = 0; i < 256; i++) {
        u32 c32 = i;
        u64 c64 = i;

        for (int k = 0; k < 8; k++) {
            c32 = (c32 >> 1) ^ (CRC32_POLY & (0u - (c32 & 1)));
            c64 = (c64 >> 1) ^ (CRC64_POLY & (0ull - (c64 & 1)));
        }
        crc32_table[0][i] = c32;
        crc64_table[i] = c64;
    }
    for (unsigned int k = 1; k < 8; k++)
        for (unsigned int i = 0; i < 256; i++) {
            u32 prev = crc32_table[k - 1][i];

            crc32_table[k][i] = (prev >> 8) ^ crc32_table[0][prev & 0xff];
        }
    __atomic_store_n(&crc_ready, true, __ATOMIC_RELEASE);
}

static void crc_init(void)
{
    if (!__atomic_load_n(&crc_ready, __ATOMIC_ACQUIRE))
        crc_build();
}

static u32 crc_le32(const u8 *p)
{
    return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

u32 xz_crc32(const void *data, size_t len, u32 crc)
{
    const u32 (*t)[256] = crc32_table;
    const u8 *p = data;

    crc_init();
    crc = ~crc;
    for (; len >= 8; len -= 8, p += 8) {
        u32 lo = crc ^ crc_le32(p), hi = crc_le32(p + 4);

        crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
              t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
    }
    while (len--)
        crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

u64 xz_crc64(const void *data, size_t len, u64 crc)
{
    const u8 *p = data;

    crc_init();
    crc = ~crc;
    while (len--)
        crc = crc64_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}
