/*
 * Console and log ring (xen/console.c): the "(XEN) [time]" prefix, partial
 * lines, log levels, the ring keeping everything and replaying it at
 * console_init(), ring wrap-around, console=none/com2, an absent UART, and
 * the transmit queue: spinning before console_start_async(), then refilled
 * without waiting from printk and the timer, drained by console_flush().
 * console.c is included here (under other names for printk/vprintk, which
 * the unit-test stubs already define) so each test can reset its state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define printk console_printk
#define vprintk console_vprintk
#include "../../xen/console.c"
#undef printk
#undef vprintk

/* ---- stand-ins for the UART driver and the clock ---- */
static char uart_out[2][200000];
static size_t uart_len[2];
static bool uart_answers = true;
static s_time_t fake_now;
/* The wire: the FIFO is empty on every uart_idle_every-th look (1 = always). */
static unsigned int uart_idle_every = 1, uart_looks;
static unsigned int fifo_fill;                  /* bytes written since the last idle look */
static unsigned int timers_set;
static s_time_t timer_expires;

s_time_t NOW(void) { return fake_now; }

static int port_index(const struct uart_config *cfg) { return cfg->io_base == 0x2f8; }

bool uart_init(const struct uart_config *cfg) { return uart_answers; }
void uart_flush(const struct uart_config *cfg) { }
int uart_getc(const struct uart_config *cfg) { return -1; }

static unsigned int uart_fifo = 16;

unsigned int uart_tx_fifo_size(const struct uart_config *cfg) { return uart_fifo; }

bool uart_tx_empty(const struct uart_config *cfg)
{
    if (++uart_looks % uart_idle_every)
        return false;
    fifo_fill = 0;
    return true;
}

void uart_write_thr(const struct uart_config *cfg, char c)
{
    int i = port_index(cfg);

    assert_true(++fifo_fill <= uart_fifo);      /* never overruns the FIFO */
    if (uart_len[i] + 1 < sizeof(uart_out[i]))
        uart_out[i][uart_len[i]++] = c;
}

void init_timer(struct timer *t, timer_fn_t fn, void *data, unsigned int cpu)
{
    t->fn = fn;
    t->data = data;
    t->cpu = cpu;
}

void set_timer(struct timer *t, s_time_t expires)
{
    timers_set++;
    timer_expires = expires;
}

static int reset(void **state)
{
    memset(uart_out, 0, sizeof(uart_out));
    uart_len[0] = uart_len[1] = 0;
    uart_answers = true;
    fake_now = 0;
    ring_written = 0;
    at_line_start = true;
    console_ready = false;
    com_live[0] = com_live[1] = false;
    com_wanted[0] = true;
    com_wanted[1] = false;
    com_cfg[0].io_base = 0x3f8;
    com_cfg[1].io_base = 0x2f8;
    console_loglvl = LOG_INFO;
    tx_queued = tx_sent = 0;
    tx_async = tx_timer_armed = false;
    uart_idle_every = 1;
    uart_fifo = 16;
    uart_looks = fifo_fill = 0;
    timers_set = 0;
    return 0;
}

static size_t ring_text(char *buf, size_t size)
{
    u64 pos = 0;
    size_t n = console_ring_read(buf, size - 1, &pos);

    buf[n] = '\0';
    return n;
}

static void test_prefix_and_timestamp(void **state)
{
    char buf[256];

    console_init();
    fake_now = 12345678901LL;       /* 12.345678901 s */
    console_printk("hello %d\n", 42);
    ring_text(buf, sizeof(buf));
    assert_string_equal(buf, "(XEN) [   12.345678] hello 42\n");
    assert_string_equal(uart_out[0], "(XEN) [   12.345678] hello 42\r\n");
}

static void test_partial_lines_get_one_prefix(void **state)
{
    char buf[256];

    console_init();
    console_printk("abc");
    console_printk("def\nghi\n");
    ring_text(buf, sizeof(buf));
    assert_string_equal(buf, "(XEN) [    0.000000] abcdef\n(XEN) [    0.000000] ghi\n");
}

static void test_early_messages_replayed_at_init(void **state)
{
    console_printk("before the console\n");
    assert_int_equal(uart_len[0], 0);           /* no UART yet: ring only */
    console_init();
    assert_non_null(strstr(uart_out[0], "before the console\r\n"));
}

static void test_loglvl_filters_console_not_ring(void **state)
{
    char buf[512];

    assert_int_equal(cmdline_parse("loglvl=warning"), 0);
    console_init();
    console_printk(XENLOG_INFO "quiet detail\n");
    console_printk(XENLOG_WARNING "loud warning\n");
    console_printk(XENLOG_ERR "an error\n");
    ring_text(buf, sizeof(buf));
    assert_non_null(strstr(buf, "quiet detail"));
    assert_non_null(strstr(buf, "loud warning"));
    assert_null(strstr(uart_out[0], "quiet detail"));
    assert_non_null(strstr(uart_out[0], "loud warning"));
    assert_non_null(strstr(uart_out[0], "an error"));
    assert_null(strstr(buf, "<1>"));            /* level prefix stripped */
}

static void test_bad_loglvl_rejected(void **state)
{
    assert_int_equal(cmdline_parse("loglvl=chatty"), 1);
    assert_int_equal(console_loglvl, LOG_INFO);
    assert_int_equal(cmdline_parse("loglvl=all/warning"), 0);   /* Xen's guest part ignored */
    assert_int_equal(console_loglvl, LOG_DEBUG);
}

static void test_ring_wraps_and_reader_catches_up(void **state)
{
    char line[100], buf[CONSOLE_RING_SIZE + 1];
    u64 pos = 0;
    size_t n;

    console_init();
    for (int i = 0; i < 2000; i++) {
        snprintf(line, sizeof(line), "line %05d %s\n", i, "................................");
        console_printk("%s", line);
    }
    assert_true(console_ring_written() > CONSOLE_RING_SIZE);
    n = console_ring_read(buf, sizeof(buf) - 1, &pos);
    buf[n] = '\0';
    assert_int_equal(n, CONSOLE_RING_SIZE);    /* only the retained tail */
    assert_int_equal(pos, console_ring_written());
    assert_non_null(strstr(buf, "line 01999"));
    assert_null(strstr(buf, "line 00000"));
    assert_int_equal(console_ring_read(buf, sizeof(buf), &pos), 0);   /* caught up */
}

static void test_console_none_keeps_ring(void **state)
{
    char buf[256];

    assert_int_equal(cmdline_parse("console=none"), 0);
    console_init();
    console_printk("silent\n");
    assert_int_equal(uart_len[0] + uart_len[1], 0);
    ring_text(buf, sizeof(buf));
    assert_non_null(strstr(buf, "silent"));
}

static void test_console_com2(void **state)
{
    assert_int_equal(cmdline_parse("console=com2 com2=9600,8n1,0x2f8,3"), 0);
    console_init();
    console_printk("to com2\n");
    assert_non_null(strstr(uart_out[1], "to com2"));
    assert_int_equal(uart_len[0], 0);
    assert_int_equal(com_cfg[1].baud, 9600);
}

static void test_bad_console_value(void **state)
{
    assert_int_equal(cmdline_parse("console=lpt1"), 1);
}

static void test_absent_uart_warns_and_goes_on(void **state)
{
    char buf[512];

    uart_answers = false;
    console_init();
    console_printk("still logged\n");
    ring_text(buf, sizeof(buf));
    assert_non_null(strstr(buf, "no UART answers at com1 (port 0x3f8)"));
    assert_non_null(strstr(buf, "still logged"));
    assert_int_equal(uart_len[0], 0);
}

/* Async: printk queues and returns; the timer sends one FIFO load a go. */
static void test_async_printk_does_not_wait(void **state)
{
    console_init();
    console_start_async();
    assert_int_equal(tx_refill_period, 1388888);  /* 16 chars * 10 bits at 115200 */
    uart_idle_every = 1000000;                     /* the UART stays busy */
    fake_now = 5000;
    console_printk("0123456789012345678901234567890123456789\n");
    assert_int_equal(uart_len[0], 0);              /* nothing sent, nothing lost */
    assert_int_equal(timers_set, 1);
    assert_int_equal(timer_expires, 5000 + 1388888);
    console_printk("second line\n");
    assert_int_equal(timers_set, 1);               /* already armed */

    uart_idle_every = 1;                           /* the FIFO has drained */
    tx_timer_fn(NULL);
    assert_int_equal(uart_len[0], 16);
    assert_int_equal(timers_set, 2);               /* more to send: comes back */
    while (tx_timer_armed)
        tx_timer_fn(NULL);
    assert_string_equal(uart_out[0], "(XEN) [    0.000005] 0123456789012345678901234567890123456789\r\n"
                                     "(XEN) [    0.000005] second line\r\n");
}

/* console_flush sends the whole queue; a full queue waits instead of dropping. */
static void test_flush_and_full_queue_lose_nothing(void **state)
{
    char line[101];

    console_init();
    console_start_async();
    uart_idle_every = 7;                            /* a slow wire */
    memset(line, 'x', 99);
    line[99] = '\n';
    line[100] = '\0';
    for (int i = 0; i < 400; i++)                   /* 400 * 122 bytes > 16 KiB */
        console_printk("%s", line);
    assert_true(tx_queued - tx_sent <= TX_QUEUE_SIZE);
    console_flush();
    assert_int_equal(tx_sent, tx_queued);
    assert_int_equal(uart_len[0], 400 * 122);
    for (size_t i = 0; i < uart_len[0]; i += 122)
        assert_memory_equal(uart_out[0] + i, "(XEN) [    0.000000] x", 22);
}

/* After a panic (console_force_unlock) output goes out as it is written. */
static void test_force_unlock_makes_output_synchronous(void **state)
{
    console_init();
    console_start_async();
    uart_idle_every = 1000000;
    console_printk("queued\n");
    assert_int_equal(uart_len[0], 0);
    console_force_unlock();
    uart_idle_every = 1;
    console_printk("crash\n");
    assert_string_equal(uart_out[0], "(XEN) [    0.000000] queued\r\n(XEN) [    0.000000] crash\r\n");
}

/* A UART without a working FIFO gets one byte per load, and more often. */
static void test_no_fifo_one_byte_per_load(void **state)
{
    uart_fifo = 1;
    console_init();
    console_start_async();
    assert_int_equal(tx_refill_period, 86805);    /* 10 bits at 115200 */
    uart_idle_every = 1000000;
    console_printk("ab\n");
    uart_idle_every = 1;
    tx_timer_fn(NULL);
    assert_int_equal(uart_len[0], 1);
    console_flush();
    assert_string_equal(uart_out[0], "(XEN) [    0.000000] ab\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_prefix_and_timestamp, reset),
        cmocka_unit_test_setup(test_partial_lines_get_one_prefix, reset),
        cmocka_unit_test_setup(test_early_messages_replayed_at_init, reset),
        cmocka_unit_test_setup(test_loglvl_filters_console_not_ring, reset),
        cmocka_unit_test_setup(test_bad_loglvl_rejected, reset),
        cmocka_unit_test_setup(test_ring_wraps_and_reader_catches_up, reset),
        cmocka_unit_test_setup(test_console_none_keeps_ring, reset),
        cmocka_unit_test_setup(test_console_com2, reset),
        cmocka_unit_test_setup(test_bad_console_value, reset),
        cmocka_unit_test_setup(test_absent_uart_warns_and_goes_on, reset),
        cmocka_unit_test_setup(test_async_printk_does_not_wait, reset),
        cmocka_unit_test_setup(test_flush_and_full_queue_lose_nothing, reset),
        cmocka_unit_test_setup(test_force_unlock_makes_output_synchronous, reset),
        cmocka_unit_test_setup(test_no_fifo_one_byte_per_load, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
