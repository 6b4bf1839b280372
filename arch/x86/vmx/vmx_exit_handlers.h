/*
 * VM-exit handlers, one per basic exit reason, listed in exit.c's table.
 * Each returns what the vCPU does next (enum exit_action).
 */
#ifndef VMX_EXIT_HANDLERS_H
#define VMX_EXIT_HANDLERS_H

#include "vmx_vcpu.h"

typedef enum exit_action (*exit_handler_t)(struct vcpu *v, const struct vmx_exit *e);

/* exit_basic.c */
enum exit_action handle_exception_nmi(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_external_interrupt(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_triple_fault(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_init_signal(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_interrupt_window(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_hlt(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_skip_instruction(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_vmx_instruction(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_bad_guest_state(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_preemption_timer(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_xsetbv(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_vmcall(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_cpuid(struct vcpu *v, const struct vmx_exit *e);
/* exit_cr.c */
enum exit_action handle_cr_access(struct vcpu *v, const struct vmx_exit *e);
/* exit_mem.c */
enum exit_action handle_ept_violation(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_ept_misconfig(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_io(struct vcpu *v, const struct vmx_exit *e);
/* mmio_vmx.c: emulate a data access to a registered MMIO device (asm/mmio.h):
 * 0 done, -ENODEV no device there, else the domain was crashed. */
int __must_check vmx_mmio_emulate(struct vcpu *v, bool write);
/* exit_msr.c */
enum exit_action handle_rdmsr(struct vcpu *v, const struct vmx_exit *e);
enum exit_action handle_wrmsr(struct vcpu *v, const struct vmx_exit *e);

/* Inject a pending upcall, or arm interrupt-window exiting (exit_basic.c). */
void vmx_deliver_pending(struct vcpu *v);

/* Print the guest's registers (VMCS + saved GPRs) of the current vCPU. */
void vmx_dump_guest(struct vcpu *v);
/* General-purpose register n (SDM encoding: 0 RAX ... 4 RSP ... 15 R15). */
u64 *vmx_gpr(struct vcpu *v, unsigned int n);

#endif /* VMX_EXIT_HANDLERS_H */
