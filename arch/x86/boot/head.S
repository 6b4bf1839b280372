/*
 * Multiboot2 header and the 32-bit entry: GRUB enters start32 in flat
 * 32-bit protected mode, paging off, EAX = magic, EBX = MBI address
 * (multiboot2 spec §3.3). We switch to long mode on boot page tables that
 * identity-map the first 4 GiB with 2 MiB pages, then call C. Everything
 * else (real page tables, per-CPU state) is built in C.
 */
#include <asm/boot.h>

#define MB2_MAGIC       0xe85250d6
#define MB2_ARCH_I386   0

    .section .multiboot, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* Console flags tag (type 4): we have an EGA text/serial console. */
    .balign 8
    .word 4, 0
    .long 12
    .long 2                         /* EGA text supported */
    /* End tag. */
    .balign 8
    .word 0, 0
    .long 8
mb2_header_end:

    .section .text.entry, "ax"
    .code32
    .globl start32
start32:
    cli
    cld
    mov     %eax, %edi              /* multiboot2 magic, first C argument */
    mov     %ebx, %esi              /* MBI physical address, second */

    /* Zero .bss: it holds the boot page tables and stack. */
    mov     $__bss_start, %ebx
    mov     $__bss_end, %ecx
    sub     %ebx, %ecx
    xor     %eax, %eax
    push    %edi
    mov     %ebx, %edi
    rep stosb
    pop     %edi

    rdtsc                           /* boot cost is measured from here */
    mov     %eax, boot_tsc_entry
    mov     %edx, boot_tsc_entry + 4

    lgdt    boot_gdt_ptr
    mov     $BOOT_DS, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     $boot_stack_top, %esp

    /* Long mode is required; anything older gets a message, not a hang. */
    mov     $0x80000000, %eax
    cpuid
    cmp     $0x80000001, %eax
    jb      no_long_mode
    mov     $0x80000001, %eax
    cpuid
    bt      $29, %edx
    jnc     no_long_mode
    mov     %edx, %ebp              /* keep NX support bit (20) */

    call    build_boot_page_tables

    mov     %cr4, %eax
    or      $(CR4_PAE | CR4_PGE), %eax
    mov     %eax, %cr4
    mov     $boot_pml4, %eax
    mov     %eax, %cr3

    mov     $MSR_EFER, %ecx
    rdmsr
    or      $EFER_LME, %eax
    bt      $20, %ebp
    jnc     1f
    or      $EFER_NXE, %eax
1:  wrmsr

    mov     %cr0, %eax
    or      $(CR0_PG | CR0_WP | CR0_PE), %eax
    mov     %eax, %cr0
    ljmp    $BOOT_CS64, $start64

/* PML4[0] -> PDPT, PDPT[0..3] -> four PDs of 512 x 2 MiB = 4 GiB. */
build_boot_page_tables:
    mov     $boot_pdpt, %eax
    or      $(PTE_P | PTE_RW), %eax
    mov     %eax, boot_pml4
    mov     $boot_pd, %eax
    or      $(PTE_P | PTE_RW), %eax
    xor     %ecx, %ecx
1:  mov     %eax, boot_pdpt(, %ecx, 8)
    add     $4096, %eax
    inc     %ecx
    cmp     $4, %ecx
    jb      1b
    xor     %ecx, %ecx                  /* 2048 PD entries */
    mov     $(PTE_P | PTE_RW | PTE_PS), %eax
    xor     %edx, %edx                  /* high half of the address */
2:  mov     %eax, boot_pd(, %ecx, 8)
    mov     %edx, boot_pd + 4(, %ecx, 8)
    add     $0x200000, %eax
    adc     $0, %edx
    inc     %ecx
    cmp     $2048, %ecx
    jb      2b
    ret

/* Print a fixed message on COM1 and stop: the CPU cannot run us. */
no_long_mode:
    mov     $no_lm_msg, %esi
1:  movb    (%esi), %bl
    test    %bl, %bl
    jz      3f
    mov     $0x3fd, %dx
2:  inb     %dx, %al
    test    $0x20, %al
    jz      2b
    mov     $0x3f8, %dx
    mov     %bl, %al
    outb    %al, %dx
    inc     %esi
    jmp     1b
3:  hlt
    jmp     3b

    .code64
start64:
    xor     %eax, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %eax, %fs
    mov     %eax, %gs
    mov     $boot_stack_top, %rsp
    xor     %ebp, %ebp              /* terminates the backtrace */
    call    __start_xen             /* (magic, mbi) in edi, esi */
    ud2

    .section .rodata
no_lm_msg:
    .asciz  "Xenolith: this CPU has no 64-bit long mode; Xenolith needs an x86-64 CPU with Intel VT-x.\r\n"

    .balign 8
boot_gdt:
    .quad 0                         /* null */
    .quad 0x00af9a000000ffff        /* BOOT_CS64: 64-bit code, DPL0 */
    .quad 0x00cf92000000ffff        /* BOOT_DS: flat data */
    .quad 0x00cf9a000000ffff        /* BOOT_CS32: flat 32-bit code */
boot_gdt_end:
    .globl boot_gdt_ptr
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .quad boot_gdt

    .section .bss.page_aligned, "aw", @nobits
    .balign 4096
    .globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt:      .skip 4096
boot_pd:        .skip 4 * 4096
boot_stack:     .skip BOOT_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:

    .section .bss
    .balign 8
    .globl boot_tsc_entry
boot_tsc_entry: .quad 0
