/*
 * Kicks: the scheduler asks a CPU to re-pick (a vCPU woke there, or one
 * must stop). Remote CPUs get EVENT_CHECK_VECTOR, which also forces a VM
 * exit if they are in a guest; the running CPU just sets its flag, which
 * the VMX run loop checks before each VM entry.
 */
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/sched_arch.h>
#include <asm/traps.h>
#include <xen/scheduler.h>
#include <xen/smp.h>

static bool scheduler_started;

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    apic_eoi();
    this_cpu()->resched = true;
}

void sched_arch_init(void)
{
    set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
}

void arch_sched_kick_cpu(unsigned int cpu)
{
    struct percpu *p = per_cpu(cpu);

    if (!p)
        return;
    WRITE_ONCE(p->resched, true);
    if (cpu != smp_processor_id())
        apic_send_ipi(p->apic_id, EVENT_CHECK_VECTOR);
}

bool sched_arch_resched_pending(void)
{
    struct percpu *p = this_cpu();

    if (!READ_ONCE(p->resched))
        return false;
    WRITE_ONCE(p->resched, false);
    return true;
}

bool sched_arch_started(void)
{
    return __atomic_load_n(&scheduler_started, __ATOMIC_ACQUIRE);
}

void sched_arch_start_aps(void)
{
    __atomic_store_n(&scheduler_started, true, __ATOMIC_RELEASE);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (cpu != smp_processor_id() && cpu_online(cpu))
            apic_send_ipi(per_cpu(cpu)->apic_id, EVENT_CHECK_VECTOR);
}
