/*
 * periodic: a soft real-time task. Every period= TSC ticks (default
 * 1000000) it wakes up (busy-waiting on RDTSC: no timer interrupt ABI yet)
 * for periods= deadlines (default 100). A deadline reached more than
 * slack= ticks late (default period/2) is a miss. Prints
 * "periodic: N periods, M missed" and passes if M <= maxmiss= (default 0).
 * Beside a hog, this measures whether the scheduler gives it the CPU often
 * enough; the scenario picks period, slack and maxmiss for its scheduler
 * settings (a 30 ms slice means one hog slice can cost several deadlines).
 */
#include "guest.h"

const char test_title[] = "meet periodic deadlines";

void test_main(void)
{
	uint64_t period = cmdline_get_ulong("period", 1000000);
	uint64_t slack = cmdline_get_ulong("slack", period / 2);
	unsigned long periods = cmdline_get_ulong("periods", 100);
	unsigned long maxmiss = cmdline_get_ulong("maxmiss", 0);
	unsigned long missed = 0;
	uint64_t deadline = rdtsc();

	if (!period) {
		test_result_error("period=0");
		return;
	}
	for (unsigned long i = 0; i < periods; i++) {
		deadline += period;
		while (rdtsc() < deadline)
			cpu_relax();
		/* Late by more than slack: the CPU was elsewhere too long. */
		if (rdtsc() - deadline > slack)
			missed++;
	}
	guest_printf("periodic: %lu periods, %lu missed\n", periods, missed);
	if (missed > maxmiss)
		test_result_failure("%lu deadlines missed (maxmiss=%lu)", missed,
				    maxmiss);
	else
		test_result_success();
}
