/*
 * periodic: a soft real-time task that sleeps between its deadlines. Every
 * period= ns (default 10 ms) of Xen system time it wakes up from HLT on its
 * one-shot timer (HVMOP_set_evtchn_upcall_vector + VCPUOP_set_singleshot_
 * timer, as the hlt guest), does work= loop iterations (default 1000), and
 * arms the next deadline. A wake-up later than slack= ns after its deadline
 * (default 2 ms) is a miss. Prints "periodic: N periods, M missed, worst
 * late L ns" and passes if M <= maxmiss= (default 0). Beside a CPU hog on
 * the same CPU this shows that wake-up preemption gives a sleeping task
 * the CPU promptly, whatever the hog's time slice.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "meet periodic deadlines, sleeping in between";

#define HVMOP_get_time 10
#define HVMOP_set_evtchn_upcall_vector 23
#define VCPUOP_set_singleshot_timer 8
#define UPCALL_VECTOR 0xf3

struct upcall_vector_arg { uint32_t vcpu; uint8_t vector; uint8_t pad[3]; };
struct singleshot_arg { uint64_t timeout_abs_ns; uint32_t flags; uint32_t pad; };

volatile unsigned int ticks;
void periodic_upcall(void);
__asm__(".text\n.globl periodic_upcall\nperiodic_upcall:\n\tlock incl ticks(%rip)\n\tiretq\n");

static uint64_t xen_time(void)
{
	uint64_t now = 0;

	hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_time, (unsigned long)&now);
	return now;
}

/* Sleep in HLT until the one-shot timer set for deadline fires. */
static void sleep_until(uint64_t deadline)
{
	struct singleshot_arg t = { .timeout_abs_ns = deadline };
	unsigned int seen = ticks;

	hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (unsigned long)&t);
	while (ticks == seen)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void test_main(void)
{
	struct upcall_vector_arg uv = { .vcpu = 0, .vector = UPCALL_VECTOR };
	uint64_t period = cmdline_get_ulong("period", 10000000);
	uint64_t slack = cmdline_get_ulong("slack", 2000000);
	unsigned long periods = cmdline_get_ulong("periods", 50);
	unsigned long work = cmdline_get_ulong("work", 1000);
	unsigned long maxmiss = cmdline_get_ulong("maxmiss", 0), missed = 0;
	uint64_t deadline, worst = 0;

	guest_set_idt_gate(UPCALL_VECTOR, periodic_upcall);
	if (hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector, (unsigned long)&uv))
		return test_result_error("cannot set the upcall vector");
	deadline = xen_time();
	for (unsigned long i = 0; i < periods; i++) {
		uint64_t late;

		deadline += period;
		sleep_until(deadline);
		late = xen_time() - deadline;
		worst = late > worst ? late : worst;
		missed += late > slack;
		for (volatile unsigned long w = 0; w < work; w++)
			;
	}
	guest_printf("periodic: %lu periods, %lu missed, worst late %lu ns\n", periods, missed,
		     (unsigned long)worst);
	if (missed > maxmiss)
		return test_result_failure("%lu deadlines missed (maxmiss=%lu)", missed, maxmiss);
	test_result_success();
}
