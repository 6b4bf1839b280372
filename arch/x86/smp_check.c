/*
 * Boot-time proof that the interrupt paths work on every online CPU: a
 * one-shot timer armed 1 ms ahead must fire on its own CPU, not early;
 * then one cross-CPU call must reach every CPU. Failures are warnings:
 * the boot goes on, with the broken CPU named.
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>

#define CHECK_AHEAD MILLISECS(1)
#define CHECK_WAIT MILLISECS(100)

static struct timer check_timer[NR_CPUS];
/* Written by the callback on the timer's CPU, polled by the BSP. */
static s_time_t check_fired_at[NR_CPUS];
static unsigned int check_fired_on[NR_CPUS];
static u64 check_fired;                 /* atomic: bit per CPU */

/* Runs in the timer interrupt of the timer's CPU: no printk here, the
 * BSP reports once every CPU had its chance. */
static void smp_check_timer_fn(void *data)
{
    unsigned int cpu = (unsigned int)(uintptr_t)data;

    check_fired_on[cpu] = smp_processor_id();
    check_fired_at[cpu] = NOW();
    __atomic_fetch_or(&check_fired, CPU_MASK(cpu), __ATOMIC_RELEASE);
}

static void smp_check_timer_report(unsigned int cpu, s_time_t expiry)
{
    if (!(check_fired & CPU_MASK(cpu)))
        printk(XENLOG_WARNING "Timer: one-shot LAPIC timer on CPU %u did not fire within %lld ms; timers on CPU %u will not run\n",
               cpu, (long long)(CHECK_WAIT / MILLISECS(1)), cpu);
    else if (check_fired_on[cpu] != cpu)
        printk(XENLOG_WARNING "Timer: CPU %u's timer ran on CPU %u\n", cpu, check_fired_on[cpu]);
    else if (check_fired_at[cpu] < expiry)
        printk(XENLOG_WARNING "Timer: CPU %u's timer fired %lld ns early\n", cpu,
               (long long)(expiry - check_fired_at[cpu]));
    else
        printk("Timer: one-shot LAPIC timer (%s) works on CPU %u\n", apic_timer_mode_name(), cpu);
}

/* Timers of other CPUs are armed from here: that also proves the kick
 * IPI that makes their owner program its own hardware. */
void smp_check_timers(void)
{
    u64 online = cpu_online_map();
    s_time_t expiry = NOW() + CHECK_AHEAD, deadline = expiry + CHECK_WAIT;

    check_fired = 0;
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (online & CPU_MASK(cpu)) {
            init_timer(&check_timer[cpu], smp_check_timer_fn, (void *)(uintptr_t)cpu, cpu);
            set_timer(&check_timer[cpu], expiry);
        }
    /* The BSP runs with interrupts off everywhere else during boot; it
     * opens them only for this bounded wait. */
    local_irq_enable();
    while ((__atomic_load_n(&check_fired, __ATOMIC_ACQUIRE) & online) != online &&
           NOW() < deadline)
        cpu_relax();
    local_irq_disable();
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (online & CPU_MASK(cpu)) {
            kill_timer(&check_timer[cpu]);
            smp_check_timer_report(cpu, expiry);
        }
}

/* Bit per CPU that ran the call: a count alone could hide one CPU running
 * it twice and another not at all. Atomic. */
static u64 call_seen;

static void smp_check_call_fn(void *data)
{
    __atomic_fetch_or(&call_seen, CPU_MASK(smp_processor_id()), __ATOMIC_RELAXED);
}

void smp_check_cross_call(void)
{
    u64 online = cpu_online_map();
    unsigned int n;

    call_seen = 0;
    /* wait: when on_each_cpu() returns, every answer is in call_seen. */
    if (on_each_cpu(smp_check_call_fn, NULL, true) || call_seen != online)
        printk(XENLOG_WARNING "SMP: cross-CPU call missed CPUs %#llx\n",
               (unsigned long long)(online & ~call_seen));
    n = cpumask_weight(call_seen);
    printk("SMP: cross-CPU call reached %u CPU%s\n", n, n == 1 ? "" : "s");
}
