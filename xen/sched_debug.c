/*
 * Scheduler debugging: the run-queue dump behind the 'r' debug key and
 * sched_audit, which checks the invariants of include/xen/scheduler.h
 * (used by the unit tests after every simulated step).
 */
#include <xen/lib.h>
#include <xen/scheduler.h>

#include "sched_private.h"

static const char *const sched_state_names[] = {
    [SCHED_RUNNABLE] = "runnable",
    [SCHED_RUNNING] = "running",
    [SCHED_BLOCKED] = "blocked",
    [SCHED_PAUSED] = "paused",
    [SCHED_DEAD] = "dead",
};

const char *sched_state_name(enum sched_state s)
{
    if ((unsigned int)s >= ARRAY_SIZE(sched_state_names))
        return "?";
    return sched_state_names[s];
}

static void sched_dump_entity(void (*print)(const char *fmt, ...),
                              const struct sched_entity *e)
{
    print("  tag %#x %s w%u cap%u%% vrt %lld ran %llu ns runs %llu preempt %llu migr %llu aff %#llx\n",
          e->tag, sched_state_name(e->state), e->params->weight,
          e->params->cap_percent, (long long)e->vruntime,
          (unsigned long long)e->stats.run_ns, (unsigned long long)e->stats.nr_runs,
          (unsigned long long)e->stats.nr_preempts,
          (unsigned long long)e->stats.nr_migrations, (unsigned long long)e->affinity);
}

/*
 * One CPU at a time, under its lock, so the lines for a CPU are a
 * consistent snapshot; print may take the console lock (it comes after
 * the run-queue locks in the lock order).
 */
void sched_dump(void (*print)(const char *fmt, ...))
{
    unsigned int cpu;

    print("sched: %u CPUs, slice %lld ns, period %lld ns\n", sched_nr_cpus,
          (long long)sched_slice_ns(), (long long)sched_period_ns());
    for (cpu = 0; cpu < sched_nr_cpus; cpu++) {
        struct sched_cpu *sc = &sched_cpus[cpu];
        const struct sched_link *l;

        spin_lock(&sc->lock);
        print("CPU%u: %s queued %u min_vrt %lld idle_picks %llu%s\n", cpu,
              sc->curr ? "busy" : "idle", sc->nr_queued, (long long)sc->min_vruntime,
              (unsigned long long)sc->nr_idle, sc->need_resched ? " resched" : "");
        if (sc->curr)
            sched_dump_entity(print, sc->curr);
        for (l = sc->runq.next; l != &sc->runq; l = l->next)
            sched_dump_entity(print, container_of(l, const struct sched_entity, link));
        spin_unlock(&sc->lock);
    }
}

/* The queue of cpu: linked both ways, all RUNNABLE here, count right. */
static void sched_audit_queue(unsigned int cpu)
{
    const struct sched_cpu *sc = &sched_cpus[cpu];
    const struct sched_link *l;
    unsigned int n = 0;

    for (l = sc->runq.next; l != &sc->runq; l = l->next) {
        const struct sched_entity *e = container_of(l, const struct sched_entity, link);

        ASSERT(l->next->prev == l && l->prev->next == l);
        ASSERT(e->state == SCHED_RUNNABLE && e->cpu == cpu);
        ASSERT((e->affinity >> cpu) & 1);
        ASSERT(e != sc->curr && !e->dead && !e->blocked && !e->pause_count);
        ASSERT(++n <= sc->nr_queued);
    }
    ASSERT(n == sc->nr_queued);
}

/* The running entity names this CPU, so it cannot be current elsewhere. */
static void sched_audit_curr(unsigned int cpu)
{
    const struct sched_entity *e = sched_cpus[cpu].curr;

    if (!e)
        return;
    ASSERT(e->state == SCHED_RUNNING && e->cpu == cpu && e->on_cpu);
    ASSERT((e->affinity >> cpu) & 1);
    ASSERT(!e->link.next && !e->link.prev);
}

/*
 * All run-queue locks in ascending order (the lock order), so the check
 * sees one consistent state of every CPU at once.
 */
void sched_audit(void)
{
    unsigned int cpu;

    for (cpu = 0; cpu < sched_nr_cpus; cpu++)
        spin_lock(&sched_cpus[cpu].lock);
    for (cpu = 0; cpu < sched_nr_cpus; cpu++) {
        sched_audit_queue(cpu);
        sched_audit_curr(cpu);
    }
    for (cpu = sched_nr_cpus; cpu-- > 0;)
        spin_unlock(&sched_cpus[cpu].lock);
}
