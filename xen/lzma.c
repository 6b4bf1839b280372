/*
 * LZMA symbol decoder (see include/xen/lzma2.h): the binary range decoder,
 * the bit-tree coders built on it, and the literal / match / rep state
 * machine. Written from the LZMA format description; every distance is
 * checked against the dictionary start before a byte is copied, so corrupt
 * input yields -EINVAL, never an access outside the output buffer.
 */
#include <xen/errno.h>
#include <xen/lzma2.h>

#define RC_TOP (1u << 24)           /* renormalise below this range */
#define PROB_BITS 11                /* probabilities are 11-bit fixed point */
#define PROB_INIT (1u << (PROB_BITS - 1))
#define PROB_MOVE 5                 /* adaptation speed */
#define LZMA_MATCH_MIN 2
#define LZMA_LIT_STATES 7           /* states below this follow a literal */

/* ------------------------------------------------------------ range coder */

/* Input bytes past the chunk's end read as 0 and flag the chunk corrupt. */
static inline u8 rc_byte(struct lzma_rc *rc)
{
    if (likely(rc->pos < rc->end))
        return rc->in[rc->pos++];
    rc->overrun = true;
    return 0;
}

static inline void rc_normalize(struct lzma_rc *rc)
{
    if (rc->range < RC_TOP) {
        rc->range <<= 8;
        rc->code = (rc->code << 8) | rc_byte(rc);
    }
}

int lzma_rc_init(struct lzma_rc *rc, const u8 *in, size_t len)
{
    if (len < 5 || in[0] != 0)
        return -EINVAL;
    *rc = (struct lzma_rc){ .in = in, .pos = 1, .end = len, .range = 0xffffffffu };
    for (int i = 0; i < 4; i++)
        rc->code = (rc->code << 8) | rc_byte(rc);
    /* code >= range could never be produced by an encoder. */
    return rc->code == 0xffffffffu ? -EINVAL : 0;
}

/* One adaptive bit: the probability moves toward what was seen. */
static inline unsigned int rc_bit(struct lzma_rc *rc, u16 *prob)
{
    u32 bound;

    rc_normalize(rc);
    bound = (rc->range >> PROB_BITS) * *prob;
    if (rc->code < bound) {
        rc->range = bound;
        *prob += ((1u << PROB_BITS) - *prob) >> PROB_MOVE;
        return 0;
    }
    rc->range -= bound;
    rc->code -= bound;
    *prob -= *prob >> PROB_MOVE;
    return 1;
}

/* Most significant bit first, node 1 is the root: returns 0..2^bits-1. */
static inline unsigned int rc_tree(struct lzma_rc *rc, u16 *probs, unsigned int bits)
{
    unsigned int sym = 1;

    for (unsigned int i = 0; i < bits; i++)
        sym = (sym << 1) | rc_bit(rc, &probs[sym]);
    return sym - (1u << bits);
}

/* Least significant bit first (distance low bits). */
static inline u32 rc_tree_reverse(struct lzma_rc *rc, u16 *probs, unsigned int bits)
{
    unsigned int node = 1;
    u32 val = 0;

    for (unsigned int i = 0; i < bits; i++) {
        unsigned int bit = rc_bit(rc, &probs[node]);

        node = (node << 1) | bit;
        val |= (u32)bit << i;
    }
    return val;
}

/* Bits with probability one half, most significant first. */
static u32 rc_direct(struct lzma_rc *rc, unsigned int bits)
{
    u32 val = 0;

    while (bits--) {
        rc_normalize(rc);
        rc->range >>= 1;
        if (rc->code >= rc->range) {
            rc->code -= rc->range;
            val = (val << 1) | 1;
        } else {
            val <<= 1;
        }
    }
    return val;
}

/* ------------------------------------------------------------ model */

void lzma_reset(struct lzma_dec *s)
{
    u16 *p = (u16 *)&s->probs;

    BUILD_BUG_ON(sizeof(s->probs) % sizeof(u16));
    for (size_t i = 0; i < sizeof(s->probs) / sizeof(u16); i++)
        p[i] = PROB_INIT;
    s->state = 0;
    s->rep[0] = s->rep[1] = s->rep[2] = s->rep[3] = 0;
}

int lzma_set_props(struct lzma_dec *s, u8 props)
{
    if (props >= 9 * 5 * 5)
        return -EINVAL;
    s->lc = props % 9;
    s->lp = (props / 9) % 5;
    s->pb = props / 45;
    if (s->lc + s->lp > 4)
        return -EINVAL;
    lzma_reset(s);
    return 0;
}

/* State after a literal, a match, a long rep and a short rep (one byte). */
static unsigned int next_after_literal(unsigned int st)
{
    return st < 4 ? 0 : st < 10 ? st - 3 : st - 6;
}
#define NEXT_AFTER_MATCH(st) ((st) < LZMA_LIT_STATES ? 7 : 10)
#define NEXT_AFTER_REP(st) ((st) < LZMA_LIT_STATES ? 8 : 11)
#define NEXT_AFTER_SHORTREP(st) ((st) < LZMA_LIT_STATES ? 9 : 11)

/* ------------------------------------------------------------ symbols */

/* Position relative to the last dictionary reset drives the contexts. */
static inline size_t out_rel(const struct lzma_out *out)
{
    return out->pos - out->dict_start;
}

/*
 * A literal. After a match the byte at distance rep0 predicts it: its bits
 * select a second set of probabilities until the first mismatching bit.
 */
static void decode_literal(struct lzma_dec *s, struct lzma_rc *rc, struct lzma_out *out)
{
    size_t rel = out_rel(out);
    unsigned int prev = rel ? out->buf[out->pos - 1] : 0;
    unsigned int ctx = ((unsigned int)(rel & ((1u << s->lp) - 1)) << s->lc) + (prev >> (8 - s->lc));
    u16 *probs = s->probs.literal[ctx];
    unsigned int sym = 1;

    if (s->state >= LZMA_LIT_STATES) {
        /* rep0 < rel was checked when the match set it. */
        unsigned int match = out->buf[out->pos - s->rep[0] - 1], offs = 0x100;

        while (sym < 0x100) {
            unsigned int mbit, bit;

            match <<= 1;
            mbit = match & offs;
            bit = rc_bit(rc, &probs[offs + mbit + sym]);
            sym = (sym << 1) | bit;
            offs &= bit ? mbit : ~mbit;
        }
    } else {
        while (sym < 0x100)
            sym = (sym << 1) | rc_bit(rc, &probs[sym]);
    }
    out->buf[out->pos++] = (u8)sym;
    s->state = next_after_literal(s->state);
}

/* Match length 2..273: a choice bit or two, then a 3- or 8-bit tree. */
static unsigned int decode_len(struct lzma_rc *rc, struct lzma_len_probs *l, unsigned int ps)
{
    if (!rc_bit(rc, &l->choice))
        return LZMA_MATCH_MIN + rc_tree(rc, l->low[ps], 3);
    if (!rc_bit(rc, &l->choice2))
        return LZMA_MATCH_MIN + 8 + rc_tree(rc, l->mid[ps], 3);
    return LZMA_MATCH_MIN + 16 + rc_tree(rc, l->high, 8);
}

/*
 * Distance (minus one) of a new match: a 6-bit slot chosen by length; small
 * slots are the distance, larger ones give the top two bits and how many
 * follow, modelled (slots < 14) or direct plus 4 modelled align bits.
 */
static u32 decode_dist(struct lzma_dec *s, struct lzma_rc *rc, unsigned int len)
{
    unsigned int lstate = MIN(len - LZMA_MATCH_MIN, LZMA_LEN_TO_DIST_STATES - 1);
    unsigned int slot = rc_tree(rc, s->probs.dist_slot[lstate], 6), nbits;
    u32 dist;

    if (slot < 4)
        return slot;
    nbits = (slot >> 1) - 1;
    dist = (2u | (slot & 1)) << nbits;
    if (slot < LZMA_DIST_MODEL_END)
        return dist + rc_tree_reverse(rc, s->probs.dist_special + dist - slot - 1, nbits);
    dist += rc_direct(rc, nbits - LZMA_ALIGN_BITS) << LZMA_ALIGN_BITS;
    return dist + rc_tree_reverse(rc, s->probs.dist_align, LZMA_ALIGN_BITS);
}

/*
 * Copy len bytes from distance rep0 + 1; the caller checked both bounds.
 * Eight bytes per step when the source lies at least that far back (each
 * step then reads only bytes already written). A shorter distance is a
 * repeating pattern (long runs of zeros in a kernel image): once one
 * whole number of periods of at least 8 bytes is written, copying from
 * that far back repeats the same pattern, eight bytes per step again.
 */
static void copy_match(struct lzma_out *out, u32 rep0, unsigned int len)
{
    u8 *dst = out->buf + out->pos;
    size_t dist = (size_t)rep0 + 1;

    out->pos += len;
    if (dist < 8 && len > 16) {
        size_t step = dist * ((8 + dist - 1) / dist);   /* 8..14 < len */

        for (size_t i = 0; i < step; i++)
            dst[i] = (dst - dist)[i];
        dst += step, len -= (unsigned int)step, dist = step;
    }
    if (dist >= 8) {
        for (; len >= 8; len -= 8, dst += 8) {
            u64 v;

            __builtin_memcpy(&v, dst - dist, 8);
            __builtin_memcpy(dst, &v, 8);
        }
    }
    for (; len; len--, dst++)
        *dst = *(dst - dist);
}

/* A match or rep: returns its length, or 0 after a short rep (one byte). */
static unsigned int decode_match(struct lzma_dec *s, struct lzma_rc *rc, unsigned int ps)
{
    struct lzma_probs *p = &s->probs;
    unsigned int st = s->state, len;
    u32 dist;

    if (!rc_bit(rc, &p->is_rep[st])) {
        len = decode_len(rc, &p->match_len, ps);
        s->rep[3] = s->rep[2], s->rep[2] = s->rep[1], s->rep[1] = s->rep[0];
        s->rep[0] = decode_dist(s, rc, len);
        s->state = NEXT_AFTER_MATCH(st);
        return len;
    }
    if (!rc_bit(rc, &p->is_rep0[st])) {
        if (!rc_bit(rc, &p->is_rep0_long[st][ps])) {
            s->state = NEXT_AFTER_SHORTREP(st);
            return 0;
        }
    } else {
        if (!rc_bit(rc, &p->is_rep1[st])) {
            dist = s->rep[1];
        } else if (!rc_bit(rc, &p->is_rep2[st])) {
            dist = s->rep[2], s->rep[2] = s->rep[1];
        } else {
            dist = s->rep[3], s->rep[3] = s->rep[2], s->rep[2] = s->rep[1];
        }
        s->rep[1] = s->rep[0], s->rep[0] = dist;
    }
    s->state = NEXT_AFTER_REP(st);
    return decode_len(rc, &p->rep_len, ps);
}

int lzma_decode(struct lzma_dec *s, struct lzma_rc *rc, struct lzma_out *out, const char **why)
{
    unsigned int pb_mask = (1u << s->pb) - 1;

    while (out->pos < out->limit) {
        unsigned int ps = (unsigned int)out_rel(out) & pb_mask, len;

        if (!rc_bit(rc, &s->probs.is_match[s->state][ps])) {
            decode_literal(s, rc, out);
        } else {
            len = decode_match(s, rc, ps);
            if (s->rep[0] == 0xffffffffu) {
                *why = "LZMA end marker inside LZMA2 data";
                return -EINVAL;
            }
            /* Both bounds checked before any byte is copied. */
            if (s->rep[0] >= out_rel(out)) {
                *why = "match distance reaches before the dictionary start";
                return -EINVAL;
            }
            if (MAX(len, 1u) > out->limit - out->pos) {
                *why = "match runs past the chunk's uncompressed size";
                return -EINVAL;
            }
            copy_match(out, s->rep[0], MAX(len, 1u));
        }
        if (unlikely(rc->overrun)) {
            *why = "LZMA chunk ends before its data";
            return -EINVAL;
        }
    }
    return 0;
}
