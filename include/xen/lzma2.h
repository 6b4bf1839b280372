/*
 * LZMA2 decoder (xen/lzma2.c on top of the LZMA symbol decoder in
 * xen/lzma.c): turns the raw LZMA2 data of one XZ block into bytes, in a
 * single call, into a flat output buffer that also serves as the LZMA
 * dictionary, so no window is allocated. Pure logic (no asm/ headers):
 * the same code runs in the hypervisor and in tests/unit/test_xz.c.
 */
#ifndef XEN_LZMA2_H
#define XEN_LZMA2_H

#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Probability counts: 11-bit fixed point, reset to one half. LZMA2 caps
 * lc + lp at 4, which bounds the literal coder to 16 tables of 0x300.
 */
#define LZMA_STATES 12
#define LZMA_POS_STATES_MAX 16          /* 1 << pb, pb <= 4 */
#define LZMA_LITERAL_CODERS_MAX 16      /* 1 << (lc + lp) */
#define LZMA_LITERAL_PROBS 0x300
#define LZMA_DIST_SLOTS 64
#define LZMA_LEN_TO_DIST_STATES 4
#define LZMA_DIST_MODEL_END 14          /* slots below use dist_special */
#define LZMA_FULL_DISTANCES 128         /* 1 << (LZMA_DIST_MODEL_END / 2) */
#define LZMA_ALIGN_BITS 4

struct lzma_len_probs {
    u16 choice;                                 /* 0: 2..9 */
    u16 choice2;                                /* 0: 10..17, 1: 18..273 */
    u16 low[LZMA_POS_STATES_MAX][8];
    u16 mid[LZMA_POS_STATES_MAX][8];
    u16 high[256];
};

/* Every member is a u16 probability: lzma_reset() treats it as an array. */
struct lzma_probs {
    u16 is_match[LZMA_STATES][LZMA_POS_STATES_MAX];
    u16 is_rep[LZMA_STATES];
    u16 is_rep0[LZMA_STATES];
    u16 is_rep1[LZMA_STATES];
    u16 is_rep2[LZMA_STATES];
    u16 is_rep0_long[LZMA_STATES][LZMA_POS_STATES_MAX];
    u16 dist_slot[LZMA_LEN_TO_DIST_STATES][LZMA_DIST_SLOTS];
    u16 dist_special[LZMA_FULL_DISTANCES - LZMA_DIST_MODEL_END];
    u16 dist_align[1 << LZMA_ALIGN_BITS];
    struct lzma_len_probs match_len;
    struct lzma_len_probs rep_len;
    u16 literal[LZMA_LITERAL_CODERS_MAX][LZMA_LITERAL_PROBS];
};

/* LZMA model state; kept across chunks unless a chunk resets it. */
struct lzma_dec {
    struct lzma_probs probs;
    u32 rep[4];                 /* last four match distances, minus one */
    unsigned int state;         /* 0..11; below 7: the last symbol was a literal */
    unsigned int lc, lp, pb;    /* literal context / position bits, position bits */
};

/* The flat output buffer, doubling as dictionary. */
struct lzma_out {
    u8 *buf;
    size_t pos;                 /* next byte written */
    size_t limit;               /* end of the current chunk */
    size_t dict_start;          /* last dictionary reset: matches may not reach below */
};

/* Range decoder over one LZMA chunk: never reads at or past end. */
struct lzma_rc {
    const u8 *in;
    size_t pos, end;
    u32 range, code;
    bool overrun;               /* a read past end was attempted (fed as 0) */
};

struct lzma2_dec {
    struct lzma_dec lzma;
    bool need_dict_reset;       /* the first chunk must reset the dictionary */
    bool need_props;            /* no lc/lp/pb known since the last dict reset */
};

/*
 * Set the LZMA model from an lc/lp/pb properties byte ((pb * 5 + lp) * 9
 * + lc) and reset it. Returns 0, or -EINVAL if the byte is out of range or
 * lc + lp > 4 (LZMA2's limit).
 */
int __must_check lzma_set_props(struct lzma_dec *s, u8 props);

/* State reset: every probability to one half, state and distances to 0. */
void lzma_reset(struct lzma_dec *s);

/*
 * Start a range decoder on in[0, len). Returns 0, or -EINVAL when the
 * chunk is shorter than the 5 init bytes or the first one is not 0.
 */
int __must_check lzma_rc_init(struct lzma_rc *rc, const u8 *in, size_t len);

/*
 * Decode LZMA symbols into out->buf until out->pos reaches out->limit.
 * Returns 0, or -EINVAL with *why set for corrupt data: a match reaching
 * before out->dict_start or past out->limit, an end marker (not allowed
 * in LZMA2), or input running out. Never writes outside
 * [out->pos, out->limit) nor reads outside [dict_start, limit).
 */
int __must_check lzma_decode(struct lzma_dec *s, struct lzma_rc *rc, struct lzma_out *out,
                             const char **why);

/* Prepare for a new LZMA2 stream: the first chunk must reset everything. */
void lzma2_init(struct lzma2_dec *s);

/*
 * Decode one LZMA2 stream from in[0, in_len) into out[0, out_len): chunks
 * up to the end-of-data control byte 0x00. On success *in_used is the
 * bytes read (incl. that 0x00) and *out_used the bytes written. Returns 0,
 * -EINVAL (corrupt data, *why says which rule broke) or -ENOSPC (the data
 * is larger than out_len). Never writes past out_len nor reads past in_len.
 */
int __must_check lzma2_decode(struct lzma2_dec *s, const u8 *in, size_t in_len, size_t *in_used,
                              u8 *out, size_t out_len, size_t *out_used, const char **why);

#endif /* XEN_LZMA2_H */
