/*
 * printk and the console: formats each message with a "(XEN) [time]"
 * prefix, keeps it in the log ring, and writes it to the serial outputs
 * when its level passes "loglvl=". Options: console=com1|com2|none[,...],
 * com1=/com2= (see drivers/uart_config.c), loglvl=none|error|warning|info|
 * debug|all[/<guest level>].
 *
 * Serial output goes through a transmit queue. During boot it is sent at
 * once, spinning on the UART; once the scheduler runs (console_start_async)
 * the UART is refilled without waiting, at each printk and from a timer on
 * CPU 0, so a guest's console line no longer stalls the vCPU that printed
 * it for the ~87 us per character a 115200-baud line takes. console_flush()
 * (panic, power off) and a full queue fall back to spinning: no byte is lost.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/timer.h>

#define CONSOLE_RING_SIZE (64 * 1024)   /* power of two */
#define PRINTK_LINE_MAX 512

static struct uart_config com_cfg[2] = {
    { .io_base = 0x3f8, .baud = 115200, .data_bits = 8, .parity = 'n', .stop_bits = 1, .irq = 4 },
    { .io_base = 0x2f8, .baud = 115200, .data_bits = 8, .parity = 'n', .stop_bits = 1, .irq = 3 },
};
static bool com_wanted[2] = { true, false };   /* console= selection */
static bool com_live[2];                        /* probed and programmed */
static bool console_ready;
static enum log_level console_loglvl = LOG_INFO;

/*
 * console_lock protects the ring, the line state below and the UART
 * transmitters. It is a leaf lock: nothing is called with it held that
 * could take another lock.
 */
static DEFINE_SPINLOCK(console_lock);
static char ring[CONSOLE_RING_SIZE];
static u64 ring_written;
static bool at_line_start = true;

#define TX_QUEUE_SIZE (16 * 1024)       /* power of two */
#define UART_BITS_PER_CHAR 10           /* start, 8 data, stop */
#define TX_DEFAULT_BAUD 115200
#define TX_SPIN_LIMIT 10000000UL        /* LSR reads before a FIFO load goes anyway */

static char tx_queue[TX_QUEUE_SIZE];
static u64 tx_queued, tx_sent;          /* bytes ever queued / handed to the UARTs */
static bool tx_async;                   /* console_start_async() ran, no panic since */
static bool tx_timer_armed;             /* tx_timer will run (under console_lock) */
static struct timer tx_timer;
static s_time_t tx_refill_period;       /* time one FIFO load takes on the wire */
static unsigned int tx_fifo_load = 1;   /* bytes per load: the smallest live FIFO */

static int parse_com(unsigned int idx, const char *val)
{
    return uart_parse_config(val, &com_cfg[idx]);
}

static int parse_com1(const char *val) { return parse_com(0, val); }
static int parse_com2(const char *val) { return parse_com(1, val); }
custom_param("com1", parse_com1);
custom_param("com2", parse_com2);

static int parse_console(const char *val)
{
    com_wanted[0] = com_wanted[1] = false;
    for (const char *p = val; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
        if (!strncmp(p, "com1", 4)) com_wanted[0] = true;
        else if (!strncmp(p, "com2", 4)) com_wanted[1] = true;
        else if (!strncmp(p, "none", 4)) continue;
        else if (!strncmp(p, "vga", 3))
            printk(XENLOG_WARNING "console: 'vga' is not supported; use com1 or com2\n");
        else return -EINVAL;
    }
    return 0;
}
custom_param("console", parse_console);

static int parse_loglvl(const char *val)
{
    static const struct { const char *name; enum log_level lvl; } names[] = {
        { "none", LOG_NONE }, { "error", LOG_ERR }, { "warning", LOG_WARNING },
        { "info", LOG_INFO }, { "debug", LOG_DEBUG }, { "all", LOG_DEBUG },
    };

    for (unsigned int i = 0; val && i < ARRAY_SIZE(names); i++) {
        size_t n = strlen(names[i].name);
        if (!strncmp(val, names[i].name, n) && (val[n] == '\0' || val[n] == '/')) {
            console_loglvl = names[i].lvl;
            return 0;
        }
    }
    return -EINVAL;
}
custom_param("loglvl", parse_loglvl);

static void ring_putc(char c)
{
    ring[ring_written++ & (CONSOLE_RING_SIZE - 1)] = c;
}

/* Can every live UART take a full FIFO load now? */
static bool uarts_idle(void)
{
    for (unsigned int i = 0; i < 2; i++)
        if (com_live[i] && !uart_tx_empty(&com_cfg[i]))
            return false;
    return true;
}

/* One FIFO load from the queue to every live UART (all of them idle). */
static void tx_send_fifo_load(void)
{
    u64 end = tx_sent + tx_fifo_load < tx_queued ? tx_sent + tx_fifo_load : tx_queued;

    for (unsigned int i = 0; i < 2; i++)
        for (u64 p = tx_sent; com_live[i] && p < end; p++)
            uart_write_thr(&com_cfg[i], tx_queue[p & (TX_QUEUE_SIZE - 1)]);
    tx_sent = end;
}

/* Send what the UARTs can take without waiting; true if bytes remain. */
static bool tx_pump(void)
{
    if (tx_sent < tx_queued && uarts_idle())
        tx_send_fifo_load();
    return tx_sent < tx_queued;
}

/*
 * Send everything, spinning until each FIFO load fits. The wait is bounded
 * (a FIFO load takes 1.4 ms at 115200 baud) so that a UART that stopped
 * answering costs time, not the machine.
 */
static void tx_drain(void)
{
    while (tx_sent < tx_queued) {
        for (unsigned long spins = 0; !uarts_idle() && spins < TX_SPIN_LIMIT; spins++)
            cpu_relax();
        tx_send_fifo_load();
    }
}

static void tx_put(char c)
{
    if (tx_queued - tx_sent == TX_QUEUE_SIZE)
        tx_drain();                     /* full: wait rather than drop */
    tx_queue[tx_queued++ & (TX_QUEUE_SIZE - 1)] = c;
}

static void serial_putc(char c)
{
    if (!com_live[0] && !com_live[1])
        return;
    if (c == '\n')
        tx_put('\r');
    tx_put(c);
}

/*
 * After queueing (console_lock held): send now while booting, else refill
 * without waiting and make sure the timer comes back for the rest. Returns
 * true if the caller must arm the timer (outside the lock).
 */
static bool tx_kick(void)
{
    if (!tx_async) {
        tx_drain();
        return false;
    }
    if (!tx_pump() || tx_timer_armed)
        return false;
    tx_timer_armed = true;
    return true;
}

static void tx_timer_fn(void *unused)
{
    bool again;

    (void)unused;
    spin_lock(&console_lock);
    again = tx_async && tx_pump();
    tx_timer_armed = again;
    spin_unlock(&console_lock);
    if (again)
        set_timer(&tx_timer, NOW() + tx_refill_period);
}

void console_start_async(void)
{
    u32 baud = com_cfg[0].baud ? com_cfg[0].baud : TX_DEFAULT_BAUD;

    if (com_live[1] && com_cfg[1].baud && com_cfg[1].baud < baud)
        baud = com_cfg[1].baud;         /* the slower line sets the pace */
    tx_refill_period = SECONDS(1) * tx_fifo_load * UART_BITS_PER_CHAR / baud;
    init_timer(&tx_timer, tx_timer_fn, NULL, 0);
    spin_lock(&console_lock);
    tx_async = true;
    spin_unlock(&console_lock);
}

static void emit(const char *s, size_t n, bool to_serial)
{
    for (size_t i = 0; i < n; i++) {
        ring_putc(s[i]);
        if (to_serial)
            serial_putc(s[i]);
    }
}

/* Strip a "<N>" level prefix; returns the level. */
static enum log_level take_level(const char **msg)
{
    const char *m = *msg;

    if (m[0] == '<' && m[1] >= '0' && m[1] <= '3' && m[2] == '>') {
        *msg = m + 3;
        return (enum log_level)(m[1] - '0');
    }
    return LOG_INFO;
}

/* Emit text, inserting the "(XEN) [time] " prefix at each line start. */
static void emit_lines(const char *msg, bool to_serial)
{
    while (*msg) {
        const char *nl = strchr(msg, '\n');
        size_t n = nl ? (size_t)(nl - msg) + 1 : strlen(msg);

        if (at_line_start) {
            char prefix[32];
            s_time_t t = NOW();
            int len = snprintf(prefix, sizeof(prefix), "(XEN) [%5lld.%06lld] ",
                               (long long)(t / 1000000000), (long long)(t % 1000000000) / 1000);
            emit(prefix, (size_t)len, to_serial);
        }
        emit(msg, n, to_serial);
        at_line_start = msg[n - 1] == '\n';
        msg += n;
    }
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[PRINTK_LINE_MAX];
    enum log_level lvl;
    const char *msg = buf;
    bool arm;

    vsnprintf(buf, sizeof(buf), fmt, ap);
    lvl = take_level(&msg);
    spin_lock(&console_lock);
    emit_lines(msg, console_ready && lvl <= console_loglvl);
    arm = tx_kick();
    spin_unlock(&console_lock);
    if (arm)
        set_timer(&tx_timer, NOW() + tx_refill_period);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void console_init(void)
{
    u64 pos = 0;
    char c;

    tx_fifo_load = 16;
    for (unsigned int i = 0; i < 2; i++) {
        com_live[i] = com_wanted[i] && uart_init(&com_cfg[i]);
        if (com_live[i] && uart_tx_fifo_size(&com_cfg[i]) < tx_fifo_load)
            tx_fifo_load = uart_tx_fifo_size(&com_cfg[i]);
    }
    /* Replay what was logged before the console existed. */
    spin_lock(&console_lock);
    while (console_ring_written() > pos && pos < CONSOLE_RING_SIZE) {
        c = ring[pos++];
        serial_putc(c);
    }
    tx_drain();
    console_ready = true;
    spin_unlock(&console_lock);
    for (unsigned int i = 0; i < 2; i++)
        if (com_wanted[i] && !com_live[i])
            printk(XENLOG_WARNING "console: no UART answers at com%u (port %#x); output only in the log ring\n",
                   i + 1, com_cfg[i].io_base);
}

void console_flush(void)
{
    spin_lock(&console_lock);
    tx_drain();
    spin_unlock(&console_lock);
    for (unsigned int i = 0; i < 2; i++)
        if (com_live[i])
            uart_flush(&com_cfg[i]);
}

void console_force_unlock(void)
{
    console_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    tx_async = false;                   /* a crash report goes out as it is written */
}

u64 console_ring_written(void)
{
    return ring_written;
}

size_t console_ring_read(char *buf, size_t size, u64 *pos)
{
    size_t n = 0;

    spin_lock(&console_lock);
    if (ring_written > CONSOLE_RING_SIZE && *pos < ring_written - CONSOLE_RING_SIZE)
        *pos = ring_written - CONSOLE_RING_SIZE;
    while (n < size && *pos < ring_written)
        buf[n++] = ring[(*pos)++ & (CONSOLE_RING_SIZE - 1)];
    spin_unlock(&console_lock);
    return n;
}

int console_getc(void)
{
    for (unsigned int i = 0; i < 2; i++) {
        int c = com_live[i] ? uart_getc(&com_cfg[i]) : -1;
        if (c >= 0)
            return c;
    }
    return -1;
}
