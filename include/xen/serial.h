/*
 * 16550-compatible UART driver interface (drivers/uart16550.c). The console
 * (xen/console.c) owns the configuration; the driver only touches ports.
 */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

struct uart_config {
    u16 io_base;        /* 0x3f8 for com1, 0x2f8 for com2 */
    u32 baud;           /* 0 = keep what the firmware/loader programmed */
    u8 data_bits;       /* 5..8 */
    char parity;        /* 'n', 'o', 'e', 'm', 's' */
    u8 stop_bits;       /* 1 or 2 */
    u8 irq;
};

/*
 * Parse a Xen "comN=" value: <baud>|auto[/<clock>][,DPS[,<io-base>[,<irq>]]],
 * e.g. "115200,8n1,0x3f8,4". Fields not given, or empty as the baud in
 * ",8n1", keep their value in cfg. Returns 0 or -EINVAL (cfg may be partly
 * updated); trailing junk after any field is an error.
 */
int __attribute__((warn_unused_result)) uart_parse_config(const char *s, struct uart_config *cfg);

/* Probe and program the port. Returns false if no UART answers there. */
bool uart_init(const struct uart_config *cfg);
/* Wait (bounded) until the transmitter is empty (LSR.TEMT). */
void uart_flush(const struct uart_config *cfg);

/*
 * Non-blocking transmit (xen/console.c's queue): is the transmitter's FIFO
 * empty (LSR.THRE with FIFOs on: room for 16 bytes), and write one byte to
 * the holding register without looking.
 */
bool uart_tx_empty(const struct uart_config *cfg);
/* Bytes the transmitter takes when empty: 16 with working FIFOs, else 1. */
unsigned int uart_tx_fifo_size(const struct uart_config *cfg);
void uart_write_thr(const struct uart_config *cfg, char c);
/* Non-blocking read: returns -1 if no byte is waiting. */
int uart_getc(const struct uart_config *cfg);

#endif /* XEN_SERIAL_H */
