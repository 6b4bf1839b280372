/*
 * smp: a 2-vCPU guest (module option vcpus=2). The BSP starts vCPU 1 the
 * way firmware and Linux do: INIT, then two STARTUP IPIs through the
 * x2APIC ICR (MSR 0x830), whose vector is the page number of a real-mode
 * trampoline at GPA 0x8000 (trampoline.S). vCPU 1 reaches 64-bit C code
 * and sets a flag; the BSP waits for it, bounded by timeout= TSC ticks.
 */
#include "guest.h"

const char test_title[] = "second vCPU starts by INIT-SIPI-SIPI";

#define TRAMP_BASE		0x8000UL
#define MSR_APIC_BASE		0x1b
#define APIC_BASE_EXTD		(1UL << 10)	/* x2APIC mode */
#define APIC_BASE_EN		(1UL << 11)
#define MSR_X2APIC_ICR		0x830
/* ICR low word (SDM vol. 3A 12.6.1): delivery mode and level assert. */
#define ICR_INIT		0x00000500UL
#define ICR_STARTUP		0x00000600UL
#define ICR_LEVEL_ASSERT	0x00004000UL
#define AP_APIC_ID		1UL

/* Filled in before the SIPI; layout matches smp_tramp_params. */
struct tramp_params {
	uint64_t cr3, stack, entry;
};

extern const char smp_tramp_start[], smp_tramp_params[], smp_tramp_end[];

static uint8_t ap_stack[4096] __attribute__((aligned(16)));
static volatile uint32_t ap_up;

static void __noreturn ap_main(void)
{
	ap_up = 1;
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void tramp_install(void)
{
	size_t len = (size_t)(smp_tramp_end - smp_tramp_start);
	struct tramp_params *p = (void *)(TRAMP_BASE +
					  (size_t)(smp_tramp_params - smp_tramp_start));

	memcpy((void *)TRAMP_BASE, smp_tramp_start, len);
	p->cr3 = read_cr3();
	p->stack = (uintptr_t)(ap_stack + sizeof(ap_stack));
	p->entry = (uintptr_t)ap_main;
}

/* x2APIC ICR write: destination APIC ID in the high 32 bits. */
static void send_ipi(uint64_t dest, uint64_t low)
{
	wrmsr(MSR_X2APIC_ICR, (dest << 32) | low);
}

static void start_ap(uint64_t delay)
{
	uint64_t vector = TRAMP_BASE >> 12;

	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_EN | APIC_BASE_EXTD);
	send_ipi(AP_APIC_ID, ICR_INIT | ICR_LEVEL_ASSERT);
	sleep_ticks(delay);
	/* Two SIPIs, as the MP specification recommends; the 2nd is ignored
	 * by a vCPU that already left wait-for-SIPI. */
	for (int i = 0; i < 2; i++) {
		send_ipi(AP_APIC_ID, ICR_STARTUP | ICR_LEVEL_ASSERT | vector);
		sleep_ticks(delay / 10);
	}
}

void test_main(void)
{
	uint64_t timeout = cmdline_get_ulong("timeout", 200000000);
	uint64_t start;

	tramp_install();
	start_ap(cmdline_get_ulong("sipi_delay", 100000));
	start = rdtsc();
	while (!ap_up && rdtsc() - start < timeout)
		cpu_relax();
	if (!ap_up) {
		test_result_failure("vcpu1 did not come up within %lu TSC ticks",
				    (unsigned long)timeout);
		return;
	}
	guest_printf("vcpu1 up\n");
	test_result_success();
}
