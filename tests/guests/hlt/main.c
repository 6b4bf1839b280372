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

#define HVMOP_get_time 10
#define HVMOP_set_evtchn_upcall_vector 23
#define VCPUOP_set_singleshot_timer 8
#define VCPU_SSHOTTMR_future 1u
#define UPCALL_VECTOR 0xf3

struct upcall_vector_arg { uint32_t vcpu; uint8_t vector; uint8_t pad[3]; };
struct singleshot_arg { uint64_t timeout_abs_ns; uint32_t flags; uint32_t pad; };

volatile unsigned int upcalls;
void upcall_entry(void);

/* The upcall handler: count and return (no APIC to acknowledge). */
__asm__(".text\n.globl upcall_entry\nupcall_entry:\n\tlock incl upcalls(%rip)\n\tiretq\n");

static uint64_t xen_time(void)
{
	uint64_t now = 0;

	if (hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_time, (unsigned long)&now))
		test_result_failure("HVMOP_get_time failed");
	return now;
}

void test_main(void)
{
	struct upcall_vector_arg uv = { .vcpu = 0, .vector = UPCALL_VECTOR };
	uint64_t wait = cmdline_get_ulong("wait", 5000000), start, woke;
	struct singleshot_arg t;
	long rc;

	guest_set_idt_gate(UPCALL_VECTOR, upcall_entry);
	rc = hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector, (unsigned long)&uv);
	if (rc)
		return test_result_failure("set_evtchn_upcall_vector returned %ld", rc);
	start = xen_time();
	t = (struct singleshot_arg){ .timeout_abs_ns = start + wait, .flags = VCPU_SSHOTTMR_future };
	rc = hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (unsigned long)&t);
	if (rc)
		return test_result_failure("set_singleshot_timer returned %ld", rc);
	while (!upcalls)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	woke = xen_time();
	guest_printf("hlt: woke after %lu ns (asked %lu), %u upcall(s)\n",
		     (unsigned long)(woke - start), (unsigned long)wait, upcalls);
	if (woke - start < wait)
		return test_result_failure("woke %lu ns early", (unsigned long)(wait - (woke - start)));
	t.timeout_abs_ns = 1;           /* in the past: -ETIME with the flag */
	rc = hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (unsigned long)&t);
	if (rc != -62)
		return test_result_failure("past deadline gave %ld, not -ETIME", rc);
	test_result_success();
}
