/*
 * Per-CPU one-shot timers: one queue per CPU, a singly linked list sorted
 * by expiry (FIFO among equal expiries). The hardware is only ever armed
 * for the head; the arch interrupt calls timer_softirq(), which runs what
 * is due and re-arms for the new head. Pure logic: the arch is reached
 * through include/xen/arch.h only, so host tests drive it directly.
 */
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

enum timer_status {
    TIMER_UNINIT = 0,           /* zeroed memory: init_timer() not called */
    TIMER_INACTIVE,
    TIMER_ACTIVE,               /* queued */
    TIMER_KILLED,
};

/*
 * One per CPU. lock protects head, the links and status/expires/seq of
 * every timer owned by the CPU, and seq; taken with interrupts off, never
 * nested with another queue's lock or held across a callback.
 */
struct timer_queue {
    spinlock_t lock;
    struct timer *head;
    struct timer *running;      /* callback in progress (kill_timer waits) */
    u64 seq;                    /* last arming number handed out */
};

static struct timer_queue queues[NR_CPUS];

static struct timer_queue *timer_lock(const struct timer *t, unsigned long *flags)
{
    struct timer_queue *q = &queues[t->cpu];

    *flags = arch_irq_save();
    spin_lock(&q->lock);
    return q;
}

static void timer_unlock(struct timer_queue *q, unsigned long flags)
{
    spin_unlock(&q->lock);
    arch_irq_restore(flags);
}

static void queue_remove(struct timer_queue *q, struct timer *t)
{
    struct timer **pp = &q->head;

    while (*pp != t) {
        ASSERT(*pp);            /* an active timer is always on its queue */
        pp = &(*pp)->next;
    }
    *pp = t->next;
    t->next = NULL;
}

/* Insert after every timer expiring at or before t: equal expiries keep
 * their arming order, which the tests and periodic users rely on. */
static void queue_insert(struct timer_queue *q, struct timer *t)
{
    struct timer **pp = &q->head;

    while (*pp && (*pp)->expires <= t->expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
}

void init_timer(struct timer *t, timer_fn_t fn, void *data, unsigned int cpu)
{
    ASSERT(cpu < NR_CPUS);
    *t = (struct timer){ .fn = fn, .data = data, .cpu = cpu, .status = TIMER_INACTIVE };
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    struct timer_queue *q;

    ASSERT(t->status != TIMER_UNINIT);
    q = timer_lock(t, &flags);
    if (t->status == TIMER_KILLED) {
        timer_unlock(q, flags);
        printk(XENLOG_WARNING "timer: set_timer on a killed timer (fn %p) ignored\n",
               (void *)t->fn);
        return;
    }
    if (t->status == TIMER_ACTIVE)
        queue_remove(q, t);
    t->expires = expires;
    t->seq = ++q->seq;
    t->status = TIMER_ACTIVE;
    queue_insert(q, t);
    /* Only a new head changes the hardware deadline. Another CPU's timer
     * hardware can't be reached from here: ask that CPU to re-arm it. */
    if (q->head == t) {
        if (t->cpu == smp_processor_id())
            arch_timer_program(expires);
        else
            arch_timer_kick(t->cpu);
    }
    timer_unlock(q, flags);
}

/*
 * The hardware stays armed for a stopped head: one early interrupt that
 * finds nothing due is cheaper than reaching another CPU's timer.
 */
void stop_timer(struct timer *t)
{
    unsigned long flags;
    struct timer_queue *q = timer_lock(t, &flags);

    if (t->status == TIMER_ACTIVE) {
        queue_remove(q, t);
        t->status = TIMER_INACTIVE;
    }
    timer_unlock(q, flags);
}

void kill_timer(struct timer *t)
{
    unsigned long flags;
    struct timer_queue *q = timer_lock(t, &flags);

    if (t->status == TIMER_ACTIVE)
        queue_remove(q, t);
    t->status = TIMER_KILLED;
    timer_unlock(q, flags);
    /* The owner may be inside fn right now; from fn itself, don't wait. */
    if (t->cpu != smp_processor_id())
        while (READ_ONCE(q->running) == t)
            cpu_relax();
}

bool timer_is_active(const struct timer *t)
{
    return READ_ONCE(t->status) == TIMER_ACTIVE;
}

/* Pop the head if it is due and older than this pass; NULL otherwise. */
static struct timer *queue_pop_due(struct timer_queue *q, s_time_t now, u64 pass_seq)
{
    struct timer *t = q->head;

    if (!t || t->expires > now || t->seq > pass_seq)
        return NULL;
    q->head = t->next;
    t->next = NULL;
    t->status = TIMER_INACTIVE;
    return t;
}

void timer_expire(unsigned int cpu, s_time_t now)
{
    struct timer_queue *q = &queues[cpu];
    unsigned long flags = arch_irq_save();
    struct timer *t;
    u64 pass_seq;

    spin_lock(&q->lock);
    /* Timers armed from here on (e.g. by a callback re-arming itself into
     * the past) wait for the next interrupt, which the programming below
     * makes immediate: no CPU spins forever in here. */
    pass_seq = q->seq;
    while ((t = queue_pop_due(q, now, pass_seq))) {
        timer_fn_t fn = t->fn;
        void *data = t->data;

        q->running = t;
        spin_unlock(&q->lock);
        fn(data);
        spin_lock(&q->lock);
        q->running = NULL;
    }
    arch_timer_program(q->head ? q->head->expires : STIME_MAX);
    spin_unlock(&q->lock);
    arch_irq_restore(flags);
}

void timer_softirq(void)
{
    timer_expire(smp_processor_id(), NOW());
}

s_time_t timer_next_deadline(unsigned int cpu)
{
    struct timer_queue *q = &queues[cpu];
    s_time_t next;
    unsigned long flags = arch_irq_save();

    spin_lock(&q->lock);
    next = q->head ? q->head->expires : STIME_MAX;
    spin_unlock(&q->lock);
    arch_irq_restore(flags);
    return next;
}
