/*
 * Exception and interrupt entry: one small stub per vector (256) that
 * makes every frame look alike (error code, vector), and one common path
 * that saves the registers as struct cpu_user_regs, calls do_trap() and
 * returns with IRETQ. No decisions here: do_trap() makes them all.
 * Offsets come from build/asm-offsets.h (arch/x86/asm-offsets.c).
 */
#include <asm-offsets.h>

/*
 * Vectors for which the CPU pushes an error code (SDM Vol. 3A §6.13,
 * Table 6-1): #DF 8, #TS 10, #NP 11, #SS 12, #GP 13, #PF 14, #AC 17,
 * #CP 21, #VC 29, #SX 30. The other stubs push a 0 in its place.
 */
#define ERRCODE_VECTORS 0x60227d00

    .section .text, "ax"
    .code64

/*
 * The stubs, each also recorded in trap_stub_table for idt_init().
 * Stack on entry (64-bit mode, SDM Vol. 3A §6.14.2): the CPU aligned RSP
 * to 16 and pushed SS, RSP, RFLAGS, CS, RIP [, error code].
 */
    .pushsection .rodata
    .balign 8
    .globl trap_stub_table
trap_stub_table:
    .popsection

    .balign 16
trap_stubs:
    .set vec, 0
    .rept 256
    .balign 8
1:
    .if vec >= 32 || ((ERRCODE_VECTORS >> (vec & 31)) & 1) == 0
    pushq   $0                      /* no error code from the CPU */
    .endif
    pushq   $vec
    jmp     trap_common
    .pushsection .rodata
    .quad   1b
    .popsection
    .set vec, vec + 1
    .endr

/*
 * Save the GPRs below vector/error code to complete struct cpu_user_regs,
 * then call do_trap(regs). The frame is a multiple of 16 bytes, so RSP is
 * 16-byte aligned at the call.
 */
trap_common:
    sub     $UREGS_vector, %rsp
    mov     %r15, UREGS_r15(%rsp)
    mov     %r14, UREGS_r14(%rsp)
    mov     %r13, UREGS_r13(%rsp)
    mov     %r12, UREGS_r12(%rsp)
    mov     %rbp, UREGS_rbp(%rsp)
    mov     %rbx, UREGS_rbx(%rsp)
    mov     %r11, UREGS_r11(%rsp)
    mov     %r10, UREGS_r10(%rsp)
    mov     %r9, UREGS_r9(%rsp)
    mov     %r8, UREGS_r8(%rsp)
    mov     %rax, UREGS_rax(%rsp)
    mov     %rcx, UREGS_rcx(%rsp)
    mov     %rdx, UREGS_rdx(%rsp)
    mov     %rsi, UREGS_rsi(%rsp)
    mov     %rdi, UREGS_rdi(%rsp)
    cld                             /* the C ABI expects DF = 0 */
    mov     %rsp, %rdi
    /* RBP still holds the interrupted frame pointer. The backtrace walker
     * recognises this return address and finds regs right above it. */
    call    do_trap
    .globl trap_common_return
trap_common_return:
    mov     UREGS_r15(%rsp), %r15
    mov     UREGS_r14(%rsp), %r14
    mov     UREGS_r13(%rsp), %r13
    mov     UREGS_r12(%rsp), %r12
    mov     UREGS_rbp(%rsp), %rbp
    mov     UREGS_rbx(%rsp), %rbx
    mov     UREGS_r11(%rsp), %r11
    mov     UREGS_r10(%rsp), %r10
    mov     UREGS_r9(%rsp), %r9
    mov     UREGS_r8(%rsp), %r8
    mov     UREGS_rax(%rsp), %rax
    mov     UREGS_rcx(%rsp), %rcx
    mov     UREGS_rdx(%rsp), %rdx
    mov     UREGS_rsi(%rsp), %rsi
    mov     UREGS_rdi(%rsp), %rdi
    add     $UREGS_rip, %rsp        /* drop GPRs, vector and error code */
    iretq
