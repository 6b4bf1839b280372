/*
 * AP trampoline for the smp guest: copied to GPA 0x8000 by main.c and
 * entered in real mode at 0800:0000 after INIT-SIPI-SIPI with vector 0x08.
 * It goes straight to 64-bit mode on the BSP's page tables and calls the C
 * entry in the parameter block that main.c fills in (struct tramp_params).
 */
#define TRAMP_BASE	0x8000
/* Address of a trampoline label once copied to TRAMP_BASE. */
#define T(x)		((x) - smp_tramp_start + TRAMP_BASE)

	.section .rodata, "a"
	.code16
	.globl smp_tramp_start, smp_tramp_params, smp_tramp_end
smp_tramp_start:
	cli
	xor	%ax, %ax
	mov	%ax, %ds		/* T() addresses are linear, below 64 KiB */
	lgdtl	T(tramp_gdt_ptr)
	mov	%cr4, %eax
	or	$(1 << 5), %eax		/* CR4.PAE */
	mov	%eax, %cr4
	movl	T(smp_tramp_params), %eax	/* params.cr3 (below 4 GiB) */
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* EFER */
	rdmsr
	or	$(1 << 8), %eax		/* EFER.LME */
	wrmsr
	/*
	 * PE and PG together: real mode straight into IA-32e mode, then a far
	 * jump loads the 64-bit CS (SDM vol. 3A 10.8.5 allows any order of
	 * PE and PG being set once LME and PAE are).
	 */
	mov	%cr0, %eax
	or	$0x80000001, %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $T(tramp64)

	.code64
tramp64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	T(smp_tramp_params) + 8, %rsp	/* params.stack */
	call	*T(smp_tramp_params) + 16	/* params.entry, never returns */
1:	cli
	hlt
	jmp	1b

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
tramp_gdt_ptr:
	.word	tramp_gdt_ptr - tramp_gdt - 1
	.long	T(tramp_gdt)

	.balign 8
smp_tramp_params:			/* struct tramp_params in main.c */
	.quad	0, 0, 0
smp_tramp_end:
