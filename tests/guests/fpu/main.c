/*
 * fpu: a vCPU's SSE/AVX registers survive sharing a CPU with other vCPUs.
 * Enables OSFXSR/OSXSAVE and XCR0 = x87|SSE|AVX (when offered), fills
 * YMM0-15 with a pattern derived from its name, yields (so a second guest
 * pinned to the same CPU runs and fills them with its own), then checks
 * every register still holds its pattern — `rounds=` times.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "SSE/AVX state is kept apart between vCPUs";

#define CR4_OSFXSR (1ul << 9)
#define CR4_OSXSAVE (1ul << 18)
#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX (1u << 28)

static uint8_t pattern[16 * 32] __attribute__((aligned(32)));
static uint8_t readback[16 * 32] __attribute__((aligned(32)));

#define YMM_ALL(op, buf) \
	__asm__ volatile(op " 0x000(%0), %%ymm0\n" op " 0x020(%0), %%ymm1\n" \
			 op " 0x040(%0), %%ymm2\n" op " 0x060(%0), %%ymm3\n" \
			 op " 0x080(%0), %%ymm4\n" op " 0x0a0(%0), %%ymm5\n" \
			 op " 0x0c0(%0), %%ymm6\n" op " 0x0e0(%0), %%ymm7\n" \
			 op " 0x100(%0), %%ymm8\n" op " 0x120(%0), %%ymm9\n" \
			 op " 0x140(%0), %%ymm10\n" op " 0x160(%0), %%ymm11\n" \
			 op " 0x180(%0), %%ymm12\n" op " 0x1a0(%0), %%ymm13\n" \
			 op " 0x1c0(%0), %%ymm14\n" op " 0x1e0(%0), %%ymm15\n" \
			 : : "r"(buf) : "memory")
#define YMM_STORE_ALL(buf) \
	__asm__ volatile("vmovdqu %%ymm0, 0x000(%0)\n vmovdqu %%ymm1, 0x020(%0)\n" \
			 "vmovdqu %%ymm2, 0x040(%0)\n vmovdqu %%ymm3, 0x060(%0)\n" \
			 "vmovdqu %%ymm4, 0x080(%0)\n vmovdqu %%ymm5, 0x0a0(%0)\n" \
			 "vmovdqu %%ymm6, 0x0c0(%0)\n vmovdqu %%ymm7, 0x0e0(%0)\n" \
			 "vmovdqu %%ymm8, 0x100(%0)\n vmovdqu %%ymm9, 0x120(%0)\n" \
			 "vmovdqu %%ymm10, 0x140(%0)\n vmovdqu %%ymm11, 0x160(%0)\n" \
			 "vmovdqu %%ymm12, 0x180(%0)\n vmovdqu %%ymm13, 0x1a0(%0)\n" \
			 "vmovdqu %%ymm14, 0x1c0(%0)\n vmovdqu %%ymm15, 0x1e0(%0)\n" \
			 : : "r"(buf) : "memory")

static uint32_t cpuid1_ecx(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return c;
}

static void enable_avx(void)
{
	uint64_t cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR | CR4_OSXSAVE));
	__asm__ volatile("xsetbv" : : "c"(0), "a"(7), "d"(0));   /* x87|SSE|AVX */
}

void test_main(void)
{
	unsigned long rounds = cmdline_get_ulong("rounds", 20);
	const char *name = guest_name();
	uint8_t seed = (uint8_t)(name[0] * 31 + name[1]);

	if ((cpuid1_ecx() & (CPUID1_ECX_XSAVE | CPUID1_ECX_AVX)) != (CPUID1_ECX_XSAVE | CPUID1_ECX_AVX))
		return test_result_failure("CPUID offers no XSAVE+AVX");
	enable_avx();
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(seed + i * 7);
	for (unsigned long r = 0; r < rounds; r++) {
		YMM_ALL("vmovdqu", pattern);
		guest_yield();
		YMM_STORE_ALL(readback);
		for (size_t i = 0; i < sizeof(pattern); i++)
			if (readback[i] != pattern[i])
				return test_result_failure("round %lu: byte %zu of YMM%zu is %#x, not %#x",
							   r, i % 32, i / 32, readback[i], pattern[i]);
	}
	guest_printf("fpu: YMM0-15 intact after %lu yields\n", rounds);
	test_result_success();
}
