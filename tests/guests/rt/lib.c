/*
 * Freestanding helpers for test guests: the string functions the compiler
 * may call, a small printf, and a TSC busy-wait. No hypercalls here, so the
 * formatting can be reasoned about apart from the console.
 */
#include "guest.h"

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

void sleep_ticks(uint64_t ticks)
{
	uint64_t start = rdtsc();

	/* Unsigned difference: correct even if the TSC wraps. */
	while (rdtsc() - start < ticks)
		cpu_relax();
}

/* Output cursor: writes are dropped past the end but still counted. */
struct fmt_out {
	char *buf;
	size_t size, len;
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Conversion spec after '%': flags, width and length we support. */
struct fmt_spec {
	bool zero_pad;
	unsigned int width;
	bool is_long;
};

static void fmt_padded(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *s, size_t len)
{
	char pad = sp->zero_pad ? '0' : ' ';

	for (size_t i = len; i < sp->width; i++)
		fmt_putc(o, pad);
	while (len--)
		fmt_putc(o, *s++);
}

static void fmt_number(struct fmt_out *o, const struct fmt_spec *sp,
		       uint64_t val, unsigned int base, bool negative)
{
	char tmp[24];		/* 2^64 in decimal is 20 digits, plus sign */
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = "0123456789abcdef"[val % base];
		val /= base;
	} while (val);
	if (negative)
		tmp[--n] = '-';
	fmt_padded(o, sp, tmp + n, sizeof(tmp) - n);
}

/* Read flags, width and 'l' at *fmt; leaves *fmt at the conversion char. */
static void fmt_parse_spec(const char **fmt, struct fmt_spec *sp)
{
	const char *f = *fmt;

	memset(sp, 0, sizeof(*sp));
	if (*f == '0') {
		sp->zero_pad = true;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (unsigned int)(*f++ - '0');
	while (*f == 'l') {
		sp->is_long = true;
		f++;
	}
	*fmt = f;
}

static void fmt_signed(struct fmt_out *o, const struct fmt_spec *sp, long v)
{
	/* Negate in unsigned arithmetic so LONG_MIN does not overflow. */
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;

	fmt_number(o, sp, mag, 10, v < 0);
}

/* One conversion; va_list passed by pointer so it advances for the caller. */
static void fmt_convert(struct fmt_out *o, const struct fmt_spec *sp,
			char conv, va_list *ap)
{
	const char *s;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		fmt_signed(o, sp, sp->is_long ? va_arg(*ap, long) : va_arg(*ap, int));
		break;
	case 'u':
	case 'x':
		fmt_number(o, sp, sp->is_long ? va_arg(*ap, unsigned long)
					      : va_arg(*ap, unsigned int),
			   conv == 'x' ? 16 : 10, false);
		break;
	case 'p':
		fmt_putc(o, '0');
		fmt_putc(o, 'x');
		fmt_number(o, sp, (uintptr_t)va_arg(*ap, void *), 16, false);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		s = s ? s : "(null)";
		fmt_padded(o, sp, s, strlen(s));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_padded(o, sp, &c, 1);
		break;
	default:		/* "%%" and unknown conversions print themselves */
		fmt_putc(o, conv);
		break;
	}
}

int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = { .buf = buf, .size = size, .len = 0 };
	struct fmt_spec sp;
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			fmt_putc(&o, *fmt);
			continue;
		}
		fmt++;
		fmt_parse_spec(&fmt, &sp);
		if (!*fmt)
			break;
		fmt_convert(&o, &sp, *fmt, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

void guest_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = guest_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* A truncated line still gets its newline, so lines never merge. */
	if ((size_t)len >= sizeof(buf)) {
		len = sizeof(buf) - 1;
		buf[len - 1] = '\n';
	}
	guest_console_write(buf, (size_t)len);
}
