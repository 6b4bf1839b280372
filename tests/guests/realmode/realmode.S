/*
 * realmode: a flat 16-bit binary (not ELF) the hypervisor loads at GPA
 * 0x7c00 and starts in real mode at CS:IP = 0:0x7c00, which needs VMX
 * "unrestricted guest". It checks CR0.PE is clear, prints through the
 * debug-console port 0xE9 (XEN_HVM_DEBUGCONS_IOPORT), then stops with
 * cli; hlt. It is also a valid boot sector, so it runs under plain QEMU:
 *   qemu-system-x86_64 -drive file=build/guests/realmode.bin,format=raw \
 *       -debugcon stdio -display none
 */
#define DEBUGCON_PORT	0xe9

	.code16
	.text
	.globl _start
_start:
	cli
	ljmp	$0, $1f			/* some loaders use 07c0:0000: normalise */
1:	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$0x7c00, %sp		/* stack grows down below the image */
	cld

	mov	$hello, %si
	call	puts
	smsw	%ax			/* CR0 low word; SMSW is legal in real mode */
	test	$1, %al			/* CR0.PE */
	jnz	not_real
	mov	$success, %si
	call	puts
	jmp	stop
not_real:
	mov	$failure, %si
	call	puts
stop:
	cli
	hlt
	jmp	stop

/* Write the NUL-terminated string at DS:SI to the debug console. */
puts:
	lodsb
	test	%al, %al
	jz	2f
	outb	%al, $DEBUGCON_PORT
	jmp	puts
2:	ret

hello:		.asciz "real mode hello\n"
success:	.asciz "Test result: SUCCESS\n"
failure:	.asciz "Test result: FAILURE: CR0.PE is set\n"

	.org	510			/* boot sector signature for BIOS loaders */
	.word	0xaa55
