/*
 * Per-CPU one-shot software timers (xen/timer.c). Each CPU keeps its own
 * queue ordered by expiry; the arch programs the CPU's hardware one-shot
 * for the head and calls timer_softirq() from that interrupt. Callbacks run
 * on the timer's CPU, in interrupt context, interrupts off.
 *
 * Locking: one lock per queue, taken with interrupts off; callbacks run
 * without it, so they may set, stop or re-arm any timer (their own too).
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/compiler.h>
#include <xen/time.h>
#include <xen/types.h>

typedef void (*timer_fn_t)(void *data);

/* Fields are private to xen/timer.c; embed the struct, don't touch them. */
struct timer {
    s_time_t expires;           /* system time (ns) it fires at, if active */
    timer_fn_t fn;
    void *data;
    struct timer *next;         /* link in the owning queue, sorted */
    u64 seq;                    /* arming order within the queue */
    unsigned int cpu;           /* owning CPU: where fn runs */
    u8 status;                  /* enum timer_status in timer.c */
};

/*
 * Prepare t (any contents) to call fn(data) on cpu. Must precede every other call;
 * never on an active timer (its queue would be corrupted). Any context.
 */
void init_timer(struct timer *t, timer_fn_t fn, void *data, unsigned int cpu);

/*
 * (Re-)arm t to fire at system time expires (ns, see NOW()); an active
 * timer is moved. A time in the past fires at the next timer interrupt.
 * Ignored, with a warning, on a killed timer. Any CPU, any context.
 */
void set_timer(struct timer *t, s_time_t expires);

/* Disarm t if armed. A callback already running is not waited for. */
void stop_timer(struct timer *t);

/*
 * Disarm t for good and wait until its callback is not running on another
 * CPU, so t may then be freed. set_timer() on it is refused afterwards.
 */
void kill_timer(struct timer *t);

/* True while t is armed (queued and not yet fired). */
bool timer_is_active(const struct timer *t);

/*
 * Run, on the calling CPU (= cpu), every timer of cpu's queue that expires
 * at or before now and was armed before this call started (a callback
 * re-arming itself into the past cannot livelock the CPU), then program
 * the hardware for the new head. Exposed for host tests; the arch calls
 * timer_softirq().
 */
void timer_expire(unsigned int cpu, s_time_t now);

/* timer_expire(this CPU, NOW()): from the timer interrupt. */
void timer_softirq(void);

/*
 * When cpu's earliest armed timer expires (STIME_MAX if none). The VMX run
 * loop bounds a guest's time slice by it, so a timer fires on time even if
 * the interrupt cannot preempt the guest (see arch/x86/vmx/run.c).
 */
s_time_t timer_next_deadline(unsigned int cpu);

#endif /* XEN_TIMER_H */
