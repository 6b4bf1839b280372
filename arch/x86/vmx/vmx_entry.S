/*
 * VM entry and exit, as one C-callable function:
 *
 *   int vmx_enter(struct guest_regs *regs, int launched);
 *
 * saves the host's callee-saved registers, points HOST_RSP at this frame,
 * loads the guest's GPRs and CR2, and executes VMLAUNCH (launched == 0) or
 * VMRESUME. A VM exit lands on vmx_exit_stub (HOST_RIP) with the same RSP;
 * it stores the guest's GPRs back into *regs and returns 0 to the caller.
 * A failed entry returns 1 (VMfailValid: read VM_INSTRUCTION_ERROR) or 2
 * (VMfailInvalid). SDM Vol. 3C §27 (VM entries) and §28 (VM exits). All
 * decisions are made in C (arch/x86/vmx/run.c).
 */
#include <asm-offsets.h>

#define HOST_RSP 0x6c14

    .text
    .globl vmx_enter
vmx_enter:
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %rdi                        /* regs, found again at 0(%rsp) on exit */
    mov     $HOST_RSP, %eax
    vmwrite %rsp, %rax
    mov     GREGS_cr2(%rdi), %rax
    mov     %rax, %cr2
    test    %esi, %esi                  /* MOVs below keep the flags */
    mov     GREGS_rax(%rdi), %rax
    mov     GREGS_rbx(%rdi), %rbx
    mov     GREGS_rcx(%rdi), %rcx
    mov     GREGS_rdx(%rdi), %rdx
    mov     GREGS_rsi(%rdi), %rsi
    mov     GREGS_rbp(%rdi), %rbp
    mov     GREGS_r8(%rdi), %r8
    mov     GREGS_r9(%rdi), %r9
    mov     GREGS_r10(%rdi), %r10
    mov     GREGS_r11(%rdi), %r11
    mov     GREGS_r12(%rdi), %r12
    mov     GREGS_r13(%rdi), %r13
    mov     GREGS_r14(%rdi), %r14
    mov     GREGS_r15(%rdi), %r15
    mov     GREGS_rdi(%rdi), %rdi
    jnz     1f
    vmlaunch
    jmp     vmx_entry_failed
1:  vmresume
vmx_entry_failed:
    /* CF=1: VMfailInvalid, ZF=1: VMfailValid. Guest values in the GPRs are
     * discarded; the host's come back from the stack. */
    mov     $2, %eax
    jc      2f
    mov     $1, %eax
2:  pop     %rdi
    jmp     vmx_return

    .globl vmx_exit_stub
vmx_exit_stub:
    push    %rdi                        /* guest RDI; regs is now at 8(%rsp) */
    mov     8(%rsp), %rdi
    mov     %rax, GREGS_rax(%rdi)
    mov     %rbx, GREGS_rbx(%rdi)
    mov     %rcx, GREGS_rcx(%rdi)
    mov     %rdx, GREGS_rdx(%rdi)
    mov     %rsi, GREGS_rsi(%rdi)
    mov     %rbp, GREGS_rbp(%rdi)
    mov     %r8, GREGS_r8(%rdi)
    mov     %r9, GREGS_r9(%rdi)
    mov     %r10, GREGS_r10(%rdi)
    mov     %r11, GREGS_r11(%rdi)
    mov     %r12, GREGS_r12(%rdi)
    mov     %r13, GREGS_r13(%rdi)
    mov     %r14, GREGS_r14(%rdi)
    mov     %r15, GREGS_r15(%rdi)
    popq    GREGS_rdi(%rdi)
    mov     %cr2, %rax
    mov     %rax, GREGS_cr2(%rdi)
    pop     %rdi                        /* drop regs */
    xor     %eax, %eax
vmx_return:
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret
