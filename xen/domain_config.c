/*
 * Module-string parser for boot-time domains (syntax and defaults in
 * include/xen/domain_config.h). Works on (pointer, length) words inside the
 * caller's string, so nothing is copied or modified until a value is known
 * to be good. Options are a table; each entry names its parser and limits.
 */
#include <xen/domain_config.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

/* One blank-separated word and, if it has one, the value after its '='. */
struct domcfg_word {
    const char *s;
    size_t len;
    const char *val;    /* NULL if the word has no '=' */
    size_t vlen;
};

struct domcfg_option {
    const char *key;
    int (*parse)(struct domain_config *cfg, const struct domcfg_option *opt,
                 const struct domcfg_word *w);
    unsigned int min, max;      /* for domcfg_uint */
    size_t field;               /* offsetof the unsigned int, for domcfg_uint */
};

/* memchr(), which include/xen/string.h lacks: first c in [s, s+len) or NULL. */
static const char *domcfg_find(const char *s, char c, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == c)
            return s + i;
    return NULL;
}

/* GRUB separates words by spaces; tabs and line ends come from hand-made configs. */
static bool domcfg_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *domcfg_skip_blanks(const char *p)
{
    while (domcfg_is_blank(*p))
        p++;
    return p;
}

/* The word starting at p (after blanks); w->len == 0 at the end. */
static const char *domcfg_next_word(const char *p, struct domcfg_word *w)
{
    const char *eq;

    p = domcfg_skip_blanks(p);
    w->s = p;
    while (*p && !domcfg_is_blank(*p))
        p++;
    w->len = (size_t)(p - w->s);
    eq = domcfg_find(w->s, '=', w->len);
    w->val = eq ? eq + 1 : NULL;
    w->vlen = eq ? (size_t)(p - eq - 1) : 0;
    return p;
}

/* Whole-word match: "domains" is not "domain". */
static bool domcfg_word_is(const struct domcfg_word *w, const char *s)
{
    return w->len == strlen(s) && !memcmp(w->s, s, w->len);
}

/*
 * "<word>: <reason>" into cfg->error; returns -EINVAL. Quoting the word
 * as written lets the user find it in grub.cfg; w == NULL for errors that
 * are about the string as a whole.
 */
static int __printf(3, 4) domcfg_fail(struct domain_config *cfg, const struct domcfg_word *w,
                                      const char *fmt, ...)
{
    size_t n = 0;
    va_list ap;

    if (w)
        n = (size_t)snprintf(cfg->error, sizeof(cfg->error), "%.*s: ", (int)w->len, w->s);
    va_start(ap, fmt);
    if (n < sizeof(cfg->error))
        vsnprintf(cfg->error + n, sizeof(cfg->error) - n, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/*
 * A decimal or 0x number filling exactly [s, s+len). simple_strtoul()
 * would accept "" as 0 and stop quietly at junk, so both are refused here;
 * it saturates on overflow, which the range checks then reject.
 */
static bool domcfg_number(const char *s, size_t len, unsigned long *out)
{
    const char *end;

    if (!len || s[0] < '0' || s[0] > '9')
        return false;
    *out = simple_strtoul(s, &end, 0);
    return end == s + len;
}

/* ---- option parsers ---- */

/* Table-driven unsigned option: range from the table, stored at opt->field. */
static int domcfg_uint(struct domain_config *cfg, const struct domcfg_option *opt,
                       const struct domcfg_word *w)
{
    unsigned long v;

    if (!domcfg_number(w->val, w->vlen, &v))
        return domcfg_fail(cfg, w, "not a number");
    if (v < opt->min || v > opt->max)
        return domcfg_fail(cfg, w, "out of range (%u..%u)", opt->min, opt->max);
    *(unsigned int *)((char *)cfg + opt->field) = (unsigned int)v;
    return 0;
}

static bool domcfg_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '-';
}

/* The name appears in every log line of the domain: keep it printable. */
static int domcfg_name(struct domain_config *cfg, const struct domcfg_option *opt,
                       const struct domcfg_word *w)
{
    if (w->vlen < 1 || w->vlen >= DOMCFG_NAME_LEN)
        return domcfg_fail(cfg, w, "name must have 1 to %u characters", DOMCFG_NAME_LEN - 1);
    for (size_t i = 0; i < w->vlen; i++)
        if (!domcfg_name_char(w->val[i]))
            return domcfg_fail(cfg, w, "name may only contain A-Z a-z 0-9 _ . -");
    memcpy(cfg->name, w->val, w->vlen);
    cfg->name[w->vlen] = '\0';
    return 0;
}

/*
 * The top 16 MiB below 4 GiB stay free for the guest's MMIO (LAPIC,
 * IOAPIC, HPET) and for the PVH start-of-day data, all of which must sit
 * below 4 GiB.
 */
static int domcfg_mem(struct domain_config *cfg, const struct domcfg_option *opt,
                      const struct domcfg_word *w)
{
    const char *end;
    u64 v;

    if (!w->vlen || w->val[0] < '0' || w->val[0] > '9')
        return domcfg_fail(cfg, w, "bad size");
    v = parse_size_and_unit(w->val, &end);
    if (end != w->val + w->vlen)
        return domcfg_fail(cfg, w, "bad size");
    if (v < DOMCFG_MEM_MIN)
        return domcfg_fail(cfg, w, "less than the minimum of 1 MiB");
    if (v > DOMCFG_MEM_MAX)
        return domcfg_fail(cfg, w, "more than the maximum of %llu MiB",
                           (unsigned long long)(DOMCFG_MEM_MAX >> 20));
    if (v & (PAGE_SIZE - 1))
        return domcfg_fail(cfg, w, "not a multiple of 4 KiB");
    cfg->mem = v;
    return 0;
}

/* One "N" or "N-M" of a cpus= list, [s, s+len); sets the bits in *mask. */
static bool domcfg_cpu_range(const char *s, size_t len, u64 *mask)
{
    const char *dash = domcfg_find(s, '-', len);
    unsigned long lo, hi;

    if (!domcfg_number(s, dash ? (size_t)(dash - s) : len, &lo))
        return false;
    hi = lo;
    if (dash && !domcfg_number(dash + 1, len - (size_t)(dash - s) - 1, &hi))
        return false;
    if (lo > hi || hi >= 64)
        return false;
    for (unsigned long c = lo; c <= hi; c++)
        *mask |= 1ULL << c;
    return true;
}

/*
 * cpus=all or a comma list of CPUs and ranges. Empty items ("1,,2", a
 * trailing comma) are errors rather than ignored: they are usually a typo
 * for a CPU that was meant to be there.
 */
static int domcfg_cpus(struct domain_config *cfg, const struct domcfg_option *opt,
                       const struct domcfg_word *w)
{
    const char *p = w->val, *end = w->val + w->vlen;
    u64 mask = 0;

    if (w->vlen == 3 && !memcmp(p, "all", 3)) {
        cfg->cpus = DOMCFG_CPUS_ALL;
        return 0;
    }
    while (p < end) {
        const char *comma = domcfg_find(p, ',', (size_t)(end - p));
        const char *item_end = comma ? comma : end;

        if (!domcfg_cpu_range(p, (size_t)(item_end - p), &mask))
            return domcfg_fail(cfg, w, "bad CPU list (expected \"all\" or e.g. 0-3,5 with CPUs below 64)");
        p = comma ? comma + 1 : end;
        if (comma && p == end)      /* trailing comma */
            return domcfg_fail(cfg, w, "bad CPU list (expected \"all\" or e.g. 0-3,5 with CPUs below 64)");
    }
    if (!mask)
        return domcfg_fail(cfg, w, "empty CPU list");
    cfg->cpus = mask;
    return 0;
}

/* How the builder loads and starts the image (see the header). */
static int domcfg_mode(struct domain_config *cfg, const struct domcfg_option *opt,
                       const struct domcfg_word *w)
{
    if (w->vlen == 3 && !memcmp(w->val, "pvh", 3))
        cfg->mode = DOMCFG_MODE_PVH;
    else if (w->vlen == 4 && !memcmp(w->val, "real", 4))
        cfg->mode = DOMCFG_MODE_REAL;
    else
        return domcfg_fail(cfg, w, "mode must be pvh or real");
    return 0;
}

#define UINT_OPT(k, lo, hi, f) { k, domcfg_uint, lo, hi, __builtin_offsetof(struct domain_config, f) }

static const struct domcfg_option domcfg_options[] = {
    { "name", domcfg_name, 0, 0, 0 },
    { "mem", domcfg_mem, 0, 0, 0 },
    UINT_OPT("vcpus", 1, DOMCFG_MAX_VCPUS, vcpus),
    { "cpus", domcfg_cpus, 0, 0, 0 },
    UINT_OPT("weight", 1, 65535, weight),
    /* Checked against vcpus once every word is read (cap may come first). */
    UINT_OPT("cap", 0, 100 * DOMCFG_MAX_VCPUS, cap),
    UINT_OPT("reboots", 0, DOMCFG_REBOOTS_MAX, reboots),
    { "mode", domcfg_mode, 0, 0, 0 },
};

/* ---- the module string ---- */

/*
 * Look the key up in domcfg_options. A later word for the same key
 * overrides an earlier one, as on the hypervisor command line.
 */
static int domcfg_apply_word(struct domain_config *cfg, const struct domcfg_word *w)
{
    size_t klen = w->val ? (size_t)(w->val - 1 - w->s) : w->len;

    for (size_t i = 0; i < ARRAY_SIZE(domcfg_options); i++) {
        const struct domcfg_option *opt = &domcfg_options[i];

        if (strlen(opt->key) != klen || memcmp(opt->key, w->s, klen))
            continue;
        if (!w->val)
            return domcfg_fail(cfg, w, "needs a value (%s=...)", opt->key);
        return opt->parse(cfg, opt, w);
    }
    return domcfg_fail(cfg, w, "unknown option (guest arguments go after \"--\")");
}

/* Copy the rest of the string, from p, as the guest's or module's cmdline. */
static int domcfg_set_cmdline(struct domain_config *cfg, const char *p)
{
    p = domcfg_skip_blanks(p);
    if (strlcpy(cfg->cmdline, p, sizeof(cfg->cmdline)) >= sizeof(cfg->cmdline))
        return domcfg_fail(cfg, NULL, "command line longer than %u characters",
                           DOMCFG_CMDLINE_LEN - 1);
    return 0;
}

/* Options up to the end, or up to "--" after which the guest's words start. */
static int domcfg_parse_options(struct domain_config *cfg, const char *p)
{
    struct domcfg_word w;
    int rc;

    for (p = domcfg_next_word(p, &w); w.len; p = domcfg_next_word(p, &w)) {
        if (domcfg_word_is(&w, "--"))
            return domcfg_set_cmdline(cfg, p);
        rc = domcfg_apply_word(cfg, &w);
        if (rc)
            return rc;
    }
    return 0;
}

/* Defaults first, so a config is complete whatever the string leaves out. */
static void domcfg_defaults(struct domain_config *cfg, unsigned int index)
{
    memset(cfg, 0, sizeof(*cfg));
    snprintf(cfg->name, sizeof(cfg->name), "dom%u", index);
    cfg->mem = DOMCFG_MEM_DEFAULT;
    cfg->vcpus = 1;
    cfg->cpus = DOMCFG_CPUS_ALL;
    cfg->weight = DOMCFG_WEIGHT_DEFAULT;
    cfg->reboots = DOMCFG_REBOOTS_DEFAULT;
    cfg->mode = DOMCFG_MODE_PVH;
}

/*
 * Classify by the first word, then parse. Checks between options (cap
 * against vcpus) come last because options may be given in any order.
 */
int domcfg_parse(const char *modstr, unsigned int index, struct domain_config *cfg)
{
    struct domcfg_word w;
    const char *p;
    int rc;

    domcfg_defaults(cfg, index);
    p = domcfg_next_word(modstr, &w);
    if (w.len && domcfg_find(w.s, '/', w.len))   /* image path prepended by the loader */
        p = domcfg_next_word(p, &w);
    if (domcfg_word_is(&w, "initrd")) {
        cfg->kind = DOMCFG_INITRD;
        return domcfg_set_cmdline(cfg, p);
    }
    if (!domcfg_word_is(&w, "domain"))
        return 0;                           /* DOMCFG_NONE */
    cfg->kind = DOMCFG_DOMAIN;
    rc = domcfg_parse_options(cfg, p);
    if (rc)
        return rc;
    if (cfg->cap > 100 * cfg->vcpus)
        return domcfg_fail(cfg, NULL, "cap=%u: more than 100%% per vCPU (at most %u with vcpus=%u)",
                           cfg->cap, 100 * cfg->vcpus, cfg->vcpus);
    return 0;
}
