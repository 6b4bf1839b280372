/*
 * The XZ x86 BCJ filter, decoding side (filter ID 0x04): the encoder
 * turned the 32-bit relative targets of CALL (E8) and JMP (E9) into
 * absolute ones so that repeated calls to one function compress well; this
 * turns them back. Runs in place over one block's output, in one pass.
 */
#include <xen/xz.h>

/*
 * An operand whose top byte is 0x00 or 0xff is a near target, the only
 * kind the encoder converts; other E8/E9 bytes are data or opcode parts.
 */
static bool bcj_is_near(u8 b)
{
    return b == 0x00 || b == 0xff;
}

static u32 bcj_le32(const u8 *p)
{
    return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static void bcj_put_le32(u8 *p, u32 v)
{
    p[0] = (u8)v, p[1] = (u8)(v >> 8), p[2] = (u8)(v >> 16), p[3] = (u8)(v >> 24);
}

/*
 * The mask holds which of the three bytes before the current E8/E9 were
 * also E8/E9 (bit 0: one byte back). Some patterns rule a conversion out;
 * for the others, mask_byte names the operand byte that must look like a
 * near target (3 - index counted from the operand's end) for it to stand.
 */
static const bool bcj_mask_ok[8] = { true, true, true, false, true, false, false, false };
static const u8 bcj_mask_byte[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };

/* Absolute target back to relative; see xz_bcj_x86() for the loop. */
static u32 bcj_convert(u32 abs, u32 next_ip, unsigned int mask)
{
    u32 rel;

    for (;;) {
        unsigned int shift;

        rel = abs - next_ip;
        if (!mask)
            break;
        shift = bcj_mask_byte[mask] * 8;
        if (!bcj_is_near((u8)(rel >> (24 - shift))))
            break;
        /*
         * An earlier E8/E9 inside this operand would, on encoding, have
         * been converted first: undo that interference the same way.
         */
        abs = rel ^ ((1u << (32 - shift)) - 1);
    }
    /* Sign-extend from bit 24: targets are within +-16 MiB. */
    rel &= 0x01ffffff;
    return rel | (0u - (rel & 0x01000000));
}

/*
 * First index in [i, end) holding E8 or E9, or end. Eight bytes per step
 * while none is in sight: such bytes are a few percent of x86 code, and
 * this pass runs over the whole 66 MB of a Linux kernel.
 */
static size_t bcj_next(const u8 *buf, size_t i, size_t end)
{
    const u64 ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;

    for (; i + 8 <= end; i += 8) {
        u64 v;

        __builtin_memcpy(&v, buf + i, 8);
        /* A zero byte now marks an E8/E9 byte of v (classic zero-byte test). */
        v = (v & ~ones) ^ (0xe8 * ones);
        if ((v - ones) & ~v & highs)
            break;
    }
    for (; i < end && (buf[i] & 0xfe) != 0xe8; i++)
        ;
    return i;
}

void xz_bcj_x86(u8 *buf, size_t len, u32 start)
{
    s64 last = -5;                  /* index of the previous E8/E9 */
    unsigned int mask = 0;
    size_t end = len < 5 ? 0 : len - 4;     /* an operand needs 4 bytes after */

    for (size_t i = bcj_next(buf, 0, end); i < end; i = bcj_next(buf, i + 1, end)) {
        s64 gap;

        gap = (s64)i - last;
        last = (s64)i;
        if (gap > 3) {
            mask = 0;
        } else {
            mask = (mask << (gap - 1)) & 7;
            if (mask && (!bcj_mask_ok[mask] || bcj_is_near(buf[i + 4 - bcj_mask_byte[mask]]))) {
                mask = (mask << 1) | 1;
                continue;
            }
        }
        if (!bcj_is_near(buf[i + 4])) {
            mask = (mask << 1) | 1;
            continue;
        }
        bcj_put_le32(buf + i + 1,
                     bcj_convert(bcj_le32(buf + i + 1), start + (u32)i + 5, mask));
        i += 4;
    }
}
