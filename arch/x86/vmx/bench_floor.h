/*
 * The "bench floor" VMCALL (docs/performance.md): with the hypervisor option
 * bench_floor, a VMCALL with RAX = BENCH_FLOOR_NR is answered at the very
 * top of vmx_handle_exit() by advancing RIP and resuming, so a guest can
 * time the cheapest possible exit round trip and compare others with it.
 */
#ifndef VMX_BENCH_FLOOR_H
#define VMX_BENCH_FLOOR_H

#include <xen/types.h>

#include "vmx_vcpu.h"

/*
 * Far above Xen's hypercall numbers (0..63, public/xen.h) and below 2^31,
 * so a 32-bit "mov $imm, %eax" loads it. Without bench_floor it is just an
 * unknown hypercall: the guest gets -ENOSYS.
 */
#define BENCH_FLOOR_NR 0x7fff0001u

extern bool opt_bench_floor;

/* Step the guest over the floor VMCALL. */
void bench_floor_handle(const struct vmx_exit *e);

/*
 * True if this exit was the floor VMCALL and has been handled (the caller
 * then resumes the guest). Off by default: one predictable branch. Inline,
 * so that with the option on, other exits pay only a few compares.
 * e->reason still carries its high bits: a failed entry never matches.
 */
static inline bool bench_floor_exit(struct vcpu *v, const struct vmx_exit *e)
{
    if (!opt_bench_floor || e->reason != EXIT_REASON_VMCALL ||
        v->arch->regs.rax != BENCH_FLOOR_NR)
        return false;
    bench_floor_handle(e);
    return true;
}

#endif /* VMX_BENCH_FLOOR_H */
