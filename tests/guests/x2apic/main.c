/*
 * x2apic: conformance of the x2APIC register file (arch/x86/vlapic.c) a
 * guest's APIC setup touches: reset values, read-back of stored registers
 * and their writable bits, derived LDR, and #GP exactly where the SDM puts
 * it (reads of write-only, writes of read-only registers, non-zero EOI/ESR
 * writes, reserved high halves, absent registers).
 */
#include "guest.h"

const char test_title[] = "x2APIC registers: reset values, read/write, #GP rules";

#define VEC_GP		13
#define MSR_INSN_LEN	2	/* 0f 32 / 0f 30 */

static volatile unsigned int gp_count;
static unsigned int failures;

static void gp_handler(struct rt_frame *frame)
{
	gp_count++;
	frame->rip += MSR_INSN_LEN;
}

/* True if the access raised #GP. */
static bool rd_gp(uint32_t msr, uint64_t *val)
{
	unsigned int before = gp_count;

	*val = rdmsr(msr);
	return gp_count != before;
}

static bool wr_gp(uint32_t msr, uint64_t val)
{
	unsigned int before = gp_count;

	wrmsr(msr, val);
	return gp_count != before;
}

static void expect_read(uint32_t msr, uint64_t want)
{
	uint64_t val = 0;

	if (rd_gp(msr, &val) || val != want) {
		test_result_failure("MSR 0x%x reads 0x%lx, want 0x%lx", msr, val, want);
		failures++;
	}
}

static void expect_gp(uint32_t msr, bool write, uint64_t val)
{
	uint64_t dummy;

	if (!(write ? wr_gp(msr, val) : rd_gp(msr, &dummy))) {
		test_result_failure("%s of MSR 0x%x (0x%lx) did not #GP", write ? "write" : "read",
				    msr, val);
		failures++;
	}
}

/* Write, then read back what the register keeps of it. */
static void expect_store(uint32_t msr, uint64_t val, uint64_t kept)
{
	if (wr_gp(msr, val)) {
		test_result_failure("write of MSR 0x%x (0x%lx) raised #GP", msr, val);
		failures++;
		return;
	}
	expect_read(msr, kept);
}

static void check_reset_values(void)
{
	expect_read(0x802, 0);			/* ID = vCPU id */
	expect_read(0x803, 0x50014);		/* version 0x14, max LVT 5 */
	expect_read(0x808, 0);			/* TPR */
	expect_read(0x80d, 0x1);		/* LDR: cluster 0, bit 0 */
	expect_read(0x80f, 0xff);		/* SVR: APIC software-disabled */
	for (uint32_t m = 0x810; m <= 0x827; m++)
		expect_read(m, 0);		/* ISR, TMR, IRR: nothing pending */
	expect_read(0x828, 0);			/* ESR */
	for (uint32_t m = 0x832; m <= 0x837; m++)
		expect_read(m, 0x10000);	/* LVTs masked */
	expect_read(0x838, 0);
	expect_read(0x839, 0);
	expect_read(0x83e, 0);
	guest_printf("x2apic: reset values OK (version 0x50014, LDR 0x1, SVR 0xff, LVTs masked)\n");
}

static void check_stores(void)
{
	expect_store(0x808, 0x20, 0x20);
	expect_store(0x80f, 0x1ff, 0x1ff);			/* enable, vector 0xff */
	expect_store(0x80f, 0xffffffff, 0x11ff);		/* only writable bits kept */
	expect_store(0x832, 0x200ef, 0x200ef);			/* timer: periodic, vector 0xef */
	expect_store(0x833, 0x100fa, 0x100fa);
	expect_store(0x834, 0x400, 0x400);			/* PMI: NMI, unmasked */
	expect_store(0x835, 0x700, 0x700);			/* LINT0: ExtINT */
	expect_store(0x836, 0x400, 0x400);			/* LINT1: NMI */
	expect_store(0x837, 0xfe, 0xfe);
	expect_store(0x837, 0x1000, 0);				/* delivery status is read-only */
	expect_store(0x838, 123456, 123456);			/* initial count */
	expect_read(0x839, 0);					/* the timer never counts */
	expect_store(0x83e, 0xb, 0xb);
	expect_store(0x828, 0, 0);				/* ESR: write 0 */
	if (wr_gp(0x80b, 0) || wr_gp(0x83f, 0x40)) {		/* EOI, SELF IPI accepted */
		test_result_failure("EOI or SELF IPI write raised #GP");
		failures++;
	}
	guest_printf("x2apic: TPR, SVR, 6 LVTs, TMICT, TDCR stored; EOI 0 and SELF IPI accepted\n");
}

static void check_faults(void)
{
	expect_gp(0x80b, false, 0);		/* EOI is write-only */
	expect_gp(0x83f, false, 0);		/* SELF IPI is write-only */
	expect_gp(0x80b, true, 1);		/* EOI must be written 0 */
	expect_gp(0x828, true, 1);		/* ESR must be written 0 */
	expect_gp(0x803, true, 0);		/* version is read-only */
	expect_gp(0x80d, true, 0);		/* LDR is read-only in x2APIC mode */
	expect_gp(0x810, true, 0);		/* ISR is read-only */
	expect_gp(0x808, true, 1ul << 32);	/* reserved high half */
	expect_gp(0x83f, true, 0x100);		/* SELF IPI: vector only */
	expect_gp(0x82f, false, 0);		/* no CMCI LVT (max LVT 5) */
	expect_gp(0x804, false, 0);		/* reserved */
	guest_printf("x2apic: %u #GPs where the SDM puts them\n", gp_count);
}

void test_main(void)
{
	guest_set_exception_handler(VEC_GP, gp_handler);
	check_reset_values();
	check_stores();
	check_faults();
	guest_set_exception_handler(VEC_GP, NULL);
	if (!failures && gp_count == 11)
		test_result_success();
	else if (!failures)
		test_result_failure("%u #GPs, want 11", gp_count);
}
