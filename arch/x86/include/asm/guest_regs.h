/*
 * A vCPU's general-purpose registers while it is not running (RSP, RIP
 * and RFLAGS live in the VMCS). Saved and loaded by the VM entry/exit
 * stub (arch/x86/vmx/vmx_entry.S), which reaches the fields through
 * generated offsets (arch/x86/asm-offsets.c).
 */
#ifndef ASM_GUEST_REGS_H
#define ASM_GUEST_REGS_H

#include <xen/types.h>

struct guest_regs {
    u64 rax, rbx, rcx, rdx, rsi, rdi, rbp;
    u64 r8, r9, r10, r11, r12, r13, r14, r15;
    u64 cr2;        /* not in the VMCS: the stub switches it by hand */
};

#endif /* ASM_GUEST_REGS_H */
