/*
 * mmio: loads and stores to the hypervisor's MMIO test device (booted with
 * "mmio_testdev": 4 KiB at GPA 0xfeb00000; 0x00 scratch, 0x08 magic,
 * 0x10 write counter) are emulated exactly: 8/16/32/64-bit MOV both ways,
 * MOVZX/MOVSX, immediates, AH/CH with no REX, SIL and R8-R15 with one,
 * SIB, moffs and RIP-relative forms; register bits outside the access
 * keep (8/16-bit) or clear (32-bit) as on hardware. Each instruction is
 * written out in asm so the compiler cannot pick another form.
 * Option bad=1: instead, do one "addl $1" to the device, which the
 * hypervisor cannot emulate: it must crash the domain (returning is a FAILURE).
 */
#include "guest.h"

const char test_title[] = "MMIO loads and stores are emulated exactly";

#define TESTDEV_GPA	0xfeb00000UL
#define TESTDEV_ALIAS	0x40100000UL	/* the same page, mapped near the code for RIP-relative */
#define TESTDEV_MAGIC	0x584e4c4d4d494f21UL	/* "XNLMMIO!" */
#define PTE_P_RW	0x003UL
#define PDE_2M_UC	0x09bUL		/* present, writable, PWT|PCD, 2 MiB page */
#define PTE_ADDR_MASK	0x000ffffffffff000UL
#define GIB		(1UL << 30)
#define MIB2		(1UL << 21)

/* Defined in alias.S: as an undefined symbol here, testdev_alias(%rip) gets a PC-relative reloc. */
extern char testdev_alias[];

static uint64_t pd_high[512] __attribute__((aligned(4096)));
static uint64_t pd_alias[512] __attribute__((aligned(4096)));
static unsigned int checks, writes;

/* Map the device's 2 MiB frame at its own address (PDPT slot 3) and at 1 GiB (slot 1). */
static void map_testdev(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR_MASK);
	uint64_t frame = TESTDEV_GPA & ~(MIB2 - 1);

	pd_high[(TESTDEV_GPA % GIB) / MIB2] = frame | PDE_2M_UC;
	pd_alias[0] = frame | PDE_2M_UC;
	pdpt[TESTDEV_GPA / GIB] = (uintptr_t)pd_high | PTE_P_RW;
	pdpt[1] = (uintptr_t)pd_alias | PTE_P_RW;
	write_cr3(read_cr3());
}

static void check(const char *what, uint64_t got, uint64_t want)
{
	checks++;
	if (got != want)
		test_result_failure("%s: got 0x%lx, expected 0x%lx", what, got, want);
}

/* The scratch register through a plain 64-bit load. */
static uint64_t scratch(volatile uint64_t *dev)
{
	uint64_t v;

	__asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(dev) : "memory");
	return v;
}

/* MOV of each width, both directions, through low, high and new registers. */
static void test_mov(volatile uint64_t *dev)
{
	register uint64_t r9 __asm__("r9"), r10 __asm__("r10") = 0xaabbccdd;
	register uint64_t r11 __asm__("r11") = ~0UL, r12 __asm__("r12") = 0x1234beef;
	register uint64_t r13 __asm__("r13") = ~0UL;
	uint64_t rax = 0x1122334455667788UL, rcx = 0x1111111111111111UL, rsi = 0x2222222222222222UL;

	__asm__ volatile("movq %%rax, (%1)\n\tmovq (%1), %%r9" : "=r"(r9) : "D"(dev), "a"(rax) : "memory");
	check("movq %rax,(%rdi); movq (%rdi),%r9", r9, rax);
	__asm__ volatile("movl %%r10d, 4(%1)\n\tmovl 4(%1), %%r11d" : "+r"(r11) : "D"(dev), "r"(r10) : "memory");
	check("movl %r10d,4(%rdi)", scratch(dev), 0xaabbccdd55667788UL);
	check("movl 4(%rdi),%r11d zero-extends", r11, 0xaabbccdd);
	__asm__ volatile("movw %%r12w, 2(%1)\n\tmovw 2(%1), %%r13w" : "+r"(r13) : "D"(dev), "r"(r12) : "memory");
	check("movw %r12w,2(%rdi)", scratch(dev), 0xaabbccddbeef7788UL);
	check("movw 2(%rdi),%r13w keeps bits 63:16", r13, 0xffffffffffffbeefUL);
	rax = 0x5a00;
	__asm__ volatile("movb %%ah, 1(%1)\n\tmovb 1(%1), %%ch" : "+c"(rcx) : "D"(dev), "a"(rax) : "memory");
	check("movb %ah,1(%rdi)", scratch(dev), 0xaabbccddbeef5a88UL);
	check("movb 1(%rdi),%ch", rcx, 0x1111111111115a11UL);
	__asm__ volatile("movb (%1), %%sil" : "+S"(rsi) : "D"(dev) : "memory");
	check("movb (%rdi),%sil", rsi, 0x2222222222222288UL);
	writes += 4;
}

/* MOVZX/MOVSX of bytes and words into 16/32/64-bit registers. */
static void test_extend(volatile uint64_t *dev)
{
	register uint64_t r14 __asm__("r14") = ~0UL, r15 __asm__("r15") = ~0UL;
	uint64_t rdx = 0, rbx = ~0UL, rax = 0x3333333333333333UL;

	/* scratch is 0xaabbccddbeef5a88 */
	__asm__ volatile("movzbl 7(%1), %%r14d" : "+r"(r14) : "D"(dev) : "memory");
	check("movzbl 7(%rdi),%r14d", r14, 0xaa);
	__asm__ volatile("movzwq 6(%1), %%r15" : "+r"(r15) : "D"(dev) : "memory");
	check("movzwq 6(%rdi),%r15", r15, 0xaabb);
	__asm__ volatile("movsbq 7(%1), %%rdx" : "+d"(rdx) : "D"(dev) : "memory");
	check("movsbq 7(%rdi),%rdx", rdx, 0xffffffffffffffaaUL);
	__asm__ volatile("movswl 4(%1), %%ebx" : "+b"(rbx) : "D"(dev) : "memory");
	check("movswl 4(%rdi),%ebx", rbx, 0xffffccdd);
	__asm__ volatile("movsbw (%1), %%ax" : "+a"(rax) : "D"(dev) : "memory");
	check("movsbw (%rdi),%ax", rax, 0x333333333333ff88UL);
}

/* Immediate stores: imm32 sign-extended by REX.W, then narrower ones on top. */
static void test_immediate(volatile uint64_t *dev)
{
	__asm__ volatile("movq $-2, (%0)" : : "D"(dev) : "memory");
	check("movq $-2,(%rdi)", scratch(dev), 0xfffffffffffffffeUL);
	__asm__ volatile("movl $0x12345678, (%0)\n\tmovw $0x9abc, 4(%0)\n\tmovb $0x7f, 7(%0)"
			 : : "D"(dev) : "memory");
	check("movl/movw/movb immediates", scratch(dev), 0x7fff9abc12345678UL);
	writes += 4;
}

/* SIB with an R8-based address, moffs (movabs) and RIP-relative forms. */
static void test_addressing(volatile uint64_t *dev)
{
	register volatile uint64_t *r8 __asm__("r8") = dev;
	uint64_t rax = 0xcafe, rcx = 1, rdx;

	__asm__ volatile("movl %%eax, (%1,%%rcx,4)" : : "a"(rax), "r"(r8), "c"(rcx) : "memory");
	__asm__ volatile("movabs 0xfeb00000, %%rax" : "=a"(rax) : : "memory");
	check("movl %eax,(%r8,%rcx,4); movabs 0xfeb00000,%rax", rax, 0x0000cafe12345678UL);
	rax = 0x0102030405060708UL;
	__asm__ volatile("movq %1, testdev_alias(%%rip)\n\tmovq testdev_alias(%%rip), %0"
			 : "=d"(rdx) : "a"(rax) : "memory");
	check("movq %rax,testdev_alias(%rip) and back", rdx, rax);
	writes += 2;
}

void test_main(void)
{
	volatile uint64_t *dev = (volatile uint64_t *)TESTDEV_GPA;
	uint64_t writes_before, magic;
	char name[9] = "";

	map_testdev();
	if (cmdline_get_ulong("bad", 0)) {
		guest_printf("mmio: addl $1 to the device (cannot be emulated)\n");
		__asm__ volatile("addl $1, (%0)" : : "r"(dev) : "memory");
		return test_result_failure("addl to MMIO returned");
	}
	writes_before = dev[2];
	test_mov(dev);
	test_extend(dev);
	test_immediate(dev);
	test_addressing(dev);
	magic = dev[1];
	check("magic", magic, TESTDEV_MAGIC);
	__asm__ volatile("movq $0, 8(%0)" : : "r"(dev) : "memory");
	writes++;
	check("magic after a write (read-only)", dev[1], TESTDEV_MAGIC);
	check("write counter", dev[2] - writes_before, writes);
	for (int i = 0; i < 8; i++)
		name[i] = (char)(magic >> (56 - 8 * i));
	guest_printf("mmio: %u checks, magic %s, %u writes counted\n", checks, name, writes);
	test_result_success();
}
