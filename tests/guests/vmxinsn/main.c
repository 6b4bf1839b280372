/*
 * vmxinsn: VMX is not offered to guests. CPUID must not report it, and
 * each VMX instruction (which always exits in VMX non-root operation)
 * must raise #UD in the guest, not run and not kill the domain.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "VMX instructions raise #UD; CPUID hides VMX";

#define VEC_UD 6
#define CPUID1_ECX_VMX (1u << 5)

static volatile uint64_t resume_at;
static volatile unsigned int uds;

static void ud_handler(struct rt_frame *frame)
{
	uds++;
	frame->rip = resume_at;
}

/* Run one instruction with resume_at pointing just past it. */
#define EXPECT_UD(insn, ...)                                                   \
	__asm__ volatile("lea 1f(%%rip), %%rax\n\tmov %%rax, %0\n\t" insn "\n1:" \
			 : "=m"(resume_at) : __VA_ARGS__ : "rax", "memory")

static uint64_t region[2] __attribute__((aligned(16)));

void test_main(void)
{
	uint32_t a = 1, b, c = 0, d;
	unsigned int expected = 0;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (c & CPUID1_ECX_VMX)
		return test_result_failure("CPUID.1:ECX reports VMX");
	guest_set_exception_handler(VEC_UD, ud_handler);
	EXPECT_UD("vmxon %1", "m"(region[0])); expected++;
	EXPECT_UD("vmptrld %1", "m"(region[0])); expected++;
	EXPECT_UD("vmclear %1", "m"(region[0])); expected++;
	EXPECT_UD("vmread %%rbx, %%rcx", "m"(region[0])); expected++;
	EXPECT_UD("invept %1, %%rcx", "m"(region[0])); expected++;
	EXPECT_UD("vmxoff", "m"(region[0])); expected++;
	guest_set_exception_handler(VEC_UD, NULL);
	guest_printf("vmxinsn: %u of %u VMX instructions raised #UD\n", uds, expected);
	if (uds != expected)
		return test_result_failure("%u #UDs for %u instructions", uds, expected);
	test_result_success();
}
