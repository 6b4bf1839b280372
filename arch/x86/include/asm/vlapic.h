/*
 * A guest's local APIC as seen through the x2APIC MSRs 0x800-0x8ff: the
 * register file Linux reads and writes while setting up its APIC (SDM Vol.
 * 3A §11.12). Registers are stored, not acted on: no interrupt is ever
 * delivered through it, and the timer does not count (a PVH guest takes its
 * timer from Xen's vcpu_op/VIRQ_TIMER). ID (0x802) and ICR (0x830, INIT/
 * SIPI) stay in arch/x86/vmx/exit_msr.c.
 */
#ifndef ASM_VLAPIC_H
#define ASM_VLAPIC_H

#include <xen/compiler.h>
#include <xen/types.h>

/* Stored registers; index of each in struct vlapic's regs[]. */
enum vlapic_slot {
    VLAPIC_TPR, VLAPIC_SVR, VLAPIC_LVT_TIMER, VLAPIC_LVT_THERMAL, VLAPIC_LVT_PMI,
    VLAPIC_LVT_LINT0, VLAPIC_LVT_LINT1, VLAPIC_LVT_ERROR, VLAPIC_TMICT, VLAPIC_TDCR,
    VLAPIC_NR_SLOTS,
};

/*
 * Each value is kept XORed with its reset value, so the all-zero state a
 * new vCPU is allocated with (xzalloc) is the architectural reset state
 * (LVTs masked, SVR 0xff) without an init hook.
 */
struct vlapic {
    u32 regs[VLAPIC_NR_SLOTS];
};

struct vcpu;

/*
 * RDMSR/WRMSR of an x2APIC register other than ID and ICR. Return 0, or -1
 * when the access must #GP: not an emulated register, a read of a
 * write-only one (EOI, SELF_IPI), a write of a read-only one, or a
 * non-zero write where the SDM demands 0 (EOI, ESR).
 */
int __must_check vlapic_msr_read(struct vcpu *v, u32 msr, u64 *val);
int __must_check vlapic_msr_write(struct vcpu *v, u32 msr, u64 val);

#endif /* ASM_VLAPIC_H */
