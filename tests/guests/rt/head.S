/*
 * Guest runtime entry: the Xen PVH ELF note and the 32-bit PVH entry point.
 * Owns the switch from the PVH entry state (32-bit flat protected mode,
 * paging off, EBX = hvm_start_info) to 64-bit mode with identity-mapped
 * page tables, then calls rt_start() in C. Also the exception stubs.
 */

#define CR0_PE		(1 << 0)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define MSR_EFER	0xc0000080
#define EFER_LME	(1 << 8)
#define PTE_P_RW	0x003		/* present, writable */
#define PDE_2M		0x083		/* present, writable, PS (2 MiB page) */
#define RT_CS64		0x08
#define RT_DS		0x10
#define BOOT_STACK_SIZE	0x4000

/*
 * XEN_ELFNOTE_PHYS32_ENTRY (type 18, xen/include/public/elfnote.h): the
 * physical address of the 32-bit entry. Its presence says "boots as PVH".
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4				/* namesz: "Xen" plus NUL */
	.long 4				/* descsz: a u32 */
	.long 18			/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long rt_entry32

	.text
	.code32
	.globl rt_entry32
rt_entry32:
	/* The very first instructions: the TSC at entry, for make bench's
	 * "domain creation -> first guest instruction" (kept in .data: the
	 * .bss is cleared below). RDTSC leaves EBX, the start info, alone. */
	rdtsc
	mov	%eax, rt_entry_tsc
	mov	%edx, rt_entry_tsc + 4
	cld
	/* .bss holds the stack and page tables: clear it before using either. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	mov	$rt_boot_stack + BOOT_STACK_SIZE, %esp

	/* PML4[0] -> PDPT, PDPT[0] -> PD: VA 0..1 GiB in 512 2-MiB pages. */
	movl	$rt_pdpt + PTE_P_RW, rt_pml4
	movl	$rt_pd + PTE_P_RW, rt_pdpt
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$PDE_2M, %eax
	mov	%eax, rt_pd(, %ecx, 8)
	inc	%ecx
	cmp	$512, %ecx
	jne	1b

	/* Long mode: PAE, CR3, EFER.LME, then paging (SDM vol. 3A 10.8.5). */
	lgdt	rt_gdt_ptr
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$rt_pml4, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_PE), %eax
	mov	%eax, %cr0
	ljmp	$RT_CS64, $rt_entry64

	.code64
rt_entry64:
	mov	$RT_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$rt_boot_stack + BOOT_STACK_SIZE, %rsp
	mov	%ebx, %edi		/* arg 1: hvm_start_info (zero-extended) */
	call	rt_start
2:	cli				/* rt_start never returns; be safe anyway */
	hlt
	jmp	2b

/*
 * Exception stubs for vectors 0..31. Each pushes a dummy error code where
 * the CPU pushes none (SDM vol. 3A table 6-1: 8, 10-14, 17, 21, 29, 30 have
 * one), then its vector, so rt_exception() sees one frame layout.
 */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			(v) == 21 || (v) == 29 || (v) == 30)

	.altmacro
	.macro rt_stub vec
	.balign 16
	.if HAS_ERRCODE(\vec) == 0
	push	$0
	.endif
	push	$\vec
	jmp	rt_exception_common
	.endm

	.balign 16
	.globl rt_exception_stubs
rt_exception_stubs:
	.set vec, 0
	.rept 32
	rt_stub %vec
	.set vec, vec + 1
	.endr
	.noaltmacro

/* Save the GPRs as struct rt_frame (rt/guest.h), call C, restore, iretq. */
rt_exception_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	call	rt_exception
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	/* Flat GDT: 0x08 64-bit code, 0x10 data (SDM vol. 3A 3.4.5). */
	.globl rt_gdt
rt_gdt:
	.quad	0
	.quad	0x00af9a000000ffff
	.quad	0x00cf92000000ffff
rt_gdt_end:
	.globl rt_gdt_ptr
rt_gdt_ptr:
	.word	rt_gdt_end - rt_gdt - 1
	.long	rt_gdt

	.bss
	.balign 4096
	.globl rt_pml4, rt_pdpt, rt_pd
rt_pml4:	.skip 4096
rt_pdpt:	.skip 4096
rt_pd:		.skip 4096
rt_boot_stack:	.skip BOOT_STACK_SIZE

	.data
	.balign 8
	.globl rt_entry_tsc
rt_entry_tsc:
	.quad 0
