/*
 * Xen time and the one-shot timer for test guests (xen-abi.md §4.5, §4.6):
 * Xen system time from HVMOP_get_time, a per-vCPU upcall vector whose
 * handler only counts (rt_upcalls), and VCPUOP_set_singleshot_timer.
 */
#include "guest.h"
#include "hypercall.h"

#define HVMOP_get_time 10
#define HVMOP_set_evtchn_upcall_vector 23
#define VCPUOP_set_singleshot_timer 8

struct upcall_vector_arg { uint32_t vcpu; uint8_t vector; uint8_t pad[3]; };
struct singleshot_arg { uint64_t timeout_abs_ns; uint32_t flags; uint32_t pad; };

volatile unsigned int rt_upcalls;
void rt_upcall_entry(void);

/* The upcall handler: count and return (there is no APIC to acknowledge). */
__asm__(".text\n.globl rt_upcall_entry\nrt_upcall_entry:\n\tlock incl rt_upcalls(%rip)\n\tiretq\n");

uint64_t xen_time(void)
{
	uint64_t now = 0;

	if (hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_time, (unsigned long)&now))
		test_result_failure("HVMOP_get_time failed");
	return now;
}

long guest_upcall_init(unsigned int vector)
{
	struct upcall_vector_arg uv = { .vcpu = 0, .vector = (uint8_t)vector };

	guest_set_idt_gate(vector, rt_upcall_entry);
	return hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector, (unsigned long)&uv);
}

long guest_set_singleshot(uint64_t deadline_ns, unsigned int flags)
{
	struct singleshot_arg t = { .timeout_abs_ns = deadline_ns, .flags = flags };

	return hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (unsigned long)&t);
}
