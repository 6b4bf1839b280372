/*
 * The integrity checks an XZ stream may carry (CRC32 for headers, the
 * index and blocks; CRC64 for blocks): table-driven, reflected, with the
 * polynomials of the XZ format (IEEE 802.3 and ECMA-182). Tables are
 * built on first use; the build is idempotent, so racing CPUs are harmless.
 */
#include <xen/xz.h>

#define CRC32_POLY 0xedb88320u                  /* reflected */
#define CRC64_POLY 0xc96c5795d7870f42ull        /* reflected */

static u32 crc32_table[256];
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
        crc32_table[i] = c32;
        crc64_table[i] = c64;
    }
    __atomic_store_n(&crc_ready, true, __ATOMIC_RELEASE);
}

static void crc_init(void)
{
    if (!__atomic_load_n(&crc_ready, __ATOMIC_ACQUIRE))
        crc_build();
}

u32 xz_crc32(const void *data, size_t len, u32 crc)
{
    const u8 *p = data;

    crc_init();
    crc = ~crc;
    while (len--)
        crc = crc32_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
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
