/*
 * Debug keys (xen/keyhandler.c): the key table and its dispatch, the help
 * listing, the UART-to-handler queue and its overflow. The subsystems the
 * handlers dump are replaced by recording fakes, so each test can tell
 * which handler ran and what it printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <xen/arch.h>
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/scheduler.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include "unit_stubs.h"

/* ---- fakes for what the handlers call, each counting its calls ---- */
static const char *fake_input;          /* bytes console_getc() returns */
static unsigned int calls_for_each_domain, calls_sched_dump, calls_dump_exits, calls_audit;
static struct domain *dumped_exits_of;
static struct timer *armed_timer;

static struct vcpu fake_vcpu0 = { .vcpu_id = 0 };
static struct vcpu *fake_vcpus[2] = { &fake_vcpu0, NULL };
static struct domain fake_dom = {
    .domain_id = 7, .name = "guest7", .state = DOMAIN_RUNNING, .tot_pages = 4096,
    .max_pages = 4096, .max_vcpus = 2, .vcpu = fake_vcpus,
    .sched_params = { .weight = 256 },
};

int console_getc(void) { return fake_input && *fake_input ? (unsigned char)*fake_input++ : -1; }
u64 console_ring_written(void) { return 1234; }
s_time_t NOW(void) { return 5000123456LL; }
void init_timer(struct timer *t, timer_fn_t fn, void *data, unsigned int cpu)
{
    t->fn = fn;
    t->cpu = cpu;
}
void set_timer(struct timer *t, s_time_t expires) { armed_timer = t; t->expires = expires; }
unsigned int domain_count(void) { return 1; }
const char *domain_state_name(enum domain_state s) { return s == DOMAIN_RUNNING ? "running" : "?"; }
const char *sched_state_name(enum sched_state s) { return s == SCHED_RUNNING ? "running" : "?"; }
void for_each_domain(void (*fn)(struct domain *d, void *arg), void *arg)
{
    calls_for_each_domain++;
    fn(&fake_dom, arg);
}
void sched_dump(void (*print)(const char *fmt, ...))
{
    calls_sched_dump++;
    print("sched: fake dump\n");
}
void arch_domain_dump_exits(struct domain *d) { calls_dump_exits++; dumped_exits_of = d; }
unsigned long page_alloc_total_pages(void) { return 65536; }
unsigned long page_alloc_free_pages(void) { return 512; }
int page_alloc_audit(void) { calls_audit++; return 0; }
void xmalloc_stats(unsigned long *kept, unsigned long *live) { *kept = 3; *live = 9; }

/* PV consoles (xen/pvcons.c) for serial-input routing: domains 1 and 3
 * have one, 2 exists without, 4 is gone; input is recorded per domain. */
static struct pvcons *const has_cons = (struct pvcons *)1;
static struct domain cons_doms[5] = {
    [1] = { .domain_id = 1, .pvcons = has_cons }, [2] = { .domain_id = 2 },
    [3] = { .domain_id = 3, .pvcons = has_cons },
};
static char cons_input[5][16];
static unsigned int polls, refs;
struct domain *domain_get_by_id(domid_t id)
{
    if (id < 1 || id > 3)
        return NULL;
    refs++;
    return &cons_doms[id];
}
void domain_put(struct domain *d) { refs--; }
bool pvcons_put_input(struct domain *d, char c)
{
    size_t n = strlen(cons_input[d->domain_id]);

    assert_non_null(d->pvcons);
    cons_input[d->domain_id][n] = c;
    return true;
}
unsigned int pvcons_max_domid(void) { return 4; }
void pvcons_poll(s_time_t now) { polls++; }

static int reset(void **state)
{
    fake_input = NULL;
    calls_for_each_domain = calls_sched_dump = calls_dump_exits = calls_audit = 0;
    dumped_exits_of = NULL;
    fake_vcpu0.domain = &fake_dom;
    fake_vcpu0.in_scheduler = true;
    fake_vcpu0.sched.state = SCHED_RUNNING;
    fake_vcpu0.sched.cpu = 1;
    fake_vcpu0.sched.stats = (struct sched_stats){ .run_ns = 2500000, .nr_runs = 4,
                                                   .nr_preempts = 2, .nr_migrations = 1 };
    keyhandler_run_pending(0);          /* drain anything a test left */
    unit_log_reset();
    return 0;
}

/* The keys the README documents; the table must hold exactly these. */
static const char documented_keys[] = "cdehmr";

static void test_unknown_key(void **state)
{
    keyhandler_dispatch('x');
    assert_true(unit_log_contains("'x' pressed -> no handler; press 'h' for help\n"));
    unit_log_reset();
    keyhandler_dispatch('\r');          /* shown as an escape, not raw */
    assert_true(unit_log_contains("'\\x0d' pressed -> no handler"));
    assert_int_equal(calls_for_each_domain + calls_sched_dump + calls_audit, 0);
}

/* 'h' lists every key that has a handler, and only those. */
static void test_help_lists_every_key(void **state)
{
    static char help[sizeof(unit_log)];

    keyhandler_dispatch('h');
    assert_true(unit_log_contains("'h' pressed -> showing the list of debug keys (now = 5.000123 s)"));
    strcpy(help, unit_log);
    for (unsigned int k = 1; k < 256; k++) {
        char listed[8];
        bool in_help, handled;

        snprintf(listed, sizeof(listed), "\n '%c' ", k);
        in_help = k >= 0x20 && k < 0x7f && strstr(help, listed);
        unit_log_reset();
        keyhandler_dispatch((unsigned char)k);
        handled = !unit_log_contains("no handler");
        assert_int_equal(in_help, handled);
        assert_int_equal(handled, k < 0x7f && strchr(documented_keys, (int)k) != NULL);
    }
}

static void test_d_dumps_domains_and_vcpus(void **state)
{
    keyhandler_dispatch('d');
    assert_int_equal(calls_for_each_domain, 1);
    assert_true(unit_log_contains("'d' pressed -> dumping domain info"));
    assert_true(unit_log_contains("d7 (guest7): running, 4096/4096 pages, 1 vCPU, weight 256"));
    assert_true(unit_log_contains("d7v0: running on CPU1, ran 2500 us, runs 4, preemptions 2, migrations 1"));
}

static void test_e_r_m_c_call_their_subsystems(void **state)
{
    keyhandler_dispatch('e');
    assert_int_equal(calls_dump_exits, 1);
    assert_ptr_equal(dumped_exits_of, &fake_dom);
    assert_true(unit_log_contains("d7 (guest7):"));
    keyhandler_dispatch('r');
    assert_int_equal(calls_sched_dump, 1);
    assert_true(unit_log_contains("sched: fake dump"));
    keyhandler_dispatch('m');
    assert_int_equal(calls_audit, 1);
    assert_true(unit_log_contains("65536 pages managed, 512 free (2 MiB)"));
    assert_true(unit_log_contains("xmalloc: 3 pages kept by size classes, 9 objects live"));
    keyhandler_dispatch('c');
    assert_true(unit_log_contains("console: 1234 bytes logged"));
    /* Each key ran its own handler only. */
    assert_int_equal(calls_for_each_domain, 1);
    assert_int_equal(calls_sched_dump, 1);
}

/* Keys typed are handled on CPU 0 only, in order, once each. */
static void test_queue_order_and_cpu0_only(void **state)
{
    const char *first_e, *first_r;

    fake_input = "er";
    keyhandler_run_pending(1);
    assert_string_equal(unit_log, "");
    keyhandler_run_pending(0);
    first_e = strstr(unit_log, "'e' pressed");
    first_r = strstr(unit_log, "'r' pressed");
    assert_non_null(first_e);
    assert_non_null(first_r);
    assert_true(first_e < first_r);
    unit_log_reset();
    keyhandler_run_pending(0);
    assert_string_equal(unit_log, "");
}

static void test_queue_overflow_is_counted(void **state)
{
    unsigned int accepted = 0;

    for (unsigned int i = 0; i < KEYHANDLER_QUEUE_LEN + 8; i++)
        accepted += keyhandler_queue_key('x');
    assert_int_equal(accepted, KEYHANDLER_QUEUE_LEN);
    keyhandler_run_pending(0);
    unit_log_reset();
    keyhandler_dispatch('c');
    assert_true(unit_log_contains(", dropped 8 (queue of 32)"));
}

/* The poll timer runs on CPU 0, re-arms itself and queues what it read. */
static void test_poll_timer(void **state)
{
    keyhandler_init();
    assert_non_null(armed_timer);
    assert_int_equal(armed_timer->cpu, 0);
    assert_int_equal(armed_timer->expires, 5000123456LL + MILLISECS(KEYHANDLER_POLL_MS));
    armed_timer->expires = 0;
    fake_input = "q";
    armed_timer->fn(NULL);              /* the timer fires */
    assert_int_equal(armed_timer->expires, 5000123456LL + MILLISECS(KEYHANDLER_POLL_MS));
    assert_false(unit_log_contains("'q' pressed"));    /* not in interrupt context */
    fake_input = NULL;
    keyhandler_run_pending(0);
    assert_true(unit_log_contains("'q' pressed -> no handler"));
}

/* Feed keys and run the queue, as the UART poll would. */
static void type(const char *keys)
{
    fake_input = keys;
    keyhandler_run_pending(0);
}

/* Ctrl-A x3 cycles Xen -> DOM1 -> DOM3 (2 has no console) -> Xen; debug
 * keys act only while Xen has the focus; fewer than 3 Ctrl-As pass on. */
static void test_focus_switching(void **state)
{
    memset(cons_input, 0, sizeof(cons_input));
    type("\x01\x01\x01ls\r");
    assert_true(unit_log_contains("*** Serial input to DOM1 (type 'CTRL-a' three times to switch input)\n"));
    assert_string_equal(cons_input[1], "ls\r");
    assert_false(unit_log_contains("pressed"));         /* no debug key ran */
    type("\x01\x01x\x01\x01\x01");
    assert_string_equal(cons_input[1], "ls\r\x01\x01x");
    assert_true(unit_log_contains("*** Serial input to DOM3 (type"));
    type("h");
    assert_string_equal(cons_input[3], "h");
    unit_log_reset();
    type("\x01\x01\x01" "c");    /* "\x01c" would be one hex escape */
    assert_true(unit_log_contains("*** Serial input to Xen (type 'CTRL-a' three times to switch input)\n"));
    assert_true(unit_log_contains("'c' pressed -> dumping console"));
    assert_string_equal(cons_input[2], "");
    assert_int_equal(refs, 0);                          /* every reference dropped */
    assert_true(polls > 0);                             /* consoles polled from the loop */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_unknown_key, reset),
        cmocka_unit_test_setup(test_help_lists_every_key, reset),
        cmocka_unit_test_setup(test_d_dumps_domains_and_vcpus, reset),
        cmocka_unit_test_setup(test_e_r_m_c_call_their_subsystems, reset),
        cmocka_unit_test_setup(test_queue_order_and_cpu0_only, reset),
        cmocka_unit_test_setup(test_queue_overflow_is_counted, reset),
        cmocka_unit_test_setup(test_poll_timer, reset),
        cmocka_unit_test_setup(test_focus_switching, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
