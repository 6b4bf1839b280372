/*
 * counter: prints "tick N" count= times (default 10), busy-waiting delay=
 * TSC ticks (default 1000000) and yielding between prints. Several counters
 * on one CPU interleave their lines, which shows that the scheduler runs
 * them all and that SCHEDOP_yield hands the CPU over.
 */
#include "guest.h"

const char test_title[] = "count with a delay, yielding between ticks";

void test_main(void)
{
	unsigned long count = cmdline_get_ulong("count", 10);
	unsigned long delay = cmdline_get_ulong("delay", 1000000);

	for (unsigned long i = 1; i <= count; i++) {
		guest_printf("tick %lu\n", i);
		sleep_ticks(delay);
		guest_yield();
	}
	test_result_success();
}
