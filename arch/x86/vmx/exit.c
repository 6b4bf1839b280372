/*
 * VM-exit dispatch (style.md "Exit dispatch"): one table indexed by basic
 * exit reason (Intel SDM Vol. 3D appendix C); each entry is a handler and
 * a name. The dispatcher counts, looks up and calls; a reason without a
 * handler crashes the domain with a dump naming it — never "log and
 * continue".
 */
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/sched.h>

#include "bench_floor.h"
#include "vmx_exit_handlers.h"
#include "vmx_insn.h"
#include "vmx_vcpu.h"

struct exit_entry {
    exit_handler_t handler;
    const char *name;
};

static const struct exit_entry exit_table[EXIT_REASON_MAX + 1] = {
    [EXIT_REASON_EXCEPTION_NMI] = { handle_exception_nmi, "exception or NMI" },
    [EXIT_REASON_EXT_INTR] = { handle_external_interrupt, "external interrupt" },
    [EXIT_REASON_TRIPLE_FAULT] = { handle_triple_fault, "triple fault" },
    [EXIT_REASON_INIT] = { handle_init_signal, "INIT signal" },
    [EXIT_REASON_SIPI] = { handle_init_signal, "SIPI" },
    [EXIT_REASON_INTR_WINDOW] = { handle_interrupt_window, "interrupt window" },
    [EXIT_REASON_CPUID] = { handle_cpuid, "CPUID" },
    [EXIT_REASON_HLT] = { handle_hlt, "HLT" },
    [EXIT_REASON_INVD] = { handle_skip_instruction, "INVD" },
    [EXIT_REASON_WBINVD] = { handle_skip_instruction, "WBINVD" },
    [EXIT_REASON_VMCALL] = { handle_vmcall, "VMCALL" },
    [EXIT_REASON_VMCLEAR] = { handle_vmx_instruction, "VMCLEAR" },
    [EXIT_REASON_VMLAUNCH] = { handle_vmx_instruction, "VMLAUNCH" },
    [EXIT_REASON_VMPTRLD] = { handle_vmx_instruction, "VMPTRLD" },
    [EXIT_REASON_VMPTRST] = { handle_vmx_instruction, "VMPTRST" },
    [EXIT_REASON_VMREAD] = { handle_vmx_instruction, "VMREAD" },
    [EXIT_REASON_VMRESUME] = { handle_vmx_instruction, "VMRESUME" },
    [EXIT_REASON_VMWRITE] = { handle_vmx_instruction, "VMWRITE" },
    [EXIT_REASON_VMXOFF] = { handle_vmx_instruction, "VMXOFF" },
    [EXIT_REASON_VMXON] = { handle_vmx_instruction, "VMXON" },
    [EXIT_REASON_INVEPT] = { handle_vmx_instruction, "INVEPT" },
    [EXIT_REASON_INVVPID] = { handle_vmx_instruction, "INVVPID" },
    [EXIT_REASON_VMFUNC] = { handle_vmx_instruction, "VMFUNC" },
    [EXIT_REASON_CR_ACCESS] = { handle_cr_access, "CR access" },
    [EXIT_REASON_IO_INSTRUCTION] = { handle_io, "I/O instruction" },
    [EXIT_REASON_MSR_READ] = { handle_rdmsr, "RDMSR" },
    [EXIT_REASON_MSR_WRITE] = { handle_wrmsr, "WRMSR" },
    [EXIT_REASON_INVALID_GUEST_STATE] = { handle_bad_guest_state, "invalid guest state" },
    [EXIT_REASON_MSR_LOADING] = { handle_bad_guest_state, "MSR loading" },
    [EXIT_REASON_MCE_DURING_ENTRY] = { handle_bad_guest_state, "machine check during entry" },
    [EXIT_REASON_EPT_VIOLATION] = { handle_ept_violation, "EPT violation" },
    [EXIT_REASON_EPT_MISCONFIG] = { handle_ept_misconfig, "EPT misconfiguration" },
    [EXIT_REASON_PREEMPT_TIMER] = { handle_preemption_timer, "preemption timer" },
    [EXIT_REASON_XSETBV] = { handle_xsetbv, "XSETBV" },
};

const char *vmx_exit_reason_name(u32 reason)
{
    return reason <= EXIT_REASON_MAX && exit_table[reason].name ? exit_table[reason].name
                                                                : "unknown";
}

static enum exit_action exit_unhandled(struct vcpu *v, const struct vmx_exit *e)
{
    domain_crash(v->domain, "d%uv%u: unhandled VM exit %u (%s), qualification %#llx, RIP %#llx",
                 v->domain->domain_id, v->vcpu_id, e->reason, vmx_exit_reason_name(e->reason),
                 (unsigned long long)e->qualification, (unsigned long long)vmread(GUEST_RIP));
    vmx_dump_guest(v);
    return EXIT_STOP;
}

enum exit_action vmx_handle_exit(struct vcpu *v, const struct vmx_exit *e)
{
    u32 reason = e->reason & 0xffff;
    struct vmx_exit basic = *e;

    if (bench_floor_exit(v, e))     /* make bench's floor; off by default */
        return EXIT_RESUME;
    basic.reason = reason;
    if (e->reason & EXIT_REASON_FAILED_ENTRY)
        return handle_bad_guest_state(v, &basic);
    if (reason > EXIT_REASON_MAX || !exit_table[reason].handler)
        return exit_unhandled(v, &basic);
    v->domain->arch->exit_count[reason]++;
    return exit_table[reason].handler(v, &basic);
}

void arch_domain_dump_exits(struct domain *d)
{
    for (unsigned int r = 0; r <= EXIT_REASON_MAX; r++)
        if (d->arch->exit_count[r])
            printk("  d%u exit %2u %-22s %lu\n", d->domain_id, r, vmx_exit_reason_name(r),
                   d->arch->exit_count[r]);
}
