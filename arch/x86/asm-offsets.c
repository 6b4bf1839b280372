/*
 * Offsets for the assembly, taken from the C structures with offsetof.
 * Compiled only to assembly (never linked): the Makefile turns each
 * "ASMOFF name value" marker into "#define name value" in
 * build/asm-offsets.h, which arch/x86/entry.S includes.
 */
#include <asm/guest_regs.h>
#include <asm/traps.h>
#include <xen/compiler.h>

#define ASMOFF(name, value) \
    __asm__ __volatile__("\n.ascii \"ASMOFF " #name " %c0\"" : : "i"(value))
#define GREGS(field) ASMOFF(GREGS_##field, __builtin_offsetof(struct guest_regs, field))
#define UREGS(field) ASMOFF(UREGS_##field, __builtin_offsetof(struct cpu_user_regs, field))

/* The stubs keep the stack 16-byte aligned for the C call (SysV ABI):
 * the CPU aligns before pushing its frame, so the frame must be a
 * multiple of 16 bytes. */
BUILD_BUG_ON(sizeof(struct cpu_user_regs) % 16 != 0);

void asm_offsets(void);

void asm_offsets(void)
{
    UREGS(r15); UREGS(r14); UREGS(r13); UREGS(r12); UREGS(rbp);
    UREGS(rbx); UREGS(r11); UREGS(r10); UREGS(r9); UREGS(r8);
    UREGS(rax); UREGS(rcx); UREGS(rdx); UREGS(rsi); UREGS(rdi);
    UREGS(vector); UREGS(error_code); UREGS(rip);
    ASMOFF(UREGS_SIZE, sizeof(struct cpu_user_regs));
    GREGS(rax); GREGS(rbx); GREGS(rcx); GREGS(rdx); GREGS(rsi); GREGS(rdi); GREGS(rbp);
    GREGS(r8); GREGS(r9); GREGS(r10); GREGS(r11); GREGS(r12); GREGS(r13); GREGS(r14);
    GREGS(r15); GREGS(cr2);
}
