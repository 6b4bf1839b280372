/*
 * Host tests for the scheduler (xen/sched.c, xen/sched_debug.c). A small
 * simulator plays the arch: per CPU it keeps what runs and when its timer
 * fires, calls sched_pick_next on timer expiry and on kicks, and measures
 * CPU time itself, so the shares checked here do not come from the
 * scheduler's own statistics. Time only moves when the simulator says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/param.h>
#include <xen/scheduler.h>
#include "unit_stubs.h"

#define SIM_CPUS 4
#define SIM_ENTS 16
#define HOG ((s_time_t)-1)          /* work_left of an entity that never blocks */

struct sim_ent {
    struct sched_entity se;
    struct sched_domain_params params;
    s_time_t work_left;             /* CPU time until it blocks itself, or HOG */
    s_time_t burst;                 /* periodic: work per period */
    s_time_t period, next_wake;     /* periodic: wake times (period 0: none) */
    s_time_t ran, ran_on[SIM_CPUS]; /* measured by the simulator */
    s_time_t woke_at, max_latency;
    bool waiting;                   /* woken, not yet given a CPU */
    unsigned int missed;            /* periodic: woken while still busy */
    unsigned int pauses;            /* random test: our count of sched_pause */
    bool removing, removed;         /* random test: sched_remove called / done */
};

struct sim_cpu {
    struct sched_entity *curr;
    s_time_t start;                 /* when curr got the CPU */
    s_time_t timer;                 /* absolute, or -1: none */
    struct sched_entity *unsaved;   /* switched away from, context not saved */
};

static struct {
    unsigned int ncpu, nent;
    s_time_t now;
    struct sim_cpu cpu[SIM_CPUS];
    struct sim_ent ent[SIM_ENTS];
    bool kicked[SIM_CPUS];
    unsigned int kicks;
    bool defer_save;                /* random test: leave contexts unsaved */
    unsigned int deferred, busy_removes;    /* random test: coverage */
} sim;

void arch_sched_kick_cpu(unsigned int cpu)
{
    assert_true(cpu < sim.ncpu);
    sim.kicked[cpu] = true;
    sim.kicks++;
}

static struct sim_ent *E(struct sched_entity *se)
{
    return container_of(se, struct sim_ent, se);
}

static void sim_init(unsigned int ncpu)
{
    memset(&sim, 0, sizeof(sim));
    sim.ncpu = ncpu;
    for (unsigned int c = 0; c < ncpu; c++)
        sim.cpu[c].timer = -1;
    assert_int_equal(sched_init(ncpu), 0);
}

static struct sim_ent *sim_new(unsigned int weight, unsigned int cap, u64 aff)
{
    struct sim_ent *e = &sim.ent[sim.nent++];

    assert_true(sim.nent <= SIM_ENTS);
    e->params = (struct sched_domain_params){ weight, cap };
    e->work_left = HOG;
    assert_int_equal(sched_entity_init(&e->se, &e->params, aff), 0);
    e->se.tag = sim.nent - 1;
    return e;
}

static void sim_wake(struct sim_ent *e)
{
    if (e->se.state == SCHED_BLOCKED && !e->waiting) {
        e->waiting = true;
        e->woke_at = sim.now;
    }
    sched_wake(&e->se, sim.now);
}

static void sim_add(struct sim_ent *e)
{
    sim_wake(e);
}

/* Charge the simulator's own clock to what runs on cpu. */
static void sim_charge(unsigned int cpu)
{
    struct sim_cpu *c = &sim.cpu[cpu];
    struct sim_ent *e;
    s_time_t ran = sim.now - c->start;

    c->start = sim.now;
    if (!c->curr)
        return;
    e = E(c->curr);
    e->ran += ran;
    e->ran_on[cpu] += ran;
    if (e->work_left != HOG)
        e->work_left -= ran;
    assert_true(e->work_left == HOG || e->work_left >= 0);
}

/* No entity is current on two CPUs, and the scheduler agrees on where. */
static void sim_check_unique(void)
{
    for (unsigned int a = 0; a < sim.ncpu; a++) {
        struct sched_entity *se = sim.cpu[a].curr;

        if (!se)
            continue;
        assert_int_equal(se->state, SCHED_RUNNING);
        assert_int_equal(se->cpu, a);
        assert_true((se->affinity >> a) & 1);
        for (unsigned int b = a + 1; b < sim.ncpu; b++)
            assert_ptr_not_equal(se, sim.cpu[b].curr);
    }
}

/* The arch's reschedule: account, pick, switch, program the timer. */
static void sim_switch(unsigned int cpu)
{
    struct sim_cpu *c = &sim.cpu[cpu];
    struct sched_entity *prev = c->curr, *next;
    s_time_t slice;

    sim_charge(cpu);
    if (c->unsaved) {               /* contract: saved before the next pick */
        sched_context_saved(c->unsaved);
        c->unsaved = NULL;
    }
    sim.kicked[cpu] = false;
    next = sched_pick_next(cpu, sim.now, &slice);
    if (prev && prev != next) {
        if (sim.defer_save && rand() % 2) {
            c->unsaved = prev;
            sim.deferred++;
        }
        else
            sched_context_saved(prev);
    }
    c->curr = next;
    c->timer = slice == SCHED_NO_TIMER ? -1 : sim.now + slice;
    assert_true(next ? slice > 0 : (slice > 0 || slice == SCHED_NO_TIMER));
    if (next && E(next)->waiting) {
        struct sim_ent *e = E(next);

        e->waiting = false;
        e->max_latency = MAX(e->max_latency, sim.now - e->woke_at);
    }
    sim_check_unique();
}

static void sim_kicks(void)
{
    bool again = true;

    while (again) {
        again = false;
        for (unsigned int c = 0; c < sim.ncpu; c++)
            if (sim.kicked[c]) {
                sim_switch(c);
                again = true;
            }
    }
}

/* When the next thing happens: a timer, a burst ending, a periodic wake. */
static s_time_t sim_next_event(void)
{
    s_time_t t = INT64_MAX;

    for (unsigned int c = 0; c < sim.ncpu; c++) {
        struct sim_cpu *sc = &sim.cpu[c];

        if (sc->timer >= 0)
            t = MIN(t, sc->timer);
        if (sc->curr && E(sc->curr)->work_left != HOG)
            t = MIN(t, sc->start + E(sc->curr)->work_left);
    }
    for (unsigned int i = 0; i < sim.nent; i++)
        if (sim.ent[i].period)
            t = MIN(t, sim.ent[i].next_wake);
    return t;
}

static void sim_fire(void)
{
    for (unsigned int c = 0; c < sim.ncpu; c++) {
        struct sim_cpu *sc = &sim.cpu[c];
        struct sim_ent *e = sc->curr ? E(sc->curr) : NULL;

        if (e && e->work_left != HOG && sc->start + e->work_left <= sim.now) {
            sched_block(&e->se);    /* its burst is done: HLT */
            sim_switch(c);
        } else if (sc->timer >= 0 && sc->timer <= sim.now) {
            sim_switch(c);
        }
    }
    for (unsigned int i = 0; i < sim.nent; i++) {
        struct sim_ent *e = &sim.ent[i];

        if (!e->period || e->next_wake > sim.now)
            continue;
        if (e->se.state != SCHED_BLOCKED)
            e->missed++;            /* last burst not finished: deadline missed */
        e->work_left = e->burst;
        e->next_wake += e->period;
        sim_wake(e);
    }
}

/* Run the simulated machine until absolute time end. */
static void sim_run(s_time_t end)
{
    sim_kicks();
    for (;;) {
        s_time_t t = sim_next_event();

        if (t > end)
            break;
        sim.now = t;
        sim_fire();
        sim_kicks();
        sched_audit();
    }
    sim.now = end;
    for (unsigned int c = 0; c < sim.ncpu; c++)
        sim_charge(c);
}

static void assert_share(s_time_t ran, s_time_t total, double want, double tol)
{
    double share = (double)ran / (double)total;

    if (share < want - tol || share > want + tol)
        fail_msg("share %.4f outside %.4f +- %.4f", share, want, tol);
}

static int setup(void **state)
{
    unit_log_reset();
    assert_int_equal(cmdline_parse("sched_slice_ms=30"), 0);
    return 0;
}

static char dump_buf[4096];

static void dump_print(const char *fmt, ...)
{
    size_t len = strlen(dump_buf);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(dump_buf + len, sizeof(dump_buf) - len, fmt, ap);
    va_end(ap);
}

/* (a) Two equal hogs on one CPU split it 50/50. */
static void test_equal_weights(void **state)
{
    sim_init(1);
    struct sim_ent *a = sim_new(256, 0, 1), *b = sim_new(256, 0, 1);

    sim_add(a);
    sim_add(b);
    sim_run(SECONDS(10));
    assert_share(a->ran, SECONDS(10), 0.5, 0.02);
    assert_share(b->ran, SECONDS(10), 0.5, 0.02);
    assert_int_equal(a->ran + b->ran, SECONDS(10));     /* never idle */
    assert_true(a->se.stats.nr_preempts > 100);
}

/* (b) Weights 256 and 512 get 1:2. */
static void test_weights_1_to_2(void **state)
{
    sim_init(1);
    struct sim_ent *a = sim_new(256, 0, 1), *b = sim_new(512, 0, 1);

    sim_add(a);
    sim_add(b);
    sim_run(SECONDS(10));
    double ratio = (double)b->ran / (double)a->ran;
    if (ratio < 2.0 * 0.97 || ratio > 2.0 * 1.03)
        fail_msg("ratio %.4f, want 2 +- 3%%", ratio);
    /* The scheduler's statistics trail the simulator's clock by < a slice. */
    assert_in_range(a->ran - (s_time_t)a->se.stats.run_ns, 0, sched_slice_ns());
    assert_in_range(b->ran - (s_time_t)b->se.stats.run_ns, 0, sched_slice_ns());
}

/* (c) A hog capped at 25% alone on a CPU: at most 27%, and the CPU idles. */
static void test_cap(void **state)
{
    sim_init(1);
    struct sim_ent *a = sim_new(256, 25, 1);

    sim_add(a);
    sim_run(SECONDS(10));
    assert_share(a->ran, SECONDS(10), 0.25, 0.02);
    assert_true(a->ran <= SECONDS(10) * 27 / 100);
    assert_true(sched_cpu_info(0)->nr_idle >= 30);   /* parked once per period */
}

/*
 * (d) A periodic entity (1 ms every 10 ms) beside a hog keeps every
 * deadline and gets the CPU within SCHED_MIN_GRAN_NS of each wake-up.
 */
static void test_periodic_beside_hog(void **state)
{
    sim_init(1);
    struct sim_ent *hog = sim_new(256, 0, 1), *p = sim_new(256, 0, 1);

    p->burst = MILLISECS(1);
    p->period = MILLISECS(10);
    p->next_wake = MICROSECS(2500);    /* out of phase with the slices */
    sim_add(hog);
    sim_run(SECONDS(10));
    assert_int_equal(p->missed, 0);
    assert_true(p->max_latency <= SCHED_MIN_GRAN_NS);
    assert_true(p->se.stats.nr_runs >= 999);
    assert_share(p->ran, SECONDS(10), 0.10, 0.002);
    assert_share(hog->ran, SECONDS(10), 0.90, 0.002);
}

/*
 * (d) The bound is tight: a wake-up just after the hog was switched in
 * waits for the hog's minimum granularity, and no longer.
 */
static void test_wake_waits_min_gran(void **state)
{
    sim_init(1);
    struct sim_ent *hog = sim_new(256, 0, 1), *p = sim_new(256, 0, 1);

    sim_add(hog);
    sim_run(MILLISECS(100));
    sim_add(p);     /* p waits in a queue while hog runs */
    sim.now = MILLISECS(100) + MICROSECS(200);
    sim_run(sim.now);
    /* The hog ran 100 ms, p's vruntime is floored at min - slice/2. */
    assert_true(p->se.vruntime < hog->se.vruntime);
    assert_ptr_equal(sim.cpu[0].curr, &p->se);
    /* Now hog again runs; wake p 0.2 ms after hog got the CPU back. */
    p->work_left = MICROSECS(100);
    sim_run(sim.now + MICROSECS(100));
    assert_ptr_equal(sim.cpu[0].curr, &hog->se);
    s_time_t hog_start = sim.now;
    sim.now += MICROSECS(200);
    p->work_left = MILLISECS(1);
    sim_wake(p);
    assert_true(sim.kicks > 0 && sim.kicked[0]);
    sim_run(sim.now + MICROSECS(900));
    assert_int_equal(p->max_latency, hog_start + SCHED_MIN_GRAN_NS - p->woke_at);
    assert_ptr_equal(sim.cpu[0].curr, &p->se);
}

/*
 * A long sleeper gets a head start of half a slice, not its whole sleep:
 * woken after 1 s beside a hog, it shares the CPU at once instead of
 * running alone until its vruntime catches up.
 */
static void test_sleeper_does_not_starve(void **state)
{
    sim_init(1);
    struct sim_ent *a = sim_new(256, 0, 1), *b = sim_new(256, 0, 1);

    sim_add(a);
    sim_run(SECONDS(1));
    s_time_t a_before = a->ran;
    sim_add(b);
    assert_true(b->se.vruntime >= a->se.vruntime - sched_slice_ns() / 2);
    sim_run(SECONDS(1) + MILLISECS(300));
    assert_share(a->ran - a_before, MILLISECS(300), 0.5, 0.06);
    assert_share(b->ran, MILLISECS(300), 0.5, 0.06);
}

/* (e) An entity pinned to CPU 1 never runs on CPU 0. */
static void test_affinity_pinned(void **state)
{
    sim_init(2);
    struct sim_ent *pin = sim_new(256, 0, 1ULL << 1);

    for (int i = 0; i < 3; i++)
        sim_add(sim_new(256, 0, SCHED_AFFINITY_ALL));
    sim_add(pin);
    sim_run(SECONDS(2));
    assert_int_equal(pin->ran_on[0], 0);
    assert_true(pin->ran_on[1] > MILLISECS(500));
    assert_int_equal(pin->se.cpu, 1);
    /* Out of range CPUs and empty masks are refused. */
    struct sched_entity bad;
    struct sched_domain_params prm = { 256, 0 };
    assert_int_equal(sched_entity_init(&bad, &prm, 1ULL << 5), -EINVAL);
    prm.weight = 0;
    assert_int_equal(sched_entity_init(&bad, &prm, 1), -EINVAL);
}

/* (e) Wake-up placement spreads four hogs 2 + 2 over two CPUs, for good. */
static void test_spread(void **state)
{
    struct sim_ent *h[4];
    unsigned int per_cpu[2] = { 0, 0 };

    sim_init(2);
    for (int i = 0; i < 4; i++)
        sim_add(h[i] = sim_new(256, 0, SCHED_AFFINITY_ALL));
    sim_run(SECONDS(4));
    for (int i = 0; i < 4; i++) {
        unsigned int cpu = h[i]->ran_on[0] ? 0 : 1;

        assert_int_equal(h[i]->ran_on[!cpu], 0);    /* stayed where placed */
        assert_int_equal(h[i]->se.stats.nr_migrations, 0);
        assert_share(h[i]->ran, SECONDS(4), 0.5, 0.02);
        per_cpu[cpu]++;
    }
    assert_int_equal(per_cpu[0], 2);
    assert_int_equal(per_cpu[1], 2);
}

/* An idle CPU steals a queued (not running) entity from a busy one. */
static void test_idle_steal(void **state)
{
    sim_init(2);
    struct sim_ent *a = sim_new(256, 0, SCHED_AFFINITY_ALL);
    struct sim_ent *b = sim_new(256, 0, SCHED_AFFINITY_ALL);
    struct sim_ent *c = sim_new(256, 0, SCHED_AFFINITY_ALL);

    sim_add(a);
    sim_add(b);
    sim_add(c);     /* tie 1:1, its previous (initial) CPU 0 wins */
    sim_run(0);
    assert_int_equal(sched_cpu_info(0)->nr_queued, 1);
    assert_ptr_equal(sim.cpu[1].curr, &b->se);
    sched_block(&b->se);
    sim_switch(1);
    struct sched_entity *moved = sim.cpu[1].curr;
    assert_true(moved == &a->se || moved == &c->se);
    assert_int_equal(moved->stats.nr_migrations, 1);
    assert_int_equal(sched_cpu_info(0)->nr_queued, 0);
}

/*
 * An entity whose state is still loaded on CPU 0 (context not yet saved)
 * is woken onto CPU 0 even though CPU 1 is idle, and CPU 1 cannot steal
 * it until sched_context_saved.
 */
static void test_unsaved_context_stays(void **state)
{
    sim_init(2);
    struct sim_ent *a = sim_new(256, 0, SCHED_AFFINITY_ALL);
    struct sim_ent *x = sim_new(256, 0, 1);
    struct sched_entity *next;
    s_time_t slice;

    sim_add(a);
    sim_add(x);
    sim_run(0);
    assert_ptr_equal(sim.cpu[0].curr, &a->se);
    sched_block(&a->se);
    next = sched_pick_next(0, 0, &slice);     /* switch to x, a not saved */
    assert_ptr_equal(next, &x->se);
    assert_true(sched_entity_is_on_cpu(&a->se));
    sched_wake(&a->se, 0);
    assert_int_equal(a->se.cpu, 0);
    assert_int_equal(a->se.state, SCHED_RUNNABLE);
    assert_null(sched_pick_next(1, 0, &slice));
    assert_int_equal(slice, SCHED_NO_TIMER);
    sched_context_saved(&a->se);
    assert_ptr_equal(sched_pick_next(1, 0, &slice), &a->se);
    assert_int_equal(a->se.cpu, 1);
    sched_audit();
}

/* (g) Removing blocked, runnable and running entities. */
static void test_remove(void **state)
{
    sim_init(1);
    struct sim_ent *blk = sim_new(256, 0, 1), *q = sim_new(256, 0, 1);
    struct sim_ent *run = sim_new(256, 0, 1);

    assert_int_equal(sched_remove(&blk->se), 0);        /* never added */
    assert_int_equal(blk->se.state, SCHED_DEAD);
    sim_add(blk);                                       /* no effect now */
    assert_int_equal(blk->se.state, SCHED_DEAD);
    sim_add(run);
    sim_add(q);
    sim_run(MILLISECS(5));
    assert_ptr_equal(sim.cpu[0].curr, &run->se);
    assert_int_equal(sched_remove(&q->se), 0);          /* was queued */
    assert_int_equal(sched_cpu_info(0)->nr_queued, 0);
    sim.kicks = 0;
    assert_int_equal(sched_remove(&run->se), -EBUSY);   /* is running */
    assert_int_equal(sim.kicks, 1);
    sim_kicks();                                        /* its CPU re-picks */
    assert_null(sim.cpu[0].curr);
    assert_int_equal(sched_remove(&run->se), 0);        /* context saved */
    assert_int_equal(run->se.state, SCHED_DEAD);
    sim_wake(run);
    sim_run(SECONDS(1));
    assert_int_equal(run->ran, MILLISECS(5));
    assert_int_equal(q->ran, 0);
}

/* (h) Yield with one runnable entity returns it; with two, the other. */
static void test_yield(void **state)
{
    sim_init(1);
    struct sim_ent *a = sim_new(256, 0, 1), *b = sim_new(256, 0, 1);

    sim_add(a);
    sim_run(MILLISECS(3));
    u64 runs = a->se.stats.nr_runs;
    sched_yield_cpu(0);
    assert_true(sched_tick(0, sim.now));
    sim_switch(0);
    assert_ptr_equal(sim.cpu[0].curr, &a->se);
    assert_int_equal(a->se.stats.nr_runs, runs);        /* not a new run */
    sim_add(b);
    sim_run(sim.now + MILLISECS(5));
    struct sched_entity *before = sim.cpu[0].curr;
    assert_non_null(before);
    sched_yield_cpu(0);
    sim_switch(0);
    assert_non_null(sim.cpu[0].curr);
    assert_ptr_not_equal(sim.cpu[0].curr, before);
    /* A yield inside the minimum granularity still gives the CPU away. */
    sim.now += MICROSECS(100);
    sched_yield_cpu(0);
    sim_switch(0);
    assert_ptr_equal(sim.cpu[0].curr, before);
}

/* Pause stops a running entity at its CPU's next pick; unpause resumes. */
static void test_pause(void **state)
{
    sim_init(1);
    struct sim_ent *a = sim_new(256, 0, 1);

    sim_add(a);
    sim_run(MILLISECS(10));
    sched_pause(&a->se);
    sched_pause(&a->se);
    sim_run(SECONDS(1));
    assert_int_equal(a->ran, MILLISECS(10));
    assert_int_equal(a->se.state, SCHED_PAUSED);
    sched_unpause(&a->se, sim.now);
    assert_int_equal(a->se.state, SCHED_PAUSED);        /* still one pause */
    sched_unpause(&a->se, sim.now);
    sim_run(sim.now + MILLISECS(10));
    assert_int_equal(a->ran, MILLISECS(20));
}

/* The slice option is honoured and out-of-range values are refused. */
static void test_slice_param(void **state)
{
    assert_int_equal(cmdline_parse("sched_slice_ms=10"), 0);
    sim_init(1);
    assert_int_equal(sched_slice_ns(), MILLISECS(10));
    assert_int_equal(sched_period_ns(), MILLISECS(100));
    assert_int_equal(cmdline_parse("sched_slice_ms=0"), 0);
    sim_init(1);
    assert_true(unit_log_contains("sched_slice_ms=0 out of range"));
    assert_int_equal(sched_slice_ns(), MILLISECS(30));
}

static void test_dump(void **state)
{
    sim_init(2);
    struct sim_ent *a = sim_new(512, 50, 1);

    sim_add(a);
    sim_run(MILLISECS(31));     /* accounted at the 30 ms re-pick */
    dump_buf[0] = '\0';
    sched_dump(dump_print);
    assert_non_null(strstr(dump_buf, "CPU0: busy queued 0"));
    assert_non_null(strstr(dump_buf, "CPU1: idle"));
    assert_non_null(strstr(dump_buf, "tag 0 running w512 cap50% vrt 15000000 ran 30000000 ns"));
}


/* ---- (f) randomized: never on two CPUs, nothing lost ------------------ */

static void random_remove_pending(void)
{
    for (unsigned int i = 0; i < sim.nent; i++) {
        struct sim_ent *e = &sim.ent[i];

        if (!e->removing || e->removed)
            continue;
        if (sched_remove(&e->se) == 0)
            e->removed = true;
        else
            sim.busy_removes++;
    }
}

static unsigned int random_removals(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < sim.nent; i++)
        n += sim.ent[i].removing;
    return n;
}

/* One random event; timers and kicks are then handled as the arch would. */
static void random_step(void)
{
    unsigned int op = (unsigned int)rand() % 16, c = (unsigned int)rand() % sim.ncpu;
    struct sim_ent *e = &sim.ent[(unsigned int)rand() % sim.nent];
    struct sched_entity *curr = sim.cpu[c].curr;

    if (op < 6) {
        sim_run(sim.now + rand() % MILLISECS(5));
    } else if (op < 8 && curr) {
        sched_block(curr);
        sim_switch(c);
    } else if (op < 10) {
        sim_wake(e);
    } else if (op == 10 && curr) {
        sched_yield_cpu(c);
        sim_switch(c);
    } else if (op == 11 && e->pauses < 3) {
        e->pauses++;
        sched_pause(&e->se);
    } else if (op == 12 && e->pauses) {
        e->pauses--;
        sched_unpause(&e->se, sim.now);
    } else if (op == 13 && rand() % 8 == 0 && random_removals() < 4) {
        e->removing = true;     /* keep most alive so the storm goes on */
    } else if (op == 14) {
        sim_switch(c);                      /* a spurious re-pick */
    } else if (op == 15) {
        e->params.weight = 64u << (rand() % 5);
    }
    random_remove_pending();
    sim_kicks();
}

/* After the kicks: nobody paused, blocked or removed is still running. */
static void random_check(void)
{
    sched_audit();
    sim_check_unique();
    for (unsigned int c = 0; c < sim.ncpu; c++) {
        struct sched_entity *se = sim.cpu[c].curr;

        if (se)
            assert_true(!E(se)->pauses && !E(se)->removing && !se->blocked);
    }
    for (unsigned int i = 0; i < sim.nent; i++)
        if (sim.ent[i].removed)
            assert_true(sim.ent[i].se.state == SCHED_DEAD && !sim.ent[i].se.on_cpu);
}

/* How often the storm reached the interesting paths, over all seeds. */
static struct {
    u64 migrations;
    unsigned int deferred, busy_removes;
} cov;

static void random_run(unsigned int seed)
{
    s_time_t before[SIM_ENTS];

    srand(seed);
    sim_init(SIM_CPUS);
    sim.defer_save = true;
    for (unsigned int i = 0; i < SIM_ENTS; i++) {
        u64 aff = (u64)rand() % 15 + 1;     /* a non-empty subset of 4 CPUs */

        sim_add(sim_new(64u << (rand() % 5), rand() % 4 ? 0 : 30, aff));
    }
    for (unsigned int step = 0; step < 5000; step++) {
        random_step();
        random_check();
    }
    /* Liveness: once all are awake and unpaused, every survivor runs. */
    for (unsigned int i = 0; i < sim.nent; i++) {
        struct sim_ent *e = &sim.ent[i];

        while (e->pauses) {
            e->pauses--;
            sched_unpause(&e->se, sim.now);
        }
        sim_wake(e);
        before[i] = e->ran;
    }
    sim_run(sim.now + SECONDS(2));
    for (unsigned int i = 0; i < sim.nent; i++)
        cov.migrations += sim.ent[i].se.stats.nr_migrations;
    cov.deferred += sim.deferred;
    cov.busy_removes += sim.busy_removes;
    for (unsigned int i = 0; i < sim.nent; i++)
        if (!sim.ent[i].removing && sim.ent[i].ran == before[i])
            fail_msg("seed %u: entity %u never ran again", seed, i);
}

static void test_random_never_twice(void **state)
{
    memset(&cov, 0, sizeof(cov));
    for (unsigned int seed = 1; seed <= 4; seed++)
        random_run(seed);
    assert_true(cov.migrations > 40 && cov.deferred > 400 && cov.busy_removes > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_equal_weights, setup),
        cmocka_unit_test_setup(test_weights_1_to_2, setup),
        cmocka_unit_test_setup(test_cap, setup),
        cmocka_unit_test_setup(test_periodic_beside_hog, setup),
        cmocka_unit_test_setup(test_wake_waits_min_gran, setup),
        cmocka_unit_test_setup(test_sleeper_does_not_starve, setup),
        cmocka_unit_test_setup(test_affinity_pinned, setup),
        cmocka_unit_test_setup(test_spread, setup),
        cmocka_unit_test_setup(test_idle_steal, setup),
        cmocka_unit_test_setup(test_unsaved_context_stays, setup),
        cmocka_unit_test_setup(test_remove, setup),
        cmocka_unit_test_setup(test_yield, setup),
        cmocka_unit_test_setup(test_pause, setup),
        cmocka_unit_test_setup(test_slice_param, setup),
        cmocka_unit_test_setup(test_dump, setup),
        cmocka_unit_test_setup(test_random_never_twice, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
