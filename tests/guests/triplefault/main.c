/*
 * triplefault: loads an empty IDT (limit 0) and executes int3. The #BP
 * cannot be delivered (#GP), nor can the #GP (#DF), nor the #DF: a triple
 * fault (SDM vol. 3A 6.15, interrupt 8). The hypervisor must kill only
 * this domain; a bystander domain keeps printing. Continuing is a FAILURE.
 */
#include "guest.h"

const char test_title[] = "triple fault kills only this domain";

struct __attribute__((packed)) idt_ptr {
	uint16_t limit;
	uint64_t base;
};

void test_main(void)
{
	static const struct idt_ptr empty = { 0, 0 };

	guest_printf("triplefault: loading an empty IDT, then int3\n");
	__asm__ volatile("lidt %0; int3" : : "m"(empty) : "memory");
	test_result_failure("still running after a triple fault");
}
