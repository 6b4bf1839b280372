/*
 * The local APIC timer as each CPU's one-shot event source behind
 * arch_timer_program(): TSC-deadline mode when the CPU has it (the
 * deadline is an absolute TSC value, no conversion error builds up), else
 * one-shot mode with a count rate calibrated against the TSC
 * (Intel SDM Vol. 3A §11.5.4 "APIC Timer").
 */
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>

#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define MSR_TSC_DEADLINE 0x6e0
#define TDCR_DIVIDE_BY_1 0xb            /* §11.5.4, Figure 11-10 */
#define CALIB_NS MILLISECS(10)

/* "tsc_deadline=0" forces one-shot mode, so that path can be tested on
 * CPUs (Bochs) that have TSC-deadline. */
static bool tsc_deadline_opt = true;
boolean_param("tsc_deadline", tsc_deadline_opt);

/* Chosen once on the BSP before any AP starts; read-only afterwards. */
static bool use_tsc_deadline;
static struct time_scale ns_to_count;   /* one-shot mode: ns -> timer counts */

const char *apic_timer_mode_name(void)
{
    return use_tsc_deadline ? "TSC-deadline" : "one-shot";
}

/* EOI first: a callback that re-arms for "now" must be able to raise the
 * next interrupt while this one is still being handled. */
static void apic_timer_interrupt(struct cpu_user_regs *regs)
{
    apic_eoi();
    timer_softirq();
}

/* 0 disarms the deadline timer (§11.5.4.1), so "now" is 1 at least. */
static void apic_timer_program_deadline(s_time_t deadline)
{
    u64 tsc;

    if (deadline == STIME_MAX) {
        wrmsr(MSR_TSC_DEADLINE, 0);
        return;
    }
    tsc = stime_to_tsc(deadline > 0 ? deadline : 0);
    wrmsr(MSR_TSC_DEADLINE, tsc ? tsc : 1);
}

/* An initial count of 0 stops the timer; a count too large for 32 bits
 * fires early, and timer_softirq() simply re-arms for the rest. */
static void apic_timer_program_oneshot(s_time_t deadline)
{
    s_time_t delta = deadline - NOW();
    u64 count;

    if (deadline == STIME_MAX) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    count = delta > 0 ? time_scale_apply(&ns_to_count, (u64)delta) : 1;
    apic_write(APIC_TMICT, (u32)MIN(MAX(count, 1ULL), 0xffffffffULL));
}

/* Called by xen/timer.c with the queue lock held, interrupts off; only
 * ever for the calling CPU's own timer. */
void arch_timer_program(s_time_t deadline)
{
    if (use_tsc_deadline)
        apic_timer_program_deadline(deadline);
    else
        apic_timer_program_oneshot(deadline);
}

void arch_timer_kick(unsigned int cpu)
{
    struct percpu *p = per_cpu(cpu);

    /* The timer vector itself: its handler re-reads the queue. */
    if (p)
        apic_send_ipi(p->apic_id, LAPIC_TIMER_VECTOR);
}

void apic_timer_init_cpu(void)
{
    if (use_tsc_deadline) {
        apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_TSC_DEADLINE | LAPIC_TIMER_VECTOR);
        /* Order the LVT write before any IA32_TSC_DEADLINE write
         * (§11.5.4.1: xAPIC MMIO and the MSR are not ordered). */
        __asm__ __volatile__("mfence" ::: "memory");
        wrmsr(MSR_TSC_DEADLINE, 0);
        return;
    }
    /* Same divider as calibrated on the BSP: all CPUs share one rate. */
    apic_write(APIC_TDCR, TDCR_DIVIDE_BY_1);
    apic_write(APIC_LVT_TIMER, LAPIC_TIMER_VECTOR);     /* one-shot, unmasked */
    apic_write(APIC_TMICT, 0);                          /* stopped until armed */
}

/*
 * Count rate in kHz: let the masked timer run down for CALIB_NS of TSC.
 * Divide by 1 gives the finest resolution; even a 1 GHz bus needs 4 s to
 * drain 2^32 counts, far longer than the window, and longer deadlines are
 * simply split by re-arming.
 */
static u64 apic_timer_calibrate(void)
{
    u64 end;
    u32 left;

    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LAPIC_TIMER_VECTOR);
    apic_write(APIC_TDCR, TDCR_DIVIDE_BY_1);
    apic_write(APIC_TMICT, 0xffffffff);
    end = rdtsc() + ns_to_tsc(CALIB_NS);
    while ((s64)(rdtsc() - end) < 0)
        cpu_relax();
    left = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    return (0xffffffffULL - left) * 1000000 / (u64)CALIB_NS;
}

void apic_timer_init_bsp(void)
{
    u64 khz = 0;

    use_tsc_deadline = tsc_deadline_opt && (cpuid(1).ecx & CPUID1_ECX_TSC_DEADLINE);
    if (!use_tsc_deadline) {
        khz = apic_timer_calibrate();
        if (!khz) {
            printk(XENLOG_WARNING "APIC timer: does not count; assuming 1 GHz, timer interrupts will be mistimed\n");
            khz = 1000000;
        }
        time_scale_set(&ns_to_count, khz, 1000000);
    }
    set_irq_handler(LAPIC_TIMER_VECTOR, apic_timer_interrupt);
    apic_timer_init_cpu();
    if (use_tsc_deadline)
        printk("APIC timer: TSC-deadline mode\n");
    else
        printk("APIC timer: one-shot mode, %llu.%03llu MHz%s\n",
               (unsigned long long)(khz / 1000), (unsigned long long)(khz % 1000),
               tsc_deadline_opt ? "" : " (tsc_deadline=0)");
}
