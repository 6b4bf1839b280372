/*
 * LZMA2 chunk layer (see include/xen/lzma2.h): reads each chunk's control
 * byte and sizes, applies the dictionary / state / property resets it
 * asks for, and hands LZMA chunks to xen/lzma.c and stored chunks to a
 * plain copy. All sizes come from the input, so each is checked against
 * what is left of the input and of the output first.
 */
#include <xen/errno.h>
#include <xen/lzma2.h>
#include <xen/string.h>

/*
 * Control byte: 0x00 ends the data; 0x01 / 0x02 are a stored chunk with /
 * without a dictionary reset; 0x80..0xff an LZMA chunk whose bits 5-6 say
 * what to reset and bits 0-4 are bits 16-20 of its uncompressed size - 1.
 */
#define LZMA2_END 0x00
#define LZMA2_STORED_RESET 0x01
#define LZMA2_STORED 0x02
#define LZMA2_LZMA 0x80
#define LZMA2_RESET_STATE 1         /* (control >> 5) & 3 */
#define LZMA2_RESET_PROPS 2
#define LZMA2_RESET_DICT 3

/* One chunk's header, as read from the input. */
struct lzma2_chunk {
    u8 control;
    size_t hdr_len;             /* control byte, sizes, properties byte */
    size_t unpacked, packed;    /* packed: LZMA data only; 0 for a stored chunk */
    int props;                  /* properties byte, -1 if none */
};

static u32 be16(const u8 *p)
{
    return ((u32)p[0] << 8) | p[1];
}

/* Parse the header at in[0, avail); -EINVAL if invalid or cut short. */
static int chunk_header(const u8 *in, size_t avail, struct lzma2_chunk *c, const char **why)
{
    u8 ctl = in[0];

    *c = (struct lzma2_chunk){ .control = ctl, .hdr_len = 1, .props = -1 };
    if (ctl == LZMA2_END)
        return 0;
    if (ctl < LZMA2_LZMA) {
        if (ctl > LZMA2_STORED) {
            *why = "invalid LZMA2 control byte";
            return -EINVAL;
        }
        c->hdr_len = 3;
    } else {
        c->hdr_len = ((ctl >> 5) & 3) >= LZMA2_RESET_PROPS ? 6 : 5;
    }
    if (avail < c->hdr_len) {
        *why = "LZMA2 chunk header cut short";
        return -EINVAL;
    }
    if (ctl < LZMA2_LZMA) {
        c->unpacked = be16(in + 1) + 1;
        return 0;
    }
    c->unpacked = (((size_t)(ctl & 0x1f) << 16) | be16(in + 1)) + 1;
    c->packed = be16(in + 3) + 1;
    if (c->hdr_len == 6)
        c->props = in[5];
    return 0;
}

/*
 * The reset rules: the first chunk resets the dictionary, and an LZMA chunk
 * after a dictionary reset must bring its lc/lp/pb before using them.
 */
static int apply_resets(struct lzma2_dec *s, const struct lzma2_chunk *c, struct lzma_out *out,
                        const char **why)
{
    unsigned int reset = (c->control >> 5) & 3;

    if (c->control == LZMA2_STORED_RESET || (c->control >= LZMA2_LZMA && reset == LZMA2_RESET_DICT)) {
        out->dict_start = out->pos;
        s->need_dict_reset = false;
        s->need_props = true;
    } else if (s->need_dict_reset) {
        *why = "first LZMA2 chunk does not reset the dictionary";
        return -EINVAL;
    }
    if (c->control < LZMA2_LZMA)
        return 0;
    if (c->props >= 0) {
        s->need_props = false;
        if (lzma_set_props(&s->lzma, (u8)c->props)) {
            *why = "invalid LZMA properties (lc/lp/pb)";
            return -EINVAL;
        }
    } else if (s->need_props) {
        *why = "LZMA2 chunk without properties after a dictionary reset";
        return -EINVAL;
    } else if (reset == LZMA2_RESET_STATE) {
        lzma_reset(&s->lzma);
    }
    return 0;
}

/* An LZMA chunk must use exactly its packed bytes, ending the coder cleanly. */
static int lzma_chunk(struct lzma2_dec *s, const u8 *data, const struct lzma2_chunk *c,
                      struct lzma_out *out, const char **why)
{
    struct lzma_rc rc;
    int rc_err;

    if (lzma_rc_init(&rc, data, c->packed)) {
        *why = "bad range coder start in an LZMA chunk";
        return -EINVAL;
    }
    if ((rc_err = lzma_decode(&s->lzma, &rc, out, why)))
        return rc_err;
    if (rc.range < (1u << 24) && rc.pos < rc.end)
        rc.code = (rc.code << 8) | rc.in[rc.pos++], rc.range <<= 8;
    if (rc.pos != rc.end || rc.code != 0) {
        *why = "LZMA chunk's compressed size does not match its data";
        return -EINVAL;
    }
    return 0;
}

void lzma2_init(struct lzma2_dec *s)
{
    s->need_dict_reset = true;
    s->need_props = true;
}

int lzma2_decode(struct lzma2_dec *s, const u8 *in, size_t in_len, size_t *in_used,
                 u8 *out_buf, size_t out_len, size_t *out_used, const char **why)
{
    struct lzma_out out = { .buf = out_buf };
    size_t ip = 0;

    for (;;) {
        struct lzma2_chunk c;
        int err;

        if (ip >= in_len) {
            *why = "LZMA2 data ends without its end marker";
            return -EINVAL;
        }
        if ((err = chunk_header(in + ip, in_len - ip, &c, why)))
            return err;
        ip += c.hdr_len;
        if (c.control == LZMA2_END)
            break;
        if (c.unpacked > out_len - out.pos) {
            *why = "LZMA2 data is larger than its stated uncompressed size";
            return -ENOSPC;
        }
        if ((c.control < LZMA2_LZMA ? c.unpacked : c.packed) > in_len - ip) {
            *why = "LZMA2 chunk extends past the end of its block";
            return -EINVAL;
        }
        if ((err = apply_resets(s, &c, &out, why)))
            return err;
        out.limit = out.pos + c.unpacked;
        if (c.control < LZMA2_LZMA) {
            memcpy(out.buf + out.pos, in + ip, c.unpacked);
            out.pos = out.limit;
            ip += c.unpacked;
            continue;
        }
        if ((err = lzma_chunk(s, in + ip, &c, &out, why)))
            return err;
        ip += c.packed;
    }
    *in_used = ip;
    *out_used = out.pos;
    return 0;
}
