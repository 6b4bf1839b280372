/*
 * AP start-up. smpboot.c copies trampoline_start..trampoline_end to a page
 * below 1 MiB and fills in the patch fields; a STARTUP IPI starts the AP
 * there in real mode with CS = page >> 4, IP = 0 (Intel SDM Vol. 3A
 * §9.4.4). It goes 16 -> 32 -> 64-bit on the boot page tables (head.S:
 * 4 GiB identity map without NX, so the low page is executable), then
 * ap_entry64 in .text loads the hypervisor's tables and the stack that
 * smpboot.c chose, and calls start_secondary(). No decisions in here.
 */
#include <asm/boot.h>

#define CR0_ET (1 << 4)

    .section .rodata.trampoline, "a"
    .code16
    .globl trampoline_start
trampoline_start:
    cli
    cld
    xor     %ebx, %ebx
    mov     %cs, %bx
    mov     %bx, %ds
    shl     $4, %ebx                /* EBX = linear address of this page */
    lgdtl   tramp_gdtr - trampoline_start
    mov     %cr0, %eax
    or      $CR0_PE, %eax
    mov     %eax, %cr0
    ljmpl   *(tramp_far32 - trampoline_start)

    .code32
    .globl trampoline_32
trampoline_32:
    mov     $BOOT_DS, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     $(CR4_PAE | CR4_PGE), %eax
    mov     %eax, %cr4
    mov     $boot_pml4, %eax
    mov     %eax, %cr3
    mov     $MSR_EFER, %ecx
    rdmsr
    or      (tramp_efer - trampoline_start)(%ebx), %eax     /* LME, NXE */
    wrmsr
    /* A fresh AP has caching disabled (CR0 = 0x60000010 after INIT,
     * SDM Vol. 3A §10.1.1): write CR0 whole, CD and NW clear. */
    mov     $(CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_PE), %eax
    mov     %eax, %cr0
    ljmpl   *(tramp_far64 - trampoline_start)(%ebx)

    .balign 8
    .globl tramp_gdtr, tramp_far32, tramp_efer
tramp_gdtr:                         /* boot GDT limit and base (patched) */
    .word   0
    .long   0
tramp_far32:                        /* page + (trampoline_32 - start) */
    .long   0
    .word   BOOT_CS32
tramp_far64:
    .long   ap_entry64
    .word   BOOT_CS64
tramp_efer:
    .long   0
    .globl trampoline_end
trampoline_end:

    .text
    .code64
ap_entry64:
    mov     ap_boot_cr3(%rip), %rax
    mov     %rax, %cr3
    mov     ap_boot_stack(%rip), %rsp
    xor     %ebp, %ebp              /* terminates the backtrace */
    call    start_secondary
    ud2
