/*
 * Hypervisor command-line parsing: splits "name[=value] ..." into words and
 * applies each one to the option table that the *_param() macros build in
 * the xen_params section (include/xen/param.h). Pure logic: no hardware.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

extern const struct kernel_param __start_xen_params[], __stop_xen_params[];

#define CMDLINE_WORD_MAX 256

/* Value of a digit in bases up to 16; 16 for anything else. */
static unsigned int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (unsigned int)(c - 'A' + 10);
    return 16;
}

/*
 * Like the C library's strtoul without sign or white space: a "0x" prefix
 * counts only when a hex digit follows (so "0x" alone is 0, then "x"), and
 * a value too large saturates at ~0UL instead of wrapping back into the
 * range a caller would accept.
 */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
    bool hex_prefix = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16;
    unsigned long v = 0;
    unsigned int d;

    if (base == 0)
        base = hex_prefix ? 16 : 10;
    if (base == 16 && hex_prefix)
        s += 2;
    for (; (d = digit_value(*s)) < base; s++)
        v = v > (~0UL - d) / base ? ~0UL : v * base + d;
    if (end)
        *end = s;
    return v;
}

u64 parse_size_and_unit(const char *s, const char **end)
{
    const char *p;
    u64 v = simple_strtoul(s, &p, 0);
    unsigned int shift = 0;

    /* A suffix only counts after a number: "mem=M" is no size. */
    switch (p == s ? '\0' : *p) {
    case 'T': case 't': shift += 10; /* fall through */
    case 'G': case 'g': shift += 10; /* fall through */
    case 'M': case 'm': shift += 10; /* fall through */
    case 'K': case 'k': shift += 10; p++; break;
    case 'B': case 'b': p++; break;
    default: break;
    }
    if (end)
        *end = p;
    /* Saturate, as simple_strtoul does, rather than lose the top bits. */
    return v > (~0ULL >> shift) ? ~0ULL : v << shift;
}

/* Returns 1 / 0 for a recognised boolean word, -EINVAL otherwise. */
static int parse_bool(const char *s)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };

    if (!s)
        return 1;
    for (unsigned int i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i]))
            return 1;
        if (!strcmp(s, no[i]))
            return 0;
    }
    return -EINVAL;
}

static void store_uint(void *var, unsigned int len, u64 v)
{
    switch (len) {
    case 1: *(u8 *)var = (u8)v; break;
    case 2: *(u16 *)var = (u16)v; break;
    case 4: *(u32 *)var = (u32)v; break;
    default: *(u64 *)var = v; break;
    }
}

static int apply_number(const struct kernel_param *p, const char *val)
{
    const char *end;
    u64 v;

    if (!val || !*val)
        return -EINVAL;
    v = p->type == PARAM_SIZE ? parse_size_and_unit(val, &end)
                              : simple_strtoul(val, &end, 0);
    if (*end)
        return -EINVAL;
    if (p->len < 8 && (v >> (p->len * 8)))
        return -ERANGE;
    store_uint(p->u.var, p->len, v);
    return 0;
}

static int apply_param(const struct kernel_param *p, const char *val, bool negated)
{
    int b;

    if (negated && p->type != PARAM_BOOL)
        return -EINVAL;
    switch (p->type) {
    case PARAM_BOOL:
        if ((b = parse_bool(val)) < 0)
            return b;
        store_uint(p->u.var, p->len, negated ? !b : (u64)b);
        return 0;
    case PARAM_UINT:
    case PARAM_SIZE:
        return apply_number(p, val);
    case PARAM_STRING:
        if (strlcpy(p->u.var, val ? val : "", p->len) >= p->len)
            printk(XENLOG_WARNING "cmdline: value of '%s' truncated to %u chars\n",
                   p->name, p->len - 1);
        return 0;
    case PARAM_CUSTOM:
        return p->u.func(val);
    }
    return -EINVAL;
}

static const struct kernel_param *find_param(const char *name)
{
    for (const struct kernel_param *p = __start_xen_params; p < __stop_xen_params; p++)
        if (!strcmp(p->name, name))
            return p;
    return NULL;
}

/* Apply one word ("name", "name=value" or "no-name"); 0 or -errno. */
static int apply_word(char *word)
{
    char *val = strchr(word, '=');
    const struct kernel_param *p;
    int rc;

    if (val)
        *val++ = '\0';
    p = find_param(word);
    if (!p && !val && !strncmp(word, "no-", 3) && (p = find_param(word + 3)))
        rc = apply_param(p, NULL, true);
    else if (!p)
        rc = -ENOENT;
    else
        rc = apply_param(p, val, false);
    if (rc == -ENOENT)
        printk(XENLOG_WARNING "cmdline: unknown option '%s' ignored\n", word);
    else if (rc)
        printk(XENLOG_WARNING "cmdline: bad value '%s' for option '%s' (error %d) ignored\n",
               val ? val : "", word, rc);
    return rc;
}

int cmdline_parse(const char *cmdline)
{
    char word[CMDLINE_WORD_MAX];
    int failures = 0;

    while (cmdline && *cmdline) {
        size_t n = 0;

        while (*cmdline == ' ' || *cmdline == '\t')
            cmdline++;
        while (cmdline[n] && cmdline[n] != ' ' && cmdline[n] != '\t')
            n++;
        if (!n)
            break;
        if (n >= sizeof(word)) {
            printk(XENLOG_WARNING "cmdline: option '%.32s...' longer than %zu chars ignored\n",
                   cmdline, sizeof(word) - 1);
            failures++;
        } else {
            memcpy(word, cmdline, n);
            word[n] = '\0';
            failures += apply_word(word) != 0;
        }
        cmdline += n;
    }
    return failures;
}
