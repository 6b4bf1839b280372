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

#define UPCALL_VECTOR 0xf3

/* Sleep in HLT until the one-shot timer set for deadline fires. */
static void sleep_until(uint64_t deadline)
{
	unsigned int seen = rt_upcalls;

	guest_set_singleshot(deadline, 0);
	while (rt_upcalls == seen)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void test_main(void)
{
	uint64_t period = cmdline_get_ulong("period", 10000000);
	uint64_t slack = cmdline_get_ulong("slack", 2000000);
	unsigned long periods = cmdline_get_ulong("periods", 50);
	unsigned long work = cmdline_get_ulong("work", 1000);
	unsigned long maxmiss = cmdline_get_ulong("maxmiss", 0), missed = 0;
	uint64_t deadline, worst = 0;

	if (guest_upcall_init(UPCALL_VECTOR))
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
