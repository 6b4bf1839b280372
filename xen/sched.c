/*
 * Scheduler core: per-CPU run queues, virtual-runtime fair share with
 * weights and caps, wake-up placement and idle stealing. Policy, locking
 * rules and invariants are described in include/xen/scheduler.h; the
 * debug dump and the invariant audit are in xen/sched_debug.c.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/scheduler.h>

#include "sched_private.h"

/* "sched_slice_ms=N": checked and converted to ns once, in sched_init. */
static unsigned int sched_slice_ms = SCHED_DEFAULT_SLICE_MS;
integer_param("sched_slice_ms", sched_slice_ms);

/*
 * A static array rather than a field of struct percpu: the scheduler must
 * build in host tests, and 64 queues cost a few KiB. Written by sched_init
 * only before other CPUs run; afterwards each entry is under its lock.
 */
struct sched_cpu sched_cpus[SCHED_MAX_CPUS];
unsigned int sched_nr_cpus;
static s_time_t sched_slice = MILLISECS(SCHED_DEFAULT_SLICE_MS);

/* ---- run-queue list and locks ------------------------------------------ */

/*
 * Append at the tail: arrival order breaks vruntime ties and lets the
 * stealer take the longest waiter. nr_queued is written with WRITE_ONCE
 * because other CPUs read it unlocked as a load hint.
 */
static void runq_add(struct sched_cpu *sc, struct sched_entity *e)
{
    struct sched_link *head = &sc->runq;

    e->link.prev = head->prev;
    e->link.next = head;
    head->prev->next = &e->link;
    head->prev = &e->link;
    WRITE_ONCE(sc->nr_queued, sc->nr_queued + 1);
}

/* Links are cleared so sched_audit can tell a queued entity from others. */
static void runq_del(struct sched_cpu *sc, struct sched_entity *e)
{
    ASSERT(e->state == SCHED_RUNNABLE && sc->nr_queued > 0);
    e->link.prev->next = e->link.next;
    e->link.next->prev = e->link.prev;
    e->link.prev = e->link.next = NULL;
    WRITE_ONCE(sc->nr_queued, sc->nr_queued - 1);
}

/*
 * Lock the run queue e->cpu names; retry if e moved while we waited. Once
 * the lock is held e->cpu cannot change (a move needs this lock too).
 */
static unsigned int sched_lock_entity(struct sched_entity *e)
{
    for (;;) {
        unsigned int cpu = READ_ONCE(e->cpu);

        spin_lock(&sched_cpus[cpu].lock);
        if (likely(READ_ONCE(e->cpu) == cpu))
            return cpu;
        spin_unlock(&sched_cpus[cpu].lock);
    }
}

/* Two run-queue locks, in ascending CPU order (the documented lock order). */
void sched_lock_pair(unsigned int a, unsigned int b)
{
    spin_lock(&sched_cpus[MIN(a, b)].lock);
    if (a != b)
        spin_lock(&sched_cpus[MAX(a, b)].lock);
}

void sched_unlock_pair(unsigned int a, unsigned int b)
{
    if (a != b)
        spin_unlock(&sched_cpus[MAX(a, b)].lock);
    spin_unlock(&sched_cpus[MIN(a, b)].lock);
}

/* ---- accounting ---------------------------------------------------------- */

s_time_t sched_slice_ns(void)
{
    return sched_slice;
}

s_time_t sched_period_ns(void)
{
    return sched_slice * SCHED_PERIOD_SLICES;
}

/*
 * Weight and cap are read from the domain's shared params at every use so
 * that a change applies to all its entities at their next accounting.
 */
static unsigned int sched_weight(const struct sched_entity *e)
{
    unsigned int w = READ_ONCE(e->params->weight);

    return w ? w : 1;
}

/* Budget per period in ns, or -1 for an uncapped entity. */
static s_time_t sched_budget(const struct sched_entity *e)
{
    unsigned int cap = READ_ONCE(e->params->cap_percent);

    if (cap == 0 || cap >= 100)
        return -1;
    return sched_period_ns() * cap / 100;
}

static s_time_t sched_vdelta(const struct sched_entity *e, s_time_t ns)
{
    return ns * SCHED_DEFAULT_WEIGHT / sched_weight(e);
}

/* Charge the running entity of sc for the time since sc->acct_from. */
static void sched_account(struct sched_cpu *sc, s_time_t now)
{
    struct sched_entity *e = sc->curr;
    s_time_t ran = now - sc->acct_from;

    if (ran <= 0)           /* time never runs backwards, but be safe */
        return;
    e->stats.run_ns += ran;
    e->vruntime += sched_vdelta(e, ran);
    e->period_used += ran;
    sc->acct_from = now;
}

/* vruntime of the running entity as if accounted up to now (no update). */
static s_time_t sched_live_vruntime(const struct sched_cpu *sc, s_time_t now)
{
    s_time_t ran = now > sc->acct_from ? now - sc->acct_from : 0;

    return sc->curr->vruntime + sched_vdelta(sc->curr, ran);
}

/*
 * Start a new cap period lazily when the old one is over: only the
 * entity's own history matters, so no global timer is needed.
 */
static void sched_refresh_period(struct sched_entity *e, s_time_t now)
{
    if (now - e->period_start >= sched_period_ns()) {
        e->period_start = now;
        e->period_used = 0;
    }
}

/* Not parked by its cap. */
static bool sched_eligible(struct sched_entity *e, s_time_t now)
{
    s_time_t budget = sched_budget(e);

    /* A parked entity becomes eligible here, when its period rolls over. */
    sched_refresh_period(e, now);
    return budget < 0 || e->period_used < budget;
}

/* How long e may run from now: one slice, cut to its remaining budget. */
static s_time_t sched_slice_for(struct sched_entity *e)
{
    s_time_t budget = sched_budget(e);

    if (budget < 0)
        return sched_slice;
    return MIN(sched_slice, budget - e->period_used);
}

/* ---- state --------------------------------------------------------------- */

/* What an entity that is not running should be, given its flags. */
static enum sched_state sched_rest_state(const struct sched_entity *e)
{
    if (e->dead)
        return SCHED_DEAD;
    if (e->pause_count)
        return SCHED_PAUSED;
    if (e->blocked)
        return SCHED_BLOCKED;
    return SCHED_RUNNABLE;
}

/* Off every queue and CPU, but its flags now say it should be queued. */
static bool sched_needs_queue(const struct sched_entity *e)
{
    return (e->state == SCHED_BLOCKED || e->state == SCHED_PAUSED) &&
           sched_rest_state(e) == SCHED_RUNNABLE;
}

/*
 * Queue lengths are kept per CPU, so min_vruntime differs between queues;
 * moving keeps the entity's distance from its queue's floor. A move counts
 * as a migration once the entity has run or queued somewhere (the first
 * placement after sched_add does not).
 */
static void sched_move(struct sched_entity *e, unsigned int to, bool migration)
{
    s_time_t rel = e->vruntime - sched_cpus[e->cpu].min_vruntime;

    e->vruntime = sched_cpus[to].min_vruntime + rel;
    WRITE_ONCE(e->cpu, to);
    if (migration)
        e->stats.nr_migrations++;
}

/*
 * Queue a woken entity on sc (locked). Its vruntime is lifted to the floor
 * min_vruntime - slice/2: a long sleeper gets a head start of half a slice
 * but cannot bank its sleep. Returns true if sc's CPU must re-pick: it is
 * idle, or the newcomer is ahead of what runs there.
 */
static bool sched_enqueue_woken(struct sched_cpu *sc, struct sched_entity *e,
                                s_time_t now)
{
    e->vruntime = MAX(e->vruntime, sc->min_vruntime - sched_slice / 2);
    e->state = SCHED_RUNNABLE;
    runq_add(sc, e);
    if (sc->curr && e->vruntime >= sched_live_vruntime(sc, now))
        return false;
    sc->need_resched = true;
    return true;
}

/* ---- wake-up placement --------------------------------------------------- */

static bool sched_allowed(const struct sched_entity *e, unsigned int cpu)
{
    return cpu < sched_nr_cpus && (e->affinity >> cpu) & 1;
}

/* Queued plus running: a racy read, good enough as a placement hint. */
static unsigned int sched_load(unsigned int cpu)
{
    const struct sched_cpu *sc = &sched_cpus[cpu];

    return READ_ONCE(sc->nr_queued) + (READ_ONCE(sc->curr) != NULL);
}

/* Least loaded allowed CPU; the previous one wins ties (its cache is warm). */
static unsigned int sched_choose_cpu(const struct sched_entity *e)
{
    unsigned int best = e->cpu, cpu;

    for (cpu = 0; cpu < sched_nr_cpus; cpu++) {
        if (!sched_allowed(e, cpu))
            continue;
        if (!sched_allowed(e, best) || sched_load(cpu) < sched_load(best))
            best = cpu;
    }
    return best;
}

/* Queue e on target (both locks held); returns the CPU to kick or -1. */
static int sched_place_locked(struct sched_entity *e, unsigned int target,
                              s_time_t now)
{
    if (e->cpu != target)
        sched_move(e, target, e->stats.nr_runs > 0);
    return sched_enqueue_woken(&sched_cpus[target], e, now) ? (int)target : -1;
}

/*
 * Queue e if its flags say it should run and it is on no queue. The
 * target's lock can only be taken in CPU order, so the old lock is
 * dropped and everything re-checked under both; a lost race just retries.
 */
static void sched_place(struct sched_entity *e, s_time_t now)
{
    int kick = -1;
    bool done = false;

    while (!done) {
        unsigned int old = sched_lock_entity(e);
        unsigned int target;

        if (!sched_needs_queue(e)) {
            spin_unlock(&sched_cpus[old].lock);
            return;
        }
        /* State still loaded on old: it may run nowhere else yet. */
        target = e->on_cpu ? old : sched_choose_cpu(e);
        if (target == old) {
            kick = sched_place_locked(e, old, now);
            spin_unlock(&sched_cpus[old].lock);
            break;
        }
        spin_unlock(&sched_cpus[old].lock);
        sched_lock_pair(old, target);
        done = e->cpu == old && sched_needs_queue(e) && !e->on_cpu;
        if (done)
            kick = sched_place_locked(e, target, now);
        sched_unlock_pair(old, target);
    }
    if (kick >= 0)
        arch_sched_kick_cpu(kick);
}

/* ---- entry points: lifecycle --------------------------------------------- */

int sched_init(unsigned int nr_cpus)
{
    unsigned int cpu;

    if (nr_cpus == 0 || nr_cpus > SCHED_MAX_CPUS)
        return -EINVAL;
    if (sched_slice_ms == 0 || sched_slice_ms > 1000) {
        printk(XENLOG_WARNING "sched: sched_slice_ms=%u out of range 1..1000, using %u\n",
               sched_slice_ms, SCHED_DEFAULT_SLICE_MS);
        sched_slice_ms = SCHED_DEFAULT_SLICE_MS;
    }
    sched_slice = MILLISECS(sched_slice_ms);
    sched_nr_cpus = nr_cpus;
    for (cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        struct sched_cpu *sc = &sched_cpus[cpu];

        *sc = (struct sched_cpu){ .lock = SPIN_LOCK_UNLOCKED };
        sc->runq.next = sc->runq.prev = &sc->runq;
    }
    return 0;
}

int sched_entity_init(struct sched_entity *e, const struct sched_domain_params *params,
                      u64 affinity)
{
    u64 valid = sched_nr_cpus >= 64 ? ~0ULL : (1ULL << sched_nr_cpus) - 1;

    if (!params || params->weight == 0 || params->weight > SCHED_MAX_WEIGHT)
        return -EINVAL;
    if (!(affinity & valid))
        return -EINVAL;
    *e = (struct sched_entity){
        .params = params,
        .affinity = affinity & valid,
        .cpu = (unsigned int)__builtin_ctzll(affinity & valid),
        .state = SCHED_BLOCKED,
        .blocked = true,
    };
    return 0;
}

void sched_add(struct sched_entity *e, s_time_t now)
{
    sched_wake(e, now);
}

/*
 * Non-blocking so that it can be called from any context (and in host
 * tests, where no other CPU would ever finish the job): a running entity
 * is only marked, and its own CPU retires it at its next pick.
 */
int sched_remove(struct sched_entity *e)
{
    unsigned int cpu = sched_lock_entity(e);
    struct sched_cpu *sc = &sched_cpus[cpu];
    bool busy;

    e->dead = true;
    if (e->state == SCHED_RUNNABLE)
        runq_del(sc, e);
    if (e->state == SCHED_RUNNING)
        sc->need_resched = true;    /* stops at its CPU's next pick */
    else
        e->state = SCHED_DEAD;
    busy = e->state == SCHED_RUNNING || e->on_cpu;
    spin_unlock(&sc->lock);
    if (busy)
        arch_sched_kick_cpu(cpu);
    return busy ? -EBUSY : 0;
}

/* ---- entry points: state changes ----------------------------------------- */

/*
 * Clearing blocked under the lock is what makes a wake racing with
 * sched_block safe: if the entity is still RUNNING, its next pick sees it
 * runnable and keeps or requeues it; otherwise sched_place queues it.
 */
void sched_wake(struct sched_entity *e, s_time_t now)
{
    unsigned int cpu = sched_lock_entity(e);

    e->blocked = false;
    spin_unlock(&sched_cpus[cpu].lock);
    sched_place(e, now);
}

void sched_block(struct sched_entity *e)
{
    unsigned int cpu = sched_lock_entity(e);
    struct sched_cpu *sc = &sched_cpus[cpu];

    /* Only the running entity blocks itself. */
    ASSERT(e->state == SCHED_RUNNING && sc->curr == e);
    e->blocked = true;
    sc->need_resched = true;
    spin_unlock(&sc->lock);
}

void sched_yield_cpu(unsigned int cpu)
{
    struct sched_cpu *sc;

    ASSERT(cpu < sched_nr_cpus);
    sc = &sched_cpus[cpu];
    spin_lock(&sc->lock);
    if (sc->curr) {
        sc->yield = true;
        sc->need_resched = true;
    }
    spin_unlock(&sc->lock);
}

/*
 * The pause count nests (a domain pause and a debugger pause may overlap).
 * A running entity is not stopped here: only its own CPU can switch it
 * out, so it is told to re-pick, and sched_put_prev parks it.
 */
void sched_pause(struct sched_entity *e)
{
    unsigned int cpu = sched_lock_entity(e);
    struct sched_cpu *sc = &sched_cpus[cpu];
    bool kick = false;

    e->pause_count++;
    if (e->state == SCHED_RUNNABLE) {
        runq_del(sc, e);
        e->state = SCHED_PAUSED;
    } else if (e->state == SCHED_RUNNING) {
        sc->need_resched = kick = true;
    } else if (e->state == SCHED_BLOCKED) {
        e->state = SCHED_PAUSED;
    }
    spin_unlock(&sc->lock);
    if (kick)
        arch_sched_kick_cpu(cpu);
}

void sched_unpause(struct sched_entity *e, s_time_t now)
{
    unsigned int cpu = sched_lock_entity(e);

    ASSERT(e->pause_count > 0);
    e->pause_count--;
    /* Still blocked: show that instead of PAUSED; runnable: sched_place. */
    if (e->state == SCHED_PAUSED && sched_rest_state(e) == SCHED_BLOCKED)
        e->state = SCHED_BLOCKED;
    spin_unlock(&sched_cpus[cpu].lock);
    sched_place(e, now);
}

/*
 * Until this call prev may be queued only on the CPU that holds its state
 * (sched_place keeps it there, stealing skips it): this, and RUNNING iff
 * ->curr, is what keeps an entity from running on two CPUs at once.
 */
void sched_context_saved(struct sched_entity *prev)
{
    unsigned int cpu = sched_lock_entity(prev);

    ASSERT(prev->on_cpu && sched_cpus[cpu].curr != prev);
    prev->on_cpu = false;
    spin_unlock(&sched_cpus[cpu].lock);
}

bool sched_entity_is_on_cpu(struct sched_entity *e)
{
    unsigned int cpu = sched_lock_entity(e);
    bool on = e->on_cpu;

    spin_unlock(&sched_cpus[cpu].lock);
    return on;
}

bool sched_tick(unsigned int cpu, s_time_t now)
{
    struct sched_cpu *sc;
    bool due;

    ASSERT(cpu < sched_nr_cpus);
    sc = &sched_cpus[cpu];
    spin_lock(&sc->lock);
    due = sc->need_resched || now >= sc->slice_end;
    spin_unlock(&sc->lock);
    return due;
}

const struct sched_cpu *sched_cpu_info(unsigned int cpu)
{
    return cpu < sched_nr_cpus ? &sched_cpus[cpu] : NULL;
}

static bool sched_steal(unsigned int cpu, s_time_t now);

/* ---- picking ------------------------------------------------------------- */

/*
 * Take the running entity off sc (locked), charging it up to now. Returns
 * it if it keeps the CPU: still runnable, not yielding, within its budget
 * and switched in less than SCHED_MIN_GRAN_NS ago (anti-thrashing).
 * Otherwise it is queued (if runnable) or left off all queues.
 */
static struct sched_entity *sched_put_prev(struct sched_cpu *sc, s_time_t now)
{
    struct sched_entity *prev = sc->curr;
    enum sched_state rest;

    if (!prev)
        return NULL;
    sched_account(sc, now);
    sc->curr = NULL;
    rest = sched_rest_state(prev);
    if (rest != SCHED_RUNNABLE) {
        prev->state = rest;     /* blocked, paused or dead: off all queues */
        return NULL;
    }
    if (!sc->yield && now - prev->stats.last_start < SCHED_MIN_GRAN_NS &&
        sched_eligible(prev, now))
        return prev;
    prev->state = SCHED_RUNNABLE;
    runq_add(sc, prev);
    return NULL;
}

/*
 * The eligible queued entity with the lowest vruntime. A yielding entity
 * (skip) is taken only if nothing else is eligible.
 */
static struct sched_entity *sched_choose(struct sched_cpu *sc, s_time_t now,
                                         const struct sched_entity *skip)
{
    struct sched_entity *best = NULL, *e;
    struct sched_link *l;
    bool skip_ok = false;

    for (l = sc->runq.next; l != &sc->runq; l = l->next) {
        e = container_of(l, struct sched_entity, link);
        if (!sched_eligible(e, now))
            continue;
        if (e == skip) {
            skip_ok = true;
            continue;
        }
        if (!best || e->vruntime < best->vruntime)
            best = e;
    }
    if (!best && skip_ok)
        return (struct sched_entity *)skip;
    return best;
}

/* Idle: time until the first parked entity's period ends, if any. */
static s_time_t sched_idle_timeout(struct sched_cpu *sc, s_time_t now)
{
    s_time_t wait = SCHED_NO_TIMER;
    struct sched_link *l;

    for (l = sc->runq.next; l != &sc->runq; l = l->next) {
        struct sched_entity *e = container_of(l, struct sched_entity, link);
        s_time_t left = e->period_start + sched_period_ns() - now;

        left = MAX(left, (s_time_t)1);
        if (wait == SCHED_NO_TIMER || left < wait)
            wait = left;
    }
    return wait;
}

/*
 * min_vruntime only moves forward, to the lowest vruntime on this CPU
 * (vruntimes may be negative after a move between queues).
 */
static void sched_update_min(struct sched_cpu *sc)
{
    s_time_t min = INT64_MAX;
    struct sched_link *l;

    if (sc->curr)
        min = sc->curr->vruntime;
    for (l = sc->runq.next; l != &sc->runq; l = l->next)
        min = MIN(min, container_of(l, struct sched_entity, link)->vruntime);
    if (min != INT64_MAX && min > sc->min_vruntime)
        sc->min_vruntime = min;
}

/* Make next (or nobody) current on sc (locked); returns its slice. */
static s_time_t sched_start(struct sched_cpu *sc, unsigned int cpu,
                            struct sched_entity *next,
                            struct sched_entity *prev, s_time_t now)
{
    s_time_t slice;

    /* Whatever asked for this pick (even during the steal) is now seen. */
    sc->need_resched = false;
    if (prev && prev != next && prev->state == SCHED_RUNNABLE)
        prev->stats.nr_preempts++;
    if (!next) {
        sc->nr_idle++;
        slice = sched_idle_timeout(sc, now);
        sc->slice_end = slice == SCHED_NO_TIMER ? INT64_MAX : now + slice;
        return slice;
    }
    if (next->state == SCHED_RUNNABLE)
        runq_del(sc, next);
    ASSERT(next->cpu == cpu && sched_allowed(next, cpu));
    ASSERT(!next->on_cpu || next == prev);
    if (next != prev) {
        next->stats.nr_runs++;
        next->stats.last_start = now;
    }
    next->state = SCHED_RUNNING;
    next->on_cpu = true;
    sc->curr = next;
    sc->acct_from = now;
    slice = sched_slice_for(next);
    /* Kept for its minimum granularity: re-pick as soon as that is over. */
    if (next == prev && now - next->stats.last_start < SCHED_MIN_GRAN_NS)
        slice = MIN(slice, SCHED_MIN_GRAN_NS - (now - next->stats.last_start));
    sc->slice_end = now + slice;
    sched_update_min(sc);
    return slice;
}

struct sched_entity *sched_pick_next(unsigned int cpu, s_time_t now, s_time_t *slice_ns)
{
    struct sched_cpu *sc;
    struct sched_entity *prev, *next;
    bool yield;

    ASSERT(cpu < sched_nr_cpus);
    sc = &sched_cpus[cpu];
    spin_lock(&sc->lock);
    /* 1. Charge and put back what ran; it may keep the CPU (min granularity). */
    prev = sc->curr;
    yield = sc->yield;
    next = sched_put_prev(sc, now);
    sc->yield = false;
    /* 2. Lowest vruntime here; a yielder only if it is alone. */
    if (!next)
        next = sched_choose(sc, now, yield ? prev : NULL);
    /* 3. Nothing eligible: pull from a busier CPU (its lock orders ours). */
    if (!next) {
        /* Idle here: try to take work from others, then look again. */
        spin_unlock(&sc->lock);
        sched_steal(cpu, now);
        spin_lock(&sc->lock);
        next = sched_choose(sc, now, NULL);
    }
    *slice_ns = sched_start(sc, cpu, next, prev, now);
    spin_unlock(&sc->lock);
    return next;
}

/* ---- idle stealing ------------------------------------------------------- */

/*
 * Move one queued entity from victim to cpu (both locked): the first
 * eligible one that may run on cpu and whose state is not loaded on the
 * victim CPU. The queue is in arrival order, so it is the longest waiter.
 */
static bool sched_steal_from(unsigned int cpu, unsigned int victim, s_time_t now)
{
    struct sched_cpu *vc = &sched_cpus[victim];
    struct sched_link *l;

    for (l = vc->runq.next; l != &vc->runq; l = l->next) {
        struct sched_entity *e = container_of(l, struct sched_entity, link);

        if (e->on_cpu || !sched_allowed(e, cpu) || !sched_eligible(e, now))
            continue;
        runq_del(vc, e);
        sched_move(e, cpu, true);
        runq_add(&sched_cpus[cpu], e);
        return true;
    }
    return false;
}

static bool sched_try_steal(unsigned int cpu, unsigned int victim, s_time_t now)
{
    bool got;

    if (victim == cpu || !READ_ONCE(sched_cpus[victim].nr_queued))
        return false;
    sched_lock_pair(cpu, victim);
    got = sched_steal_from(cpu, victim, now);
    sched_unlock_pair(cpu, victim);
    return got;
}

/*
 * Called by an idle CPU with no lock held. Try the CPU with the longest
 * queue first, then every other one with a queue (the busiest may hold
 * only entities that cannot run here).
 */
static bool sched_steal(unsigned int cpu, s_time_t now)
{
    unsigned int c, busiest = cpu;

    for (c = 0; c < sched_nr_cpus; c++)
        if (c != cpu && (busiest == cpu ||
                         READ_ONCE(sched_cpus[c].nr_queued) >
                         READ_ONCE(sched_cpus[busiest].nr_queued)))
            busiest = c;
    if (sched_try_steal(cpu, busiest, now))
        return true;
    for (c = 0; c < sched_nr_cpus; c++)
        if (c != busiest && sched_try_steal(cpu, c, now))
            return true;
    return false;
}
