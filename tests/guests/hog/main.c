/*
 * hog: a CPU hog that never yields or blocks. It prints "hog alive N"
 * after every every= TSC ticks of busy work (default 10000000), count=
 * times (default 10), then shuts down so the scenario ends. Run beside
 * periodic or counter guests: they keep running only if the scheduler
 * preempts the hog.
 *
 * With spin=N it instead does N loop iterations of work between prints.
 * The TSC runs on while the hog is preempted, so every= measures elapsed
 * time; spin= measures CPU time received, which is what weight and cap
 * scenarios compare (tests/scenarios/bochs-sched-*.sh).
 */
#include "guest.h"

const char test_title[] = "spin without yielding, printing now and then";

/* Work that only advances while this vCPU runs; volatile keeps the loop. */
static void spin(unsigned long loops)
{
	for (volatile unsigned long i = 0; i < loops; i++)
		;
}

void test_main(void)
{
	unsigned long count = cmdline_get_ulong("count", 10);
	unsigned long every = cmdline_get_ulong("every", 10000000);
	unsigned long loops = cmdline_get_ulong("spin", 0);

	for (unsigned long i = 1; i <= count; i++) {
		if (loops)
			spin(loops);
		else
			sleep_ticks(every);	/* busy: never yields the CPU */
		guest_printf("hog alive %lu\n", i);
	}
	test_result_success();
}
