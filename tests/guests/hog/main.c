/*
 * hog: a CPU hog that never yields or blocks. It prints "hog alive N"
 * after every every= TSC ticks of busy work (default 10000000), count=
 * times (default 10), then shuts down so the scenario ends. Run beside
 * periodic or counter guests: they keep running only if the scheduler
 * preempts the hog.
 */
#include "guest.h"

const char test_title[] = "spin without yielding, printing now and then";

void test_main(void)
{
	unsigned long count = cmdline_get_ulong("count", 10);
	unsigned long every = cmdline_get_ulong("every", 10000000);

	for (unsigned long i = 1; i <= count; i++) {
		sleep_ticks(every);	/* busy: never yields the CPU */
		guest_printf("hog alive %lu\n", i);
	}
	test_result_success();
}
