/*
 * Host tests for the per-CPU timer queues (xen/timer.c) and the clock
 * scaling factors (xen/time_scale.c). The arch hooks are stubs that record
 * what the hardware would have been told; time is passed explicitly to
 * timer_expire(), so every test is deterministic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/arch.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include "unit_stubs.h"

/* ---- arch stubs ---- */
static unsigned int cur_cpu;            /* what smp_processor_id() says */
static s_time_t programmed;             /* last arch_timer_program() */
static unsigned int nr_programs;
static unsigned int kicks[NR_CPUS];
static int irq_depth;                   /* save/restore must pair up */

unsigned int smp_processor_id(void) { return cur_cpu; }
s_time_t NOW(void) { return 0; }
unsigned long arch_irq_save(void) { return (unsigned long)irq_depth++; }
void arch_irq_restore(unsigned long flags) { irq_depth = (int)flags; }

void arch_timer_program(s_time_t deadline)
{
    programmed = deadline;
    nr_programs++;
}

void arch_timer_kick(unsigned int cpu)
{
    kicks[cpu]++;
}

/* ---- a record of callback runs ---- */
#define MAX_EVENTS 4096
static void *events[MAX_EVENTS];
static unsigned int nr_events;

static void record(void *data)
{
    assert_true(nr_events < MAX_EVENTS);
    events[nr_events++] = data;
}

static int reset(void **state)
{
    cur_cpu = 0;
    programmed = 0;
    nr_programs = 0;
    memset(kicks, 0, sizeof(kicks));
    nr_events = 0;
    irq_depth = 0;
    unit_log_reset();
    return 0;
}

/* Leave each CPU's queue empty for the next test (timers the test left
 * armed are static, so they are still valid here). */
static int drain(void **state)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        cur_cpu = cpu;
        timer_expire(cpu, STIME_MAX);
    }
    assert_int_equal(irq_depth, 0);
    return 0;
}

static void test_fires_in_expiry_order(void **state)
{
    static const s_time_t when[] = { 500, 100, 300, 200, 400 };
    static struct timer t[5];

    for (unsigned int i = 0; i < 5; i++) {
        init_timer(&t[i], record, &t[i], 0);
        set_timer(&t[i], when[i]);
    }
    assert_int_equal(programmed, 100);      /* the head, after 100 was set */
    timer_expire(0, 1000);
    assert_int_equal(nr_events, 5);
    assert_ptr_equal(events[0], &t[1]);
    assert_ptr_equal(events[1], &t[3]);
    assert_ptr_equal(events[2], &t[2]);
    assert_ptr_equal(events[3], &t[4]);
    assert_ptr_equal(events[4], &t[0]);
    assert_int_equal(programmed, STIME_MAX);
    for (unsigned int i = 0; i < 5; i++)
        assert_false(timer_is_active(&t[i]));
}

static void test_only_due_timers_run(void **state)
{
    static struct timer a, b, c;

    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    init_timer(&c, record, &c, 0);
    set_timer(&a, 10);
    set_timer(&b, 20);
    set_timer(&c, 30);
    timer_expire(0, 19);
    assert_int_equal(nr_events, 1);
    assert_ptr_equal(events[0], &a);
    assert_int_equal(programmed, 20);       /* hardware re-armed for b */
    timer_expire(0, 20);                    /* "at or before now" */
    assert_int_equal(nr_events, 2);
    assert_ptr_equal(events[1], &b);
    assert_true(timer_is_active(&c));
    assert_int_equal(programmed, 30);
}

static void test_rearm_moves_timer(void **state)
{
    static struct timer a, b;

    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    set_timer(&a, 100);
    set_timer(&b, 200);
    set_timer(&a, 300);                     /* now after b */
    assert_int_equal(programmed, 100);      /* not a new head: untouched */
    timer_expire(0, 250);
    assert_int_equal(nr_events, 1);
    assert_ptr_equal(events[0], &b);
    set_timer(&a, 50);                      /* earlier: new head */
    assert_int_equal(programmed, 50);
    timer_expire(0, 1000);
    assert_int_equal(nr_events, 2);         /* a ran once, not twice */
    assert_ptr_equal(events[1], &a);
}

static void test_stop(void **state)
{
    static struct timer a, b;

    init_timer(&a, record, &a, 0);
    init_timer(&b, record, &b, 0);
    stop_timer(&a);                         /* inactive: no-op */
    set_timer(&a, 10);
    set_timer(&b, 20);
    stop_timer(&a);
    assert_false(timer_is_active(&a));
    timer_expire(0, 100);
    assert_int_equal(nr_events, 1);
    assert_ptr_equal(events[0], &b);
    set_timer(&a, 200);                     /* usable again after stop */
    timer_expire(0, 200);
    assert_int_equal(nr_events, 2);
    assert_ptr_equal(events[1], &a);
}

static void test_equal_expiry_is_fifo(void **state)
{
    static struct timer t[8];

    for (unsigned int i = 0; i < 8; i++)
        init_timer(&t[i], record, &t[i], 0);
    for (unsigned int i = 0; i < 8; i++)
        set_timer(&t[(i * 3) % 8], 42);     /* arming order 0,3,6,1,4,7,2,5 */
    timer_expire(0, 42);
    assert_int_equal(nr_events, 8);
    for (unsigned int i = 0; i < 8; i++)
        assert_ptr_equal(events[i], &t[(i * 3) % 8]);
}

static void test_many_timers(void **state)
{
    enum { N = 2000 };
    struct timer *t = calloc(N, sizeof(*t));
    unsigned int fired_once[N] = { 0 };

    assert_non_null(t);
    srand(1234);
    for (unsigned int i = 0; i < N; i++) {
        init_timer(&t[i], record, &t[i], 0);
        set_timer(&t[i], rand() % 100000);
    }
    for (unsigned int i = 0; i < N; i += 7)     /* re-arm some, stop some */
        set_timer(&t[i], rand() % 100000);
    for (unsigned int i = 3; i < N; i += 11)
        stop_timer(&t[i]);
    for (s_time_t now = 0; now < 100000 + 997; now += 997)
        timer_expire(0, now);
    for (unsigned int i = 1; i < nr_events; i++)
        assert_true(((struct timer *)events[i - 1])->expires <=
                    ((struct timer *)events[i])->expires);
    for (unsigned int i = 0; i < nr_events; i++)
        fired_once[(struct timer *)events[i] - t]++;
    for (unsigned int i = 0; i < N; i++)
        assert_int_equal(fired_once[i], (i >= 3 && (i - 3) % 11 == 0) ? 0 : 1);
    assert_int_equal(programmed, STIME_MAX);
    free(t);
}

/* A periodic timer: re-arms itself one period later. */
struct periodic {
    struct timer t;
    s_time_t period;
    unsigned int runs;
};

static void periodic_fn(void *data)
{
    struct periodic *p = data;

    p->runs++;
    set_timer(&p->t, p->t.expires + p->period);
}

static void test_self_rearm(void **state)
{
    static struct periodic p;

    p = (struct periodic){ .period = 10 };

    init_timer(&p.t, periodic_fn, &p, 0);
    set_timer(&p.t, 10);
    timer_expire(0, 10);
    assert_int_equal(p.runs, 1);
    assert_int_equal(programmed, 20);
    /* Far behind: the re-armed expiry (20) is already due, yet it must
     * wait for the next pass instead of looping inside this one. */
    timer_expire(0, 1000);
    assert_int_equal(p.runs, 2);
    assert_int_equal(programmed, 20 + 10);
    timer_expire(0, 1000);
    assert_int_equal(p.runs, 3);
    stop_timer(&p.t);
}

/* A callback that stops another timer that is also due in this pass. */
static struct timer victim;
static void stop_victim(void *data)
{
    record(data);
    stop_timer(&victim);
}

static void test_callback_stops_other(void **state)
{
    static struct timer killer;

    init_timer(&killer, stop_victim, &killer, 0);
    init_timer(&victim, record, &victim, 0);
    set_timer(&killer, 5);
    set_timer(&victim, 6);
    timer_expire(0, 10);
    assert_int_equal(nr_events, 1);
    assert_ptr_equal(events[0], &killer);
}

static void kill_self(void *data)
{
    record(data);
    kill_timer(data);                       /* from its own callback */
}

static void test_kill(void **state)
{
    static struct timer a, b;

    init_timer(&a, record, &a, 0);
    set_timer(&a, 10);
    kill_timer(&a);
    timer_expire(0, 100);
    assert_int_equal(nr_events, 0);
    set_timer(&a, 200);                     /* refused, with a warning */
    assert_false(timer_is_active(&a));
    assert_true(unit_log_contains("killed timer"));
    init_timer(&b, kill_self, &b, 0);
    set_timer(&b, 300);
    timer_expire(0, 300);
    assert_int_equal(nr_events, 1);
    set_timer(&b, 400);
    assert_false(timer_is_active(&b));
}

static void test_remote_cpu_is_kicked(void **state)
{
    static struct timer a, b;

    init_timer(&a, record, &a, 1);
    init_timer(&b, record, &b, 1);
    cur_cpu = 0;
    set_timer(&a, 100);
    assert_int_equal(kicks[1], 1);          /* new head on CPU 1 */
    assert_int_equal(nr_programs, 0);       /* never CPU 0's hardware */
    set_timer(&b, 200);
    assert_int_equal(kicks[1], 1);          /* not the head: no kick */
    timer_expire(0, 1000);                  /* CPU 0's queue is empty */
    assert_int_equal(nr_events, 0);
    cur_cpu = 1;
    timer_expire(1, 150);
    assert_int_equal(nr_events, 1);
    assert_ptr_equal(events[0], &a);
    assert_int_equal(programmed, 200);
}

/* ---- time_scale ---- */
static void test_scale_tsc_to_ns(void **state)
{
    struct time_scale s;

    time_scale_set(&s, 1000000, 3000000);   /* 3 GHz TSC: ns = ticks / 3 */
    assert_int_equal(time_scale_apply(&s, 3000000000ULL), 999999999);
    time_scale_set(&s, 1000000, 4000);      /* 4 MHz (Bochs): 250 ns a tick */
    assert_int_equal(time_scale_apply(&s, 4000), 1000000);
    /* An hour at 3 GHz stays within a microsecond. */
    time_scale_set(&s, 1000000, 3000000);
    assert_true(time_scale_apply(&s, 3600ULL * 3000000000ULL) >= 3600ULL * 1000000000ULL - 1000);
}

static void test_scale_ns_to_tsc(void **state)
{
    struct time_scale s;

    time_scale_set(&s, 2400000, 1000000);   /* 2.4 GHz: ticks = ns * 2.4 */
    assert_int_equal(time_scale_apply(&s, 1000), 2399);     /* rounds down */
    assert_int_equal(time_scale_apply(&s, 1000000000), 2399999999ULL);
    time_scale_set(&s, 3ULL << 33, 1 << 4); /* num above 2^32 */
    assert_int_equal(time_scale_apply(&s, 16), 3ULL << 33);
    time_scale_set(&s, 1000000, 7);         /* 142857.142857...: fraction kept */
    assert_int_equal(time_scale_apply(&s, 7000000), 1000000000000ULL - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fires_in_expiry_order, reset, drain),
        cmocka_unit_test_setup_teardown(test_only_due_timers_run, reset, drain),
        cmocka_unit_test_setup_teardown(test_rearm_moves_timer, reset, drain),
        cmocka_unit_test_setup_teardown(test_stop, reset, drain),
        cmocka_unit_test_setup_teardown(test_equal_expiry_is_fifo, reset, drain),
        cmocka_unit_test_setup_teardown(test_many_timers, reset, drain),
        cmocka_unit_test_setup_teardown(test_self_rearm, reset, drain),
        cmocka_unit_test_setup_teardown(test_callback_stops_other, reset, drain),
        cmocka_unit_test_setup_teardown(test_kill, reset, drain),
        cmocka_unit_test_setup_teardown(test_remote_cpu_is_kicked, reset, drain),
        cmocka_unit_test(test_scale_tsc_to_ns),
        cmocka_unit_test(test_scale_ns_to_tsc),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
