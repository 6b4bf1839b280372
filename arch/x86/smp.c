/*
 * CPU numbering, the online map and cross-CPU operations: function calls
 * delivered by CALL_FUNCTION_VECTOR and the NMI that stops everyone on a
 * panic. One cross-call is in flight at a time, system-wide.
 */
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/spinlock.h>

/* A CPU answers an IPI in microseconds; a second means it is gone. */
#define CALL_TIMEOUT SECONDS(1)
/* How long smp_send_stop() gives the others to reach their halt. */
#define STOP_WAIT_US 10000

/* Bit n: CPU n runs hypervisor code and takes IPIs. The BSP from the start. */
static u64 online_map = 1;

/* RFLAGS is saved whole and restored whole (popfq), so IF returns to
 * what it was, whatever the caller's nesting. */
unsigned long arch_irq_save(void)
{
    unsigned long flags;

    __asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

void arch_irq_restore(unsigned long flags)
{
    __asm__ __volatile__("pushq %0; popfq" : : "r"(flags) : "memory", "cc");
}

/* One %gs-relative load (asm/percpu.h); valid from percpu_init_bsp() on. */
unsigned int smp_processor_id(void)
{
    return this_cpu()->cpu_id;
}

u64 cpu_online_map(void)
{
    return __atomic_load_n(&online_map, __ATOMIC_ACQUIRE);
}

bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && (cpu_online_map() & CPU_MASK(cpu));
}

unsigned int num_online_cpus(void)
{
    return cpumask_weight(cpu_online_map());
}

/* Release ordering: whoever sees the bit also sees the CPU's registered
 * per-CPU area (its APIC id), which the IPI senders need. */
void smp_set_online(unsigned int cpu, bool online)
{
    struct percpu *p = per_cpu(cpu);

    if (p)
        WRITE_ONCE(p->online, online);
    if (online)
        __atomic_fetch_or(&online_map, CPU_MASK(cpu), __ATOMIC_RELEASE);
    else
        __atomic_fetch_and(&online_map, ~CPU_MASK(cpu), __ATOMIC_RELEASE);
}

/*
 * The call in flight. call_lock is held by the initiator from filling in
 * fn/data/wait until pending is 0 again; targets read the fields only
 * while their bit in pending is set, so nobody else writes them then.
 */
static DEFINE_SPINLOCK(call_lock);
static struct {
    smp_call_fn_t fn;
    void *data;
    bool wait;
    u64 pending;                /* targets that have not answered yet */
} call;

/* Run the call if this CPU is a target. Without wait, the bit is given
 * back before fn runs: the caller may then reuse call for the next one. */
static void smp_call_handle(void)
{
    u64 bit = CPU_MASK(smp_processor_id());
    smp_call_fn_t fn;
    void *data;
    bool wait;

    if (!(__atomic_load_n(&call.pending, __ATOMIC_ACQUIRE) & bit))
        return;
    fn = call.fn;
    data = call.data;
    wait = call.wait;
    if (!wait)
        __atomic_fetch_and(&call.pending, ~bit, __ATOMIC_RELEASE);
    fn(data);
    if (wait)
        __atomic_fetch_and(&call.pending, ~bit, __ATOMIC_RELEASE);
}

static void smp_call_interrupt(struct cpu_user_regs *regs)
{
    apic_eoi();
    smp_call_handle();
}

void smp_call_init(void)
{
    set_irq_handler(CALL_FUNCTION_VECTOR, smp_call_interrupt);
}

/*
 * Interrupts are off here, so a CPU waiting for the lock can't take the
 * IPI of the call that holds it: it serves that call by polling instead.
 * Without this, two CPUs calling each other would deadlock.
 */
static void smp_call_lock(void)
{
    while (!spin_trylock(&call_lock)) {
        smp_call_handle();
        cpu_relax();
    }
}

/* Wait for every target; after the timeout, withdraw the call so a late
 * CPU finds its bit clear (one that already started may still run fn). */
static int smp_call_wait(u64 targets)
{
    s_time_t deadline = NOW() + CALL_TIMEOUT;
    u64 left;

    while ((left = __atomic_load_n(&call.pending, __ATOMIC_ACQUIRE)))
        if (NOW() > deadline) {
            __atomic_store_n(&call.pending, 0, __ATOMIC_RELEASE);
            printk(XENLOG_WARNING "SMP: cross-CPU call %p to CPUs %#llx: CPUs %#llx did not answer within 1 s\n",
                   (void *)call.fn, (unsigned long long)targets, (unsigned long long)left);
            return -ETIMEDOUT;
        }
    return 0;
}

static int smp_call_remote(u64 targets, smp_call_fn_t fn, void *data, bool wait)
{
    int rc;

    smp_call_lock();
    call.fn = fn;
    call.data = data;
    call.wait = wait;
    __atomic_store_n(&call.pending, targets, __ATOMIC_RELEASE);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (targets & CPU_MASK(cpu))
            apic_send_ipi(per_cpu(cpu)->apic_id, CALL_FUNCTION_VECTOR);
    rc = smp_call_wait(targets);
    spin_unlock(&call_lock);
    return rc;
}

/*
 * Interrupts stay off for the whole call: an interrupt handler on this CPU
 * that started a cross-call of its own would spin on call_lock forever.
 * The caller's own share runs last, after the remote CPUs answered.
 */
int on_selected_cpus(u64 mask, smp_call_fn_t fn, void *data, bool wait)
{
    u64 self = CPU_MASK(smp_processor_id());
    u64 targets = mask & cpu_online_map() & ~self;
    unsigned long flags = arch_irq_save();
    int rc = 0;

    if (targets)
        rc = smp_call_remote(targets, fn, data, wait);
    if (mask & self)
        fn(data);
    arch_irq_restore(flags);
    return rc;
}

int on_each_cpu(smp_call_fn_t fn, void *data, bool wait)
{
    return on_selected_cpus(~0ULL, fn, data, wait);
}

int smp_call_function(smp_call_fn_t fn, void *data, bool wait)
{
    return on_selected_cpus(~CPU_MASK(smp_processor_id()), fn, data, wait);
}

struct cpu_up_call {
    int (*up)(unsigned int cpu, const char **why);
    unsigned int failed;        /* atomic */
    u64 answered;               /* atomic: CPUs that ran up() */
};

/* On each target: a CPU that can't do its part leaves the online map but
 * keeps idling, so nothing will schedule work on it. */
static void smp_cpu_up_one(void *arg)
{
    struct cpu_up_call *c = arg;
    unsigned int cpu = smp_processor_id();
    const char *why;

    __atomic_fetch_or(&c->answered, CPU_MASK(cpu), __ATOMIC_RELAXED);
    if (!c->up(cpu, &why))
        return;
    printk(XENLOG_WARNING "CPU%u: %s; CPU%u stays offline\n", cpu, why, cpu);
    __atomic_fetch_add(&c->failed, 1, __ATOMIC_RELAXED);
    smp_set_online(cpu, false);
}

unsigned int smp_cpu_up_others(int (*up)(unsigned int cpu, const char **why))
{
    /* Static: a CPU answering after the timeout must not hit a dead stack. */
    static struct cpu_up_call c;
    u64 others = cpu_online_map() & ~CPU_MASK(smp_processor_id());
    u64 silent;

    c = (struct cpu_up_call){ .up = up };
    if (!smp_call_function(smp_cpu_up_one, &c, true))
        return c.failed;
    /* Silent CPUs (already named by the call) can't be trusted either. */
    silent = others & ~__atomic_load_n(&c.answered, __ATOMIC_RELAXED);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (silent & CPU_MASK(cpu)) {
            printk(XENLOG_WARNING "CPU%u: did not answer; CPU%u stays offline\n", cpu, cpu);
            smp_set_online(cpu, false);
            c.failed++;
        }
    return c.failed;
}

/*
 * NMIs get through even to a CPU spinning with interrupts off; the NMI
 * handler halts once a stop is requested (arch/x86/traps.c). Before the
 * APIC is up there is nobody to stop.
 */
void smp_send_stop(void)
{
    if (!apic_ready() || num_online_cpus() <= 1)
        return;
    traps_request_stop();
    apic_send_nmi_allbutself();
    /* Give them time to get off the console and out of the locks they
     * hold; there is no acknowledgement from a halted CPU. */
    udelay(STOP_WAIT_US);
    /* Nothing may target them any more (cross-calls skip offline CPUs). */
    __atomic_store_n(&online_map, CPU_MASK(smp_processor_id()), __ATOMIC_RELEASE);
}
