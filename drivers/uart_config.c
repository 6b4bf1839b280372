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

static int uart_parse_baud(const char *s, const char **end, struct uart_config *cfg)
{
    if (!strncmp(s, "auto", 4)) {
        cfg->baud = 0;
        *end = s + 4;
    } else {
        unsigned long baud = simple_strtoul(s, end, 10);
        if (*end == s || baud == 0 || baud > UART_MAX_BAUD)
            return -EINVAL;
        cfg->baud = (u32)baud;
    }
    if (**end == '/')       /* "/<clock-hz>": accepted, our divisor is fixed */
        simple_strtoul(*end + 1, end, 0);
    return (**end == '\0' || **end == ',') ? 0 : -EINVAL;
}

int uart_parse_config(const char *s, struct uart_config *cfg)
{
    const char *p;
    unsigned long v;

    if (!s || uart_parse_baud(s, &p, cfg))
        return -EINVAL;
    if (*p++ != ',')
        return 0;
    if (*p && *p != ',' && uart_parse_dps(p, cfg))
        return -EINVAL;
    if (!(p = strchr(p, ',')))
        return 0;
    v = simple_strtoul(++p, &p, 0);
    if (v == 0 || v > 0xffff)
        return -EINVAL;
    cfg->io_base = (u16)v;
    if (*p++ != ',')
        return 0;
    v = simple_strtoul(p, &p, 0);
    if (v > 15 || *p)
        return -EINVAL;
    cfg->irq = (u8)v;
    return 0;
}
