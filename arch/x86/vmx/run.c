/*
 * Running a vCPU: load its VMCS and the guest-owned CPU state (FPU, the
 * syscall MSRs), enter the guest until an exit handler decides to go back
 * to the scheduler, then save and VMCLEAR everything so the vCPU may run
 * on any CPU next (SDM Vol. 3C §24.11.1: a VMCS is active on one CPU).
 */
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/sched_arch.h>
#include <asm/time.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shared_page.h>
#include <xen/smp.h>
#include <xen/timer.h>

#include "vmx_caps.h"
#include "vmx_exit_handlers.h"
#include "vmx_insn.h"
#include "vmx_vcpu.h"

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102

int vmx_enter(struct guest_regs *regs, int launched);

static void guest_state_load(struct arch_vcpu *a)
{
    fpu_load(&a->fpu);
    wrmsr(MSR_KERNEL_GS_BASE, a->kernel_gs_base);
    wrmsr(MSR_STAR, a->star);
    wrmsr(MSR_LSTAR, a->lstar);
    wrmsr(MSR_CSTAR, a->cstar);
    wrmsr(MSR_SFMASK, a->sfmask);
}

static void guest_state_save(struct arch_vcpu *a)
{
    fpu_save(&a->fpu);
    a->kernel_gs_base = rdmsr(MSR_KERNEL_GS_BASE);
    a->star = rdmsr(MSR_STAR);
    a->lstar = rdmsr(MSR_LSTAR);
    a->cstar = rdmsr(MSR_CSTAR);
    a->sfmask = rdmsr(MSR_SFMASK);
}

/*
 * The preemption timer counts down at TSC >> shift (SDM §26.5.1). It also
 * stops the guest at this CPU's next timer deadline: a pending timer
 * interrupt should cause an external-interrupt exit by itself, but Bochs
 * 2.7 does not deliver one while the guest runs with RFLAGS.IF = 0 (it
 * does with IF = 1); this bound keeps timers punctual either way, and
 * handle_preemption_timer() lets the interrupt in.
 */
static void program_slice(s_time_t slice_end)
{
    s_time_t next_timer = timer_next_deadline(smp_processor_id());
    s_time_t left = MIN(slice_end, next_timer) - NOW();
    u64 ticks = left > 0 ? ns_to_tsc(left) >> vmx_caps()->preemption_timer_shift : 0;

    vmwrite(VMX_PREEMPTION_TIMER_VALUE, ticks > 0xffffffffULL ? 0xffffffffU : (u32)ticks);
}

static void read_exit(struct vmx_exit *e)
{
    u32 idt;

    e->reason = (u32)vmread(VM_EXIT_REASON);
    e->qualification = vmread(EXIT_QUALIFICATION);
    e->instr_len = (u32)vmread(VM_EXIT_INSTRUCTION_LEN);
    e->intr_info = (u32)vmread(VM_EXIT_INTR_INFO);
    /* An event whose delivery the exit interrupted is delivered again on
     * the next entry (SDM Vol. 3C §28.2.4, §27.6.1). */
    idt = (u32)vmread(IDT_VECTORING_INFO);
    if (idt & INTR_INFO_VALID) {
        vmwrite(VM_ENTRY_INTR_INFO, idt & ~(1u << 12));
        if (idt & INTR_INFO_DELIVER_CODE)
            vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, vmread(IDT_VECTORING_ERROR_CODE));
        vmwrite(VM_ENTRY_INSTRUCTION_LEN, e->instr_len);
    }
}

/* VMLAUNCH/VMRESUME itself failed: a host bug or bad guest state we set. */
static enum exit_action entry_failed(struct vcpu *v, int how)
{
    u32 err = how == 1 ? (u32)vmread(VM_INSTRUCTION_ERROR) : 0;

    domain_crash(v->domain, "d%uv%u: VM entry failed (%s, VM-instruction error %u: %s)",
                 v->domain->domain_id, v->vcpu_id,
                 how == 1 ? "VMfailValid" : "VMfailInvalid", err,
                 how == 1 ? vmx_insn_error_name(err) : "no current VMCS");
    return EXIT_STOP;
}

static enum exit_action run_until_exit_decision(struct vcpu *v, s_time_t slice_end)
{
    struct arch_vcpu *a = v->arch;
    enum exit_action act;

    do {
        struct vmx_exit e;
        int rc;

        if (v->stop_requested)
            return EXIT_STOP;
        if (sched_arch_resched_pending() && sched_tick(smp_processor_id(), NOW()))
            return EXIT_RESCHEDULE;
        vmx_deliver_pending(v);
        program_slice(slice_end);
        rc = vmx_enter(&a->regs, a->launched);
        if (rc)
            return entry_failed(v, rc);
        a->launched = true;
        a->exits++;
        read_exit(&e);
        act = vmx_handle_exit(v, &e);
    } while (act == EXIT_RESUME);
    return act;
}

enum vcpu_run_result arch_vcpu_run(struct vcpu *v, s_time_t slice_end)
{
    struct arch_vcpu *a = v->arch;
    enum exit_action act;

    if (!vmptrld(a->vmcs_pa))
        panic("d%uv%u: VMPTRLD of its VMCS failed", v->domain->domain_id, v->vcpu_id);
    vmcs_load_host_state();
    guest_state_load(a);
    ept_sync_cpu(v->domain);            /* p2m changes made elsewhere (ept.c) */
    vcpu_update_time(v);                /* pvclock for this CPU (xen/time_guest.c) */
    vcpu_runstate_update(v);            /* guest runstate area (xen/runstate.c) */
    if (!v->first_entry_tsc)            /* tests/bench-linux.sh counts from here */
        v->first_entry_tsc = rdtsc();
    act = run_until_exit_decision(v, slice_end);
    guest_state_save(a);
    vmclear(a->vmcs_pa);
    a->launched = false;
    switch (act) {
    case EXIT_BLOCK: return VCPU_BLOCKED;
    case EXIT_YIELD: return VCPU_YIELDED;
    case EXIT_STOP: return VCPU_STOPPED;
    default: return VCPU_PREEMPTED;
    }
}

void arch_idle(void)
{
    /* A kick of this CPU by itself sends no IPI: don't sleep through it. */
    if (sched_arch_resched_pending())
        return;
    __asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

void vmx_insn_failed(const char *insn, unsigned long field)
{
    panic("%s of VMCS field %#lx failed on CPU %u", insn, field, smp_processor_id());
}
