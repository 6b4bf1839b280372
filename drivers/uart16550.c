/*
 * 16550 UART: probing, line setup and polled I/O. Register layout per the
 * PC16550D datasheet. Every wait is bounded: a missing or wedged UART
 * costs time, never a hang.
 */
#include <asm/io.h>
#include <xen/serial.h>

#define UART_THR 0      /* transmit holding (write) */
#define UART_RBR 0      /* receive buffer (read) */
#define UART_DLL 0      /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1      /* divisor latch high (DLAB=1) */
#define UART_FCR 2
#define UART_IIR 2      /* interrupt identification (read) */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define LCR_DLAB 0x80
#define LSR_DR 0x01     /* data ready */
#define LSR_THRE 0x20   /* transmit holding register empty */
#define LSR_TEMT 0x40   /* transmitter completely empty */
#define MCR_DTR_RTS_OUT2 0x0b
#define FCR_ENABLE_CLEAR 0x07
#define IIR_FIFOS_ON 0xc0   /* both bits set: a working 16-byte FIFO (16550A) */
#define UART_FIFO_BYTES 16

#define UART_CLOCK_DIVISOR_BASE 115200
#define UART_SPIN_LIMIT 1000000    /* ~ a few ms of polling on hardware */

static u8 uart_lcr_value(const struct uart_config *cfg)
{
    static const struct { char c; u8 bits; } parity[] = {
        { 'n', 0x00 }, { 'o', 0x08 }, { 'e', 0x18 }, { 'm', 0x28 }, { 's', 0x38 },
    };
    u8 lcr = (u8)(cfg->data_bits - 5) | (cfg->stop_bits == 2 ? 0x04 : 0);

    for (unsigned int i = 0; i < sizeof(parity) / sizeof(parity[0]); i++)
        if (parity[i].c == cfg->parity)
            lcr |= parity[i].bits;
    return lcr;
}

/* A UART exists if its scratch register holds what we write. */
static bool uart_present(u16 base)
{
    outb(base + UART_SCR, 0x5a);
    if (inb(base + UART_SCR) != 0x5a)
        return false;
    outb(base + UART_SCR, 0xa5);
    return inb(base + UART_SCR) == 0xa5;
}

bool uart_init(const struct uart_config *cfg)
{
    u16 base = cfg->io_base;

    if (!base || !uart_present(base))
        return false;
    outb(base + UART_IER, 0);                  /* polled mode for now */
    if (cfg->baud) {
        u16 div = (u16)(UART_CLOCK_DIVISOR_BASE / cfg->baud);
        outb(base + UART_LCR, LCR_DLAB);
        outb(base + UART_DLL, div & 0xff);
        outb(base + UART_DLM, div >> 8);
    }
    outb(base + UART_LCR, uart_lcr_value(cfg));
    outb(base + UART_FCR, FCR_ENABLE_CLEAR);
    outb(base + UART_MCR, MCR_DTR_RTS_OUT2);
    return true;
}

static void uart_wait_lsr(u16 base, u8 bit)
{
    for (unsigned int i = 0; i < UART_SPIN_LIMIT; i++)
        if (inb(base + UART_LSR) & bit)
            return;
}

/* A 16450, or a 16550 with the broken FIFO, has room for one byte only. */
unsigned int uart_tx_fifo_size(const struct uart_config *cfg)
{
    return (inb(cfg->io_base + UART_IIR) & IIR_FIFOS_ON) == IIR_FIFOS_ON ? UART_FIFO_BYTES : 1;
}

bool uart_tx_empty(const struct uart_config *cfg)
{
    return inb(cfg->io_base + UART_LSR) & LSR_THRE;
}

void uart_write_thr(const struct uart_config *cfg, char c)
{
    outb(cfg->io_base + UART_THR, (u8)c);
}

void uart_flush(const struct uart_config *cfg)
{
    uart_wait_lsr(cfg->io_base, LSR_TEMT);
}

int uart_getc(const struct uart_config *cfg)
{
    if (!(inb(cfg->io_base + UART_LSR) & LSR_DR))
        return -1;
    return inb(cfg->io_base + UART_RBR);
}
