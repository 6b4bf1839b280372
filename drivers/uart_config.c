/*
 * Parsing of Xen's "comN=" option into a struct uart_config. Pure logic,
 * kept apart from the port I/O so host unit tests can cover it.
 */
#include <xen/errno.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/string.h>

#define UART_MAX_BAUD 115200

/* "8n1": data bits, parity, stop bits. */
static int uart_parse_dps(const char *s, struct uart_config *cfg)
{
    if (s[0] < '5' || s[0] > '8' || !strchr("noems", s[1]) || !s[1] ||
        (s[2] != '1' && s[2] != '2'))
        return -EINVAL;
    cfg->data_bits = (u8)(s[0] - '0');
    cfg->parity = s[1];
    cfg->stop_bits = (u8)(s[2] - '0');
    return (s[3] == '\0' || s[3] == ',') ? 0 : -EINVAL;
}

/* An empty baud field (",8n1") keeps cfg->baud, as for the other fields. */
static int uart_parse_baud(const char *s, const char **end, struct uart_config *cfg)
{
    if (*s == ',') {
        *end = s;
    } else if (!strncmp(s, "auto", 4)) {
        cfg->baud = 0;
        *end = s + 4;
    } else {
        unsigned long baud = simple_strtoul(s, end, 10);
        if (*end == s || baud == 0 || baud > UART_MAX_BAUD)
            return -EINVAL;
        cfg->baud = (u32)baud;
    }
    if (**end == '/') {     /* "/<clock-hz>": accepted, our divisor is fixed */
        const char *clock = *end + 1;
        simple_strtoul(clock, end, 0);
        if (*end == clock)
            return -EINVAL;
    }
    return (**end == '\0' || **end == ',') ? 0 : -EINVAL;
}

/*
 * One numeric field ending at ',' or the end of s: 1 and *v if given, 0 if
 * empty (the caller keeps its value), -EINVAL if junk or above max.
 */
static int uart_parse_num(const char **s, unsigned long max, unsigned long *v)
{
    const char *start = *s;

    *v = simple_strtoul(start, s, 0);
    if (**s != '\0' && **s != ',')
        return -EINVAL;
    if (*s == start)
        return 0;
    return *v > max ? -EINVAL : 1;
}

int uart_parse_config(const char *s, struct uart_config *cfg)
{
    const char *p;
    unsigned long v;
    int rc;

    if (!s || uart_parse_baud(s, &p, cfg))
        return -EINVAL;
    if (*p++ != ',')
        return 0;
    if (*p && *p != ',' && uart_parse_dps(p, cfg))
        return -EINVAL;
    if (!(p = strchr(p, ',')))
        return 0;
    p++;
    rc = uart_parse_num(&p, 0xffff, &v);
    if (rc < 0 || (rc && v == 0))           /* port 0 is no UART */
        return -EINVAL;
    if (rc)
        cfg->io_base = (u16)v;
    if (*p++ != ',')
        return 0;
    rc = uart_parse_num(&p, 15, &v);        /* ISA IRQs 0..15 */
    if (rc < 0 || *p)                       /* nothing may follow the IRQ */
        return -EINVAL;
    if (rc)
        cfg->irq = (u8)v;
    return 0;
}
