/*
 * Exceptions and interrupts: the register frame the entry stubs save, the
 * per-CPU descriptor tables, and the vector -> handler registry.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <xen/types.h>

/* Saved by arch/x86/entry.S on every exception/interrupt (order matters:
 * offsets are generated for the assembly, never typed by hand). */
struct cpu_user_regs {
    u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    u64 rax, rcx, rdx, rsi, rdi;
    u64 vector;
    u64 error_code;     /* 0 when the CPU pushes none */
    u64 rip, cs, rflags, rsp, ss;   /* hardware frame */
};

typedef void (*irq_handler_t)(struct cpu_user_regs *regs);

/* Interrupt vectors owned by the hypervisor (0x20..0xef stay free). */
#define LAPIC_TIMER_VECTOR 0xf0
#define CALL_FUNCTION_VECTOR 0xf1
#define EVENT_CHECK_VECTOR 0xf2
#define LAPIC_ERROR_VECTOR 0xfe
#define SPURIOUS_VECTOR 0xff

#endif /* ASM_TRAPS_H */
