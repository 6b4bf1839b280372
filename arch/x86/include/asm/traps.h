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

/* Architectural exception vectors (Intel SDM Vol. 3A §6.3.1, Table 6-1). */
enum x86_exception {
    X86_EXC_DE = 0, X86_EXC_DB = 1, X86_EXC_NMI = 2, X86_EXC_BP = 3,
    X86_EXC_OF = 4, X86_EXC_BR = 5, X86_EXC_UD = 6, X86_EXC_NM = 7,
    X86_EXC_DF = 8, X86_EXC_TS = 10, X86_EXC_NP = 11, X86_EXC_SS = 12,
    X86_EXC_GP = 13, X86_EXC_PF = 14, X86_EXC_MF = 16, X86_EXC_AC = 17,
    X86_EXC_MC = 18, X86_EXC_XM = 19, X86_EXC_VE = 20, X86_EXC_CP = 21,
    X86_EXC_HV = 28, X86_EXC_VC = 29, X86_EXC_SX = 30,
};
#define X86_NR_EXCEPTIONS 32
#define FIRST_IRQ_VECTOR X86_NR_EXCEPTIONS

/* Interrupt vectors owned by the hypervisor (0x20..0xef stay free). */
#define LAPIC_TIMER_VECTOR 0xf0
#define CALL_FUNCTION_VECTOR 0xf1
#define EVENT_CHECK_VECTOR 0xf2
#define LAPIC_ERROR_VECTOR 0xfe
#define SPURIOUS_VECTOR 0xff

/* Entry stub addresses, one per vector (arch/x86/entry.S). */
extern const u64 trap_stub_table[256];
/* Return address of the stub's call to do_trap (backtrace frame marker). */
extern const char trap_common_return[];

/*
 * Build the shared IDT and load the boot CPU's GDT, TSS and IDT. Call once,
 * early on the BSP, after percpu_init_bsp(). APs instead call
 * desc_init_cpu() and idt_load() (asm/desc.h).
 */
void traps_init_bsp(void);

/* C entry for every vector, called by the stubs with interrupts off. */
void do_trap(struct cpu_user_regs *regs);

/*
 * Route interrupt vector (>= FIRST_IRQ_VECTOR) to fn, or back to "unexpected"
 * with fn == NULL. The handler runs with interrupts off and must send the
 * LAPIC EOI itself. Register before the vector can fire.
 */
void set_irq_handler(u8 vector, irq_handler_t fn);

/*
 * Ask every CPU that takes an NMI from now on to halt (used by
 * smp_send_stop() before it sends the stop NMIs). Without a request, an
 * NMI is only logged.
 */
void traps_request_stop(void);

/*
 * Print the decoded exception dump for regs (name, error code, registers,
 * control registers, call trace), one XENLOG_ERR line per item.
 */
void trap_dump(const struct cpu_user_regs *regs);

/* "#PF" and "Page fault" for vector 14; "IRQ"/"External interrupt" for >= 32. */
const char *trap_mnemonic(unsigned int vector);
const char *trap_name(unsigned int vector);

/* Run the fault chosen by "selftest_fault=" (if any) to exercise the
 * exception path; called right after traps_init_bsp(). */
void selftest_fault_run(void);

#endif /* ASM_TRAPS_H */
