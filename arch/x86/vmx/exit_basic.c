/*
 * VM-exit handlers for events, simple instructions and hypercalls
 * (reasons from Intel SDM Vol. 3D appendix C; qualification formats from
 * SDM Vol. 3C §28.2.1).
 */
#include <asm/cpuid_policy.h>
#include <asm/processor.h>
#include <asm/sched_arch.h>
#include <xen/arch.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>

#include "vmx_exit_handlers.h"
#include "vmx_insn.h"

#define X86_EFLAGS_IF (1u << 9)
#define X86_CR0_PE (1ul << 0)
#define X86_EXC_UD 6
#define X86_EXC_GP 13

void vmx_advance_rip(const struct vmx_exit *e)
{
    u64 intr = vmread(GUEST_INTERRUPTIBILITY_INFO);

    vmwrite(GUEST_RIP, vmread(GUEST_RIP) + e->instr_len);
    /* Stepping over the instruction ends STI/MOV-SS blocking (SDM 25.4.2). */
    if (intr & 3)
        vmwrite(GUEST_INTERRUPTIBILITY_INFO, intr & ~3ULL);
}

void vmx_inject_exception(unsigned int vector, bool has_error, u32 error)
{
    u32 info = vector | INTR_TYPE_HW_EXCEPTION | INTR_INFO_VALID;

    /* Real mode delivers no error codes (SDM §27.2.1.3). */
    if (has_error && (vmread(GUEST_CR0) & X86_CR0_PE)) {
        info |= INTR_INFO_DELIVER_CODE;
        vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, error);
    }
    vmwrite(VM_ENTRY_INTR_INFO, info);
}

u64 *vmx_gpr(struct vcpu *v, unsigned int n)
{
    struct guest_regs *r = &v->arch->regs;
    u64 *const map[16] = { &r->rax, &r->rcx, &r->rdx, &r->rbx, NULL, &r->rbp, &r->rsi,
                           &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
                           &r->r14, &r->r15 };

    return map[n & 15];     /* RSP (4) lives in the VMCS: callers handle it */
}

void vmx_dump_guest(struct vcpu *v)
{
    const struct guest_regs *r = &v->arch->regs;

    printk(XENLOG_ERR "d%uv%u RIP %04llx:%016llx RSP %016llx RFLAGS %08llx\n", v->domain->domain_id,
           v->vcpu_id, (unsigned long long)vmread(GUEST_CS_SELECTOR),
           (unsigned long long)vmread(GUEST_RIP), (unsigned long long)vmread(GUEST_RSP),
           (unsigned long long)vmread(GUEST_RFLAGS));
    printk(XENLOG_ERR "  CR0 %08llx CR3 %016llx CR4 %08llx EFER %llx\n",
           (unsigned long long)vmread(CR0_READ_SHADOW), (unsigned long long)vmread(GUEST_CR3),
           (unsigned long long)vmread(CR4_READ_SHADOW), (unsigned long long)vmread(GUEST_IA32_EFER));
    printk(XENLOG_ERR "  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
           (unsigned long long)r->rax, (unsigned long long)r->rbx, (unsigned long long)r->rcx,
           (unsigned long long)r->rdx);
    printk(XENLOG_ERR "  rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n",
           (unsigned long long)r->rsi, (unsigned long long)r->rdi, (unsigned long long)r->rbp,
           (unsigned long long)r->r8);
}

void arch_vcpu_dump(struct vcpu *v)
{
    vmx_dump_guest(v);
}

enum exit_action handle_exception_nmi(struct vcpu *v, const struct vmx_exit *e)
{
    if ((e->intr_info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI) {
        __asm__ __volatile__("int $2");     /* the host's NMI: hand it to its handler */
        return EXIT_RESUME;
    }
    domain_crash(v->domain, "d%uv%u: unexpected exception exit, vector %u",
                 v->domain->domain_id, v->vcpu_id, e->intr_info & INTR_INFO_VECTOR_MASK);
    vmx_dump_guest(v);
    return EXIT_STOP;
}

/* The interrupt is still pending at the LAPIC: open a one-instruction
 * window so the host IDT takes it (timer, IPI), then see if we must
 * reschedule. */
enum exit_action handle_external_interrupt(struct vcpu *v, const struct vmx_exit *e)
{
    __asm__ __volatile__("sti; nop; cli" ::: "memory");
    sched_arch_resched_pending();       /* the kick's job is done by this check: */
    return sched_tick(smp_processor_id(), NOW()) ? EXIT_RESCHEDULE : EXIT_RESUME;
}

enum exit_action handle_triple_fault(struct vcpu *v, const struct vmx_exit *e)
{
    domain_crash(v->domain, "d%uv%u: triple fault", v->domain->domain_id, v->vcpu_id);
    vmx_dump_guest(v);
    return EXIT_STOP;
}

enum exit_action handle_init_signal(struct vcpu *v, const struct vmx_exit *e)
{
    return EXIT_RESUME;     /* only from the host's own INIT IPIs: ignore */
}

/* The guest can take interrupts now: the run loop injects before entry. */
enum exit_action handle_interrupt_window(struct vcpu *v, const struct vmx_exit *e)
{
    vmwrite(CPU_BASED_VM_EXEC_CONTROL,
            vmread(CPU_BASED_VM_EXEC_CONTROL) & ~(u64)CPU_INTR_WINDOW_EXITING);
    return EXIT_RESUME;
}

/*
 * Injection on VM entry (SDM Vol. 3C §27.6): deliver a pending upcall as
 * an external interrupt if the guest accepts interrupts now (RFLAGS.IF,
 * no STI/MOV-SS shadow, nothing else being injected); otherwise ask for
 * an exit as soon as it does (interrupt-window exiting, SDM §26.7.5).
 */
/* An NMI first: not blocked by an earlier NMI or MOV-SS, slot free. */
static bool deliver_nmi(struct vcpu *v)
{
    if (!READ_ONCE(v->arch->nmi_pending))
        return false;
    if ((vmread(GUEST_INTERRUPTIBILITY_INFO) & 0xa) ||
        (vmread(VM_ENTRY_INTR_INFO) & INTR_INFO_VALID))
        return false;           /* retried at the next entry */
    WRITE_ONCE(v->arch->nmi_pending, false);
    vmwrite(VM_ENTRY_INTR_INFO, 2 | INTR_TYPE_NMI | INTR_INFO_VALID);
    return true;
}

void vmx_deliver_pending(struct vcpu *v)
{
    bool ready;

    if (deliver_nmi(v) || !READ_ONCE(v->upcall_pending) || !v->upcall_vector)
        return;
    ready = (vmread(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
            !(vmread(GUEST_INTERRUPTIBILITY_INFO) & 3) &&
            !(vmread(VM_ENTRY_INTR_INFO) & INTR_INFO_VALID);
    if (!ready) {
        vmwrite(CPU_BASED_VM_EXEC_CONTROL,
                vmread(CPU_BASED_VM_EXEC_CONTROL) | CPU_INTR_WINDOW_EXITING);
        return;
    }
    __atomic_store_n(&v->upcall_pending, false, __ATOMIC_RELAXED);
    vmwrite(VM_ENTRY_INTR_INFO, v->upcall_vector | INTR_TYPE_EXT_INTR | INTR_INFO_VALID);
}

/* True when every started vCPU of d has halted with interrupts off. */
static bool domain_all_halted(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->in_scheduler && !d->vcpu[i]->arch->halted_for_good)
            return false;
    return true;
}

enum exit_action handle_hlt(struct vcpu *v, const struct vmx_exit *e)
{
    vmx_advance_rip(e);
    if (!(vmread(GUEST_RFLAGS) & X86_EFLAGS_IF) && !READ_ONCE(v->arch->nmi_pending)) {
        /* Only an NMI from another vCPU could wake it: once every vCPU
         * is like this, nothing can. */
        v->arch->halted_for_good = true;
        if (domain_all_halted(v->domain)) {
            printk("d%u (%s): all vCPUs halted with interrupts disabled\n",
                   v->domain->domain_id, v->domain->name);
            domain_shutdown(v->domain, SHUTDOWN_poweroff);
            return EXIT_STOP;
        }
    }
    if (READ_ONCE(v->upcall_pending) || READ_ONCE(v->arch->nmi_pending))
        return EXIT_RESUME;             /* an interrupt is already waiting */
    sched_block(&v->sched);
    if (READ_ONCE(v->upcall_pending) || READ_ONCE(v->arch->nmi_pending))
        sched_wake(&v->sched, NOW());   /* raced with the timer or an NMI: undo */
    return EXIT_BLOCK;
}

enum exit_action handle_skip_instruction(struct vcpu *v, const struct vmx_exit *e)
{
    vmx_advance_rip(e);
    return EXIT_RESUME;
}

enum exit_action handle_vmx_instruction(struct vcpu *v, const struct vmx_exit *e)
{
    vmx_inject_exception(X86_EXC_UD, false, 0);     /* VMX is not exposed */
    return EXIT_RESUME;
}

enum exit_action handle_bad_guest_state(struct vcpu *v, const struct vmx_exit *e)
{
    domain_crash(v->domain, "d%uv%u: VM entry failed: %s (exit reason %u): %s",
                 v->domain->domain_id, v->vcpu_id, vmx_exit_reason_name(e->reason), e->reason,
                 e->reason == EXIT_REASON_INVALID_GUEST_STATE
                     ? vmx_guest_state_reason(e->qualification) : "see the SDM for this reason");
    vmx_dump_guest(v);
    return EXIT_STOP;
}

/* Slice over, or a host timer is due: take pending interrupts (the timer
 * itself) and let the scheduler decide whether to switch. */
enum exit_action handle_preemption_timer(struct vcpu *v, const struct vmx_exit *e)
{
    __asm__ __volatile__("sti; nop; cli" ::: "memory");
    sched_arch_resched_pending();
    return sched_tick(smp_processor_id(), NOW()) ? EXIT_RESCHEDULE : EXIT_RESUME;
}

/* XSETBV: validated against what the host can switch (arch/x86/fpu.c). */
enum exit_action handle_xsetbv(struct vcpu *v, const struct vmx_exit *e)
{
    u64 val = (v->arch->regs.rdx << 32) | (u32)v->arch->regs.rax;

    if (fpu_set_xcr0(&v->arch->fpu, (u32)v->arch->regs.rcx, val)) {
        vmx_inject_exception(X86_EXC_GP, true, 0);
        return EXIT_RESUME;
    }
    vmx_advance_rip(e);
    return EXIT_RESUME;
}

static unsigned int guest_cpl(void)
{
    return (unsigned int)(vmread(GUEST_SS_AR_BYTES) >> 5) & 3;    /* SS.DPL = CPL */
}

enum exit_action handle_vmcall(struct vcpu *v, const struct vmx_exit *e)
{
    struct guest_regs *r = &v->arch->regs;
    struct hypercall_call call;

    /* Field by field: an initializer would zero the record first, a
     * measurable part of a null hypercall (docs/performance.md). */
    call.v = v;
    call.cpl = guest_cpl();
    call.nr = r->rax;
    call.arg[0] = r->rdi;
    call.arg[1] = r->rsi;
    call.arg[2] = r->rdx;
    call.arg[3] = r->r10;
    call.arg[4] = r->r8;

    r->rax = (u64)hypercall_dispatch(&call);
    vmx_advance_rip(e);
    switch (call.after) {
    case HC_YIELD: return EXIT_YIELD;
    case HC_BLOCK: return EXIT_BLOCK;
    case HC_STOP: return EXIT_STOP;
    default: return EXIT_RESUME;
    }
}

enum exit_action handle_cpuid(struct vcpu *v, const struct vmx_exit *e)
{
    struct guest_regs *r = &v->arch->regs;
    struct cpuid_regs c;

    cpuid_guest((u32)r->rax, (u32)r->rcx, v->vcpu_id, v->domain->domain_id,
                vmread(CR4_READ_SHADOW) & (1ul << 18), fpu_xcr0_supported(), &c);
    r->rax = c.eax;
    r->rbx = c.ebx;
    r->rcx = c.ecx;
    r->rdx = c.edx;
    vmx_advance_rip(e);
    return EXIT_RESUME;
}
