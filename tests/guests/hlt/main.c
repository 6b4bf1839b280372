/*
 * hlt: HLT with interrupts enabled blocks the vCPU until its one-shot
 * timer fires. The guest sets its upcall vector (HVMOP_set_evtchn_upcall_
 * vector), reads Xen system time (HVMOP_get_time), arms the timer
 * (VCPUOP_set_singleshot_timer) `wait=` ns ahead (default 5 ms), then
 * executes STI; HLT. It passes if the upcall handler ran and the wake-up
 * came no earlier than the deadline; a deadline in the past with
 * VCPU_SSHOTTMR_future must give -ETIME.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "HLT blocks until the one-shot timer's upcall wakes the vCPU";

#define VCPU_SSHOTTMR_future 1u
#define UPCALL_VECTOR 0xf3

void test_main(void)
{
	uint64_t wait = cmdline_get_ulong("wait", 5000000), start, woke;
	long rc;

	if ((rc = guest_upcall_init(UPCALL_VECTOR)))
		return test_result_failure("set_evtchn_upcall_vector returned %ld", rc);
	start = xen_time();
	if ((rc = guest_set_singleshot(start + wait, VCPU_SSHOTTMR_future)))
		return test_result_failure("set_singleshot_timer returned %ld", rc);
	while (!rt_upcalls)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	woke = xen_time();
	guest_printf("hlt: woke after %lu ns (asked %lu), %u upcall(s)\n",
		     (unsigned long)(woke - start), (unsigned long)wait, rt_upcalls);
	if (woke - start < wait)
		return test_result_failure("woke %lu ns early", (unsigned long)(wait - (woke - start)));
	rc = guest_set_singleshot(1, VCPU_SSHOTTMR_future);     /* past: -ETIME */
	if (rc != -62)
		return test_result_failure("past deadline gave %ld, not -ETIME", rc);
	test_result_success();
}
