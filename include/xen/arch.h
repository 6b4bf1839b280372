/*
 * The arch interface: the only arch functions generic code (xen/) calls.
 * See style.md §1. Implemented in arch/x86/.
 */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H

#include <xen/compiler.h>
#include <xen/time.h>
#include <xen/types.h>

/* Print a symbolized backtrace of the running CPU's stack. */
void arch_show_backtrace(void);

/* Interrupts off and halt this CPU forever. */
void arch_halt_forever(void) __noreturn;

/*
 * Disable interrupts on this CPU and return the previous state for
 * arch_irq_restore() (for locks also taken from interrupt handlers).
 */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

/*
 * Program this CPU's one-shot timer interrupt for system time deadline
 * (STIME_MAX: none). A deadline in the past fires at once. The interrupt
 * calls timer_softirq() (include/xen/timer.h). Interrupts off.
 */
void arch_timer_program(s_time_t deadline);

/* Make cpu run timer_softirq() soon (its queue head changed remotely). */
void arch_timer_kick(unsigned int cpu);

/* ---- Domains and vCPUs (arch/x86/vmx/) ---- */
struct domain;
struct vcpu;

/* Per-domain arch state: the EPT (p2m) root, exit statistics. */
int __must_check arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);

/* Map guest frames [gfn, gfn+nr) to machine frames [mfn, mfn+nr) as RAM. */
int __must_check arch_p2m_map_ram(struct domain *d, u64 gfn, u64 mfn, u64 nr);

/*
 * Point guest frame gfn at machine frame mfn (RAM type, write-back), or
 * remove it with INVALID_MFN, replacing any earlier entry, then flush the
 * stale translation (this CPU now, other CPUs before they next run one
 * of d's vCPUs). Used after the vCPUs started (XENMEM_add_to_physmap).
 */
int __must_check arch_p2m_set_entry(struct domain *d, u64 gfn, mfn_t mfn);

/* As arch_p2m_set_entry, but readable only (read-only grant mappings). */
int __must_check arch_p2m_set_entry_ro(struct domain *d, u64 gfn, mfn_t mfn);

/* Machine frame behind guest frame gfn in d's p2m, or INVALID_MFN (also
 * for a read-only frame: callers may write through the result). */
mfn_t arch_p2m_lookup(struct domain *d, u64 gfn);

/*
 * One instant of d's clock, for pvclock (xen-abi.md §5.3): the TSC value
 * d's guests read at that instant, system time (NOW()) then, the TSC rate
 * and whether the TSC is invariant (so the guest may trust it across CPUs).
 */
struct arch_time_sample {
    u64 guest_tsc;
    s_time_t stime;
    u64 tsc_khz;
    bool tsc_stable;
};
void arch_guest_time_sample(const struct domain *d, struct arch_time_sample *s);

/* Per-vCPU arch state (VMCS, registers, VPID). */
int __must_check arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* Entry states: Xen PVH (32-bit flat, paging off, EBX = start info) or
 * real mode at cs:ip (unrestricted guest). */
void arch_vcpu_set_pvh_entry(struct vcpu *v, u32 entry, u32 start_info_gpa);
void arch_vcpu_set_real_mode_entry(struct vcpu *v, u16 cs, u16 ip);

/* Why arch_vcpu_run() returned. */
enum vcpu_run_result {
    VCPU_PREEMPTED,     /* slice used up or a reschedule was requested */
    VCPU_BLOCKED,       /* halted / blocked: sched_block() was called */
    VCPU_YIELDED,       /* gave up the CPU but stays runnable */
    VCPU_STOPPED,       /* domain shutting down or vCPU stopped */
};

/*
 * Run v on this CPU until slice_end (system time) or until it blocks,
 * yields or must stop. Interrupts off on entry and return.
 */
enum vcpu_run_result arch_vcpu_run(struct vcpu *v, s_time_t slice_end);

/* Print v's registers (for domain_crash); v must be the current vCPU. */
void arch_vcpu_dump(struct vcpu *v);

/* Wait for an interrupt with interrupts enabled, return with them off. */
void arch_idle(void);

/* Exit-reason statistics of d, one line per reason with a count. */
void arch_domain_dump_exits(struct domain *d);

#endif /* XEN_ARCH_H */
