/*
 * vsnprintf for printk: the conversions the hypervisor uses (d i u x X o
 * p s c %), flags '-' '0' '#' ' ' '+', width and precision (also '*'),
 * length modifiers hh h l ll z t. No floating point.
 */
#include <xen/lib.h>
#include <xen/string.h>

struct fmt_out {
    char *buf;
    size_t size;
    size_t len;         /* chars produced so far, even past size */
};

struct fmt_spec {
    bool left, zero, alt, plus, space;
    bool pointer;           /* %p: "0x" even for a null pointer */
    int width, precision;   /* precision -1 = none */
};

static void out_char(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

/* %c: one char, padded to the width like a string. */
static void out_char_padded(struct fmt_out *o, char c, const struct fmt_spec *sp)
{
    if (!sp->left)
        out_pad(o, ' ', sp->width - 1);
    out_char(o, c);
    if (sp->left)
        out_pad(o, ' ', sp->width - 1);
}

static void out_string(struct fmt_out *o, const char *s, const struct fmt_spec *sp)
{
    int len;

    if (!s)
        s = "(null)";
    len = (int)strnlen(s, sp->precision >= 0 ? (size_t)sp->precision : (size_t)-1);
    if (!sp->left)
        out_pad(o, ' ', sp->width - len);
    for (int i = 0; i < len; i++)
        out_char(o, s[i]);
    if (sp->left)
        out_pad(o, ' ', sp->width - len);
}

static void out_number(struct fmt_out *o, unsigned long long v, bool negative,
                       unsigned int base, bool upper, const struct fmt_spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, prefix_len = 0;
    char sign = negative ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
    const char *prefix = "";

    /* C11 7.21.6.1: '#' gives hex a "0x" unless the value is 0, and octal
     * a leading 0; a value 0 with precision 0 prints no digits at all. */
    if (sp->alt && base == 16 && (v || sp->pointer))
        prefix = upper ? "0X" : "0x", prefix_len = 2;
    for (; v; v /= base)
        tmp[n++] = digits[v % base];
    if (!n && sp->precision != 0)
        tmp[n++] = '0';
    if (sp->alt && base == 8 && (!n || tmp[n - 1] != '0') && sp->precision <= n)
        tmp[n++] = '0';
    int digits_len = n > sp->precision ? n : sp->precision;
    int total = digits_len + prefix_len + (sign ? 1 : 0);
    bool zero_pad = sp->zero && !sp->left && sp->precision < 0;

    if (!sp->left && !zero_pad)
        out_pad(o, ' ', sp->width - total);
    if (sign)
        out_char(o, sign);
    for (int i = 0; i < prefix_len; i++)
        out_char(o, prefix[i]);
    if (zero_pad)
        out_pad(o, '0', sp->width - total);
    out_pad(o, '0', digits_len - n);
    while (n)
        out_char(o, tmp[--n]);
    if (sp->left)
        out_pad(o, ' ', sp->width - total);
}

/* Parse flags, width and precision; returns the pointer past them. */
static const char *parse_spec(const char *f, struct fmt_spec *sp, va_list *ap)
{
    *sp = (struct fmt_spec){ .precision = -1 };
    for (;; f++) {
        if (*f == '-') sp->left = true;
        else if (*f == '0') sp->zero = true;
        else if (*f == '#') sp->alt = true;
        else if (*f == '+') sp->plus = true;
        else if (*f == ' ') sp->space = true;
        else break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0)
            sp->left = true, sp->width = -sp->width;
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            sp->precision = sp->precision * 10 + (*f++ - '0');
    }
    return f;
}

/* Length modifier: returns 0 (int), 1 (long), 2 (long long), -1 char, -2 short. */
static const char *parse_length(const char *f, int *len)
{
    *len = 0;
    if (f[0] == 'h' && f[1] == 'h') { *len = -1; return f + 2; }
    if (f[0] == 'h') { *len = -2; return f + 1; }
    if (f[0] == 'l' && f[1] == 'l') { *len = 2; return f + 2; }
    if (f[0] == 'l' || f[0] == 'z' || f[0] == 't') { *len = 1; return f + 1; }
    return f;
}

static unsigned long long fetch_unsigned(int len, va_list *ap)
{
    switch (len) {
    case 2: return va_arg(*ap, unsigned long long);
    case 1: return va_arg(*ap, unsigned long);
    case -1: return (unsigned char)va_arg(*ap, unsigned int);
    case -2: return (unsigned short)va_arg(*ap, unsigned int);
    default: return va_arg(*ap, unsigned int);
    }
}

static long long fetch_signed(int len, va_list *ap)
{
    switch (len) {
    case 2: return va_arg(*ap, long long);
    case 1: return va_arg(*ap, long);
    case -1: return (signed char)va_arg(*ap, int);
    case -2: return (short)va_arg(*ap, int);
    default: return va_arg(*ap, int);
    }
}

static void format_one(struct fmt_out *o, char conv, int len,
                       struct fmt_spec *sp, va_list *ap)
{
    long long sv;

    if (conv != 'd' && conv != 'i')     /* '+' and ' ' are for signed conversions */
        sp->plus = sp->space = false;
    switch (conv) {
    case 'd': case 'i':
        sv = fetch_signed(len, ap);
        out_number(o, sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv,
                   sv < 0, 10, false, sp);
        break;
    case 'u': out_number(o, fetch_unsigned(len, ap), false, 10, false, sp); break;
    case 'x': out_number(o, fetch_unsigned(len, ap), false, 16, false, sp); break;
    case 'X': out_number(o, fetch_unsigned(len, ap), false, 16, true, sp); break;
    case 'o': out_number(o, fetch_unsigned(len, ap), false, 8, false, sp); break;
    case 'p':
        sp->alt = sp->pointer = true;
        out_number(o, (unsigned long)va_arg(*ap, void *), false, 16, false, sp);
        break;
    case 's': out_string(o, va_arg(*ap, const char *), sp); break;
    case 'c': out_char_padded(o, (char)va_arg(*ap, int), sp); break;
    case '%': out_char(o, '%'); break;
    default:            /* unknown conversion: show it verbatim */
        out_char(o, '%');
        out_char(o, conv);
        break;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = { .buf = buf, .size = size };
    struct fmt_spec sp;
    va_list args;
    int len;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            out_char(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &args);
        fmt = parse_length(fmt, &len);
        if (!*fmt)
            break;
        format_one(&o, *fmt++, len, &sp, &args);
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
