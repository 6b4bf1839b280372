/*
 * badmsr: reads MSR 0x1234, which no CPU implements and the hypervisor's
 * MSR allow-list does not contain. The hypervisor must inject #GP into the
 * guest (as hardware would), not crash it or return a value. The guest's
 * own #GP handler records the fault and skips the 2-byte rdmsr.
 */
#include "guest.h"

const char test_title[] = "rdmsr of an unknown MSR raises #GP in the guest";

#define BAD_MSR		0x1234
#define VEC_GP		13
#define RDMSR_LEN	2	/* 0f 32 */

static volatile unsigned int gp_count;

static void gp_handler(struct rt_frame *frame)
{
	gp_count++;
	frame->rip += RDMSR_LEN;
}

void test_main(void)
{
	uint64_t val;

	guest_set_exception_handler(VEC_GP, gp_handler);
	val = rdmsr(BAD_MSR);
	guest_set_exception_handler(VEC_GP, NULL);
	if (gp_count == 1) {
		guest_printf("badmsr: #GP caught for MSR 0x%x\n", BAD_MSR);
		test_result_success();
	} else if (gp_count == 0) {
		test_result_failure("rdmsr 0x%x returned 0x%lx without #GP",
				    BAD_MSR, val);
	} else {
		test_result_failure("%u #GPs for one rdmsr", gp_count);
	}
}
