/*
 * The scheduler (xen/sched.c): per-CPU run queues of scheduling entities,
 * weighted fair share by virtual runtime, per-entity caps, affinity and
 * wake-up/idle load balancing. It knows nothing of domains, vCPUs or VMX:
 * a vCPU embeds a struct sched_entity, and the arch drives the functions
 * below from its timer, IPI, HLT and hypercall paths.
 *
 * Policy in one paragraph. Each entity accumulates virtual runtime
 * vruntime += ran_ns * SCHED_DEFAULT_WEIGHT / weight, so a weight-512
 * entity ages half as fast as a weight-256 one and gets twice the CPU. A
 * CPU runs the eligible entity with the lowest vruntime for one slice
 * (sched_slice_ms, default 30 ms). A woken entity starts no lower than the
 * queue's min_vruntime minus half a slice: it runs soon, but cannot
 * replay its sleep time to starve the others. A cap of N% lets an entity
 * use at most N% of one CPU per accounting period (10 slices); beyond
 * that it is parked until its period ends.
 *
 * Locking. Each CPU's struct sched_cpu has a lock protecting that
 * structure and every mutable field of the entities whose ->cpu is that
 * CPU (see struct sched_entity). ->cpu itself changes only while both the
 * old and the new CPU's locks are held, so holding the lock of the CPU an
 * entity names pins it there. Lock order: run-queue locks in ascending CPU
 * number; run-queue locks before the console lock (sched_dump prints with
 * one held). No other lock is taken inside. All entry points must be
 * called with interrupts disabled (the arch calls them from IRQ context
 * too), and no run-queue lock is held when any of them returns.
 *
 * Invariants (checked by sched_audit): an entity is on at most one run
 * queue, always the one of its ->cpu; it is RUNNING iff it is ->curr of
 * its ->cpu, so it can never be running on two CPUs; an entity whose
 * register state is still loaded on a CPU (->on_cpu) is run only there.
 */
#ifndef XEN_SCHEDULER_H
#define XEN_SCHEDULER_H

#include <xen/compiler.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/types.h>

#define SCHED_MAX_CPUS 64               /* affinity is a u64 bitmap */
#define SCHED_DEFAULT_WEIGHT 256        /* Xen credit's default */
#define SCHED_MAX_WEIGHT 65535          /* Xen credit's upper bound */
#define SCHED_DEFAULT_SLICE_MS 30
/*
 * Minimum granularity: an entity switched in keeps the CPU at least this
 * long even if a better candidate wakes, so wake-ups cannot thrash the
 * CPU. It is also the bound on wake-up latency for an entity that has the
 * lowest vruntime (tests/unit/test_sched.c checks it).
 */
#define SCHED_MIN_GRAN_NS MICROSECS(1000)
#define SCHED_PERIOD_SLICES 10          /* cap accounting period, in slices */
#define SCHED_NO_TIMER ((s_time_t)-1)   /* idle: no timer, wait for a kick */
#define SCHED_AFFINITY_ALL (~0ULL)

/* Shared by all entities of one domain; read at each accounting. */
struct sched_domain_params {
    unsigned int weight;        /* 1..SCHED_MAX_WEIGHT, share relative to others */
    unsigned int cap_percent;   /* 0 = no cap; else max % of one CPU (>= 100: none) */
};

enum sched_state {
    SCHED_RUNNABLE,     /* on the run queue of ->cpu */
    SCHED_RUNNING,      /* ->curr of ->cpu */
    SCHED_BLOCKED,      /* waiting for sched_wake */
    SCHED_PAUSED,       /* pause_count > 0 */
    SCHED_DEAD,         /* sched_remove called; never runs again */
};

/* Intrusive doubly linked list (run queues). */
struct sched_link {
    struct sched_link *prev, *next;
};

struct sched_stats {
    u64 run_ns;             /* total CPU time consumed */
    u64 nr_runs;            /* times switched in */
    u64 nr_preempts;        /* times switched out while still runnable */
    u64 nr_migrations;      /* times moved to another CPU's queue */
    s_time_t last_start;    /* when last switched in */
};

/*
 * One schedulable thing (a vCPU). params and affinity are set by
 * sched_entity_init; tag is free for the owner (e.g. domid << 16 | vcpu id)
 * and only printed by sched_dump. Everything else is protected by the
 * run-queue lock of ->cpu.
 */
struct sched_entity {
    const struct sched_domain_params *params;
    u64 affinity;               /* bit n: may run on CPU n */
    u32 tag;

    unsigned int cpu;           /* the CPU it runs on or is queued on / last ran on */
    enum sched_state state;
    bool blocked;               /* sched_block'ed and not yet woken */
    bool dead;                  /* sched_remove'd */
    bool on_cpu;                /* state still loaded on ->cpu (see sched_context_saved) */
    unsigned int pause_count;   /* nested sched_pause */
    s_time_t vruntime;          /* weighted runtime, ns, relative to ->cpu's queue */
    s_time_t period_start;      /* current cap accounting period */
    s_time_t period_used;       /* CPU time used in it */
    struct sched_link link;     /* run-queue link while RUNNABLE */
    struct sched_stats stats;
};

/*
 * Per-CPU run queue. Lives in sched.c (one per CPU); exposed for
 * sched_audit, sched_dump and tests. All fields under ->lock.
 */
struct sched_cpu {
    spinlock_t lock;
    struct sched_entity *curr;  /* RUNNING here (not on runq); NULL: idle */
    struct sched_link runq;     /* RUNNABLE entities, unsorted (few per CPU) */
    unsigned int nr_queued;     /* length of runq (read racily as a load hint) */
    s_time_t min_vruntime;      /* monotonic floor for wake-up placement */
    s_time_t acct_from;         /* curr's runtime accounted up to here */
    s_time_t slice_end;         /* when the arch's timer should fire */
    bool need_resched;          /* sched_tick returns true */
    bool yield;                 /* curr asked to yield */
    u64 nr_idle;                /* picks that returned NULL */
};

/*
 * Set up nr_cpus (1..SCHED_MAX_CPUS) empty run queues. Boot CPU, once,
 * before any other call (tests call it again to start afresh). Reads the
 * "sched_slice_ms=" option (1..1000; otherwise warns and keeps 30).
 * Returns 0 or -EINVAL.
 */
int __must_check sched_init(unsigned int nr_cpus);

/* The slice in ns and the cap accounting period in ns (after sched_init). */
s_time_t sched_slice_ns(void);
s_time_t sched_period_ns(void);

/*
 * Initialise e as BLOCKED on the lowest CPU allowed by affinity. params
 * must outlive e. Returns 0, or -EINVAL if weight is 0 or > SCHED_MAX_WEIGHT
 * or affinity names no CPU below nr_cpus.
 */
int __must_check sched_entity_init(struct sched_entity *e,
                                   const struct sched_domain_params *params,
                                   u64 affinity);

/*
 * Make an initialised entity runnable for the first time (= sched_wake):
 * queued on the least loaded CPU it may use. Any CPU.
 */
void sched_add(struct sched_entity *e, s_time_t now);

/*
 * Wake e if it is blocked: queue it on the allowed CPU with the shortest
 * queue (its previous CPU on ties, for cache warmth; always its previous
 * CPU while ->on_cpu), and kick that CPU if e should preempt what runs
 * there (or it is idle). No effect on an entity not blocked. A wake that
 * races with sched_block on the same entity wins (it keeps running). Any
 * CPU, any context with interrupts disabled.
 */
void sched_wake(struct sched_entity *e, s_time_t now);

/*
 * Called by the running entity e on its own CPU: it wants to stop until
 * sched_wake. The arch then calls sched_pick_next. The caller re-checks
 * its wake condition after this call and calls sched_wake itself if it
 * already holds, so a wake-up that came just before is not lost.
 */
void sched_block(struct sched_entity *e);

/*
 * The entity running on cpu gives up the rest of its slice; the arch then
 * calls sched_pick_next, which returns another eligible entity if there is
 * one and the same entity otherwise. Only on cpu itself. (Not named
 * sched_yield: that is the C library's, and host unit tests link libc.)
 */
void sched_yield_cpu(unsigned int cpu);

/*
 * Pause (nested) / unpause e. A paused entity is not picked; if it is
 * running, its CPU is kicked and it stops at that CPU's next pick (poll
 * sched_entity_is_on_cpu to wait for that from another CPU). Unpausing
 * the last pause makes it runnable again unless it is blocked.
 */
void sched_pause(struct sched_entity *e);
void sched_unpause(struct sched_entity *e, s_time_t now);

/*
 * Remove e for good (state DEAD; later wakes and unpauses do nothing).
 * Returns 0 when e is on no queue and no CPU, so its memory may be freed;
 * -EBUSY while it is still running or its state is still loaded on a CPU:
 * that CPU has been kicked, and the caller (the domain destroy path, on
 * another CPU or from a continuation) calls again until it returns 0.
 */
int __must_check sched_remove(struct sched_entity *e);

/*
 * The decision point, on cpu only: account the entity that was running
 * (if any) up to now, then return the entity to run next (possibly the
 * same one) and in *slice_ns how long it may run before the arch must call
 * again (it programs the VMX preemption timer or the LAPIC timer). NULL
 * means idle: run the idle vCPU / halt; *slice_ns is then the time until a
 * capped entity becomes eligible, or SCHED_NO_TIMER. When nothing here is
 * eligible it first tries to steal a queued entity from another CPU. If
 * the result differs from the previous entity, the arch must call
 * sched_context_saved(prev) once prev's state is off this CPU.
 */
struct sched_entity *sched_pick_next(unsigned int cpu, s_time_t now,
                                     s_time_t *slice_ns);

/*
 * prev's register/VMCS state has been saved and cleared from the CPU it
 * last ran on: from now on it may run on other CPUs. Call on that CPU
 * after sched_pick_next switched away from prev (also when prev is dead).
 */
void sched_context_saved(struct sched_entity *prev);

/*
 * Preemption check for a periodic tick: true if the arch should call
 * sched_pick_next on cpu now (slice over, or a wake-up asked for it).
 */
bool sched_tick(unsigned int cpu, s_time_t now);

/* True while e's state is loaded on some CPU (it runs or was not yet saved). */
bool sched_entity_is_on_cpu(struct sched_entity *e);

/* Read-only view of a run queue (tests, debug); NULL if cpu is out of range. */
const struct sched_cpu *sched_cpu_info(unsigned int cpu);

/* "runnable", "running", ... for dumps ("?" if out of range). */
const char *sched_state_name(enum sched_state s);

/* One line per CPU queue and one per entity running or queued there. */
void sched_dump(void (*print)(const char *fmt, ...));

/* Check every invariant above under all run-queue locks; panic on a broken one. */
void sched_audit(void);

/*
 * Implemented by the arch: make cpu call sched_pick_next soon (an IPI; for
 * the calling CPU itself, a flag checked before VM entry). Called with no
 * run-queue lock held.
 */
void arch_sched_kick_cpu(unsigned int cpu);

#endif /* XEN_SCHEDULER_H */
