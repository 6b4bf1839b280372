/*
 * The per-CPU scheduling loop: ask the scheduler (xen/sched.c) what to
 * run, run it through the arch until it blocks, yields, is preempted or
 * must stop, and retire vCPUs of domains that are going away. Idle CPUs
 * wait for an interrupt; a kick (IPI) or timer brings them back here.
 */
#include <xen/arch.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>

/* Per-CPU timer that wakes an idle CPU when a capped vCPU becomes eligible. */
static struct timer idle_wakeup[NR_CPUS];

static void idle_wakeup_fn(void *data)
{
    /* Nothing to do: the interrupt itself ends arch_idle(). */
}

/*
 * After a switch away from prev: its state is off this CPU. Returns true
 * if prev was retired, which may have destroyed (and rebuilt) its domain
 * and so changed what should run here.
 */
static bool switched_away(struct sched_entity *prev)
{
    struct vcpu *v = sched_entity_vcpu(prev);

    sched_context_saved(prev);
    return v->stop_requested && vcpu_try_retire(v);
}

static void run_idle(unsigned int cpu, s_time_t wait_ns)
{
    if (wait_ns != SCHED_NO_TIMER)
        set_timer(&idle_wakeup[cpu], NOW() + wait_ns);
    arch_idle();
    stop_timer(&idle_wakeup[cpu]);
}

/*
 * The runstate v enters on leaving its CPU: the entity's blocked flag
 * (set by sched_block, cleared by a wake). A blocked vCPU that is woken
 * later stays "blocked" until it runs again (the wake is not hooked), so
 * a little wait-for-CPU time may be counted as blocked.
 */
static int runstate_after_run(struct vcpu *v, enum vcpu_run_result r)
{
    if (r == VCPU_STOPPED)
        return RUNSTATE_offline;
    return READ_ONCE(v->sched.blocked) ? RUNSTATE_blocked : RUNSTATE_runnable;
}

/* Run v for one decision; tell the scheduler what happened. */
static void run_vcpu(unsigned int cpu, struct vcpu *v, s_time_t slice_ns)
{
    enum vcpu_run_result r;
    s_time_t now;

    if (v->stop_requested) {
        sched_block(&v->sched);         /* paused already; make sure it leaves */
        return;
    }
    v->ran_on |= 1ULL << cpu;           /* for the domain's summary line */
    now = NOW();
    vcpu_runstate_change(v, RUNSTATE_running, now);
    r = arch_vcpu_run(v, now + slice_ns);
    if (r == VCPU_YIELDED)
        sched_yield_cpu(cpu);
    else if (r == VCPU_STOPPED && !v->stop_requested)
        sched_block(&v->sched);
    /* VCPU_BLOCKED: the exit handler called sched_block() itself. */
    vcpu_runstate_change(v, runstate_after_run(v, r), NOW());
}

void schedule_loop(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_entity *prev = NULL;

    init_timer(&idle_wakeup[cpu], idle_wakeup_fn, NULL, cpu);
    for (;;) {
        s_time_t slice_ns;
        struct sched_entity *next;

        keyhandler_run_pending(cpu);    /* debug keys: no lock held here */
        next = sched_pick_next(cpu, NOW(), &slice_ns);

        /* arch_vcpu_run() always leaves the vCPU's state saved and
         * cleared from this CPU, so a switch can be reported at once. */
        if (prev && prev != next && switched_away(prev)) {
            prev = next;
            continue;           /* decide again: new vCPUs may be queued */
        }
        prev = next;
        if (!next)
            run_idle(cpu, slice_ns);
        else
            run_vcpu(cpu, sched_entity_vcpu(next), slice_ns);
    }
}
