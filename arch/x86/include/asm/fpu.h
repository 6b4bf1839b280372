/*
 * Guest FPU/SSE/AVX state (arch/x86/fpu.c). The hypervisor itself never
 * uses these registers (-mgeneral-regs-only), so they belong to whichever
 * vCPU ran last on a CPU; switching vCPUs saves and restores them with
 * XSAVE/XRSTOR (SDM Vol. 1 chapter 13), or FXSAVE/FXRSTOR without XSAVE.
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <xen/compiler.h>
#include <xen/types.h>

struct fpu_state {
    void *area;         /* XSAVE area (or 512-byte FXSAVE image), 64-aligned */
    u64 xcr0;           /* the guest's XCR0 (1 = x87 after reset) */
};

/* Boot CPU, once: find XSAVE support, features and area size. */
void fpu_init(void);
/* Every CPU: enable CR4.OSXSAVE when XSAVE exists (before any vCPU runs). */
void fpu_cpu_init(void);
/* A vCPU's state in its reset values (x87 FCW 0x37f, MXCSR 0x1f80). */
int __must_check fpu_state_alloc(struct fpu_state *f);
void fpu_state_free(struct fpu_state *f);
/* Put f's registers on this CPU / take them back. */
void fpu_load(const struct fpu_state *f);
void fpu_save(struct fpu_state *f);
/*
 * The guest's XSETBV with the state loaded: 0 and XCR0 set, or -1 if the
 * value is invalid (the caller injects #GP, as the CPU would).
 */
int __must_check fpu_set_xcr0(struct fpu_state *f, u32 index, u64 val);
/* Features a guest may enable in XCR0 (0 without XSAVE). */
u64 fpu_xcr0_supported(void);

#endif /* ASM_FPU_H */
