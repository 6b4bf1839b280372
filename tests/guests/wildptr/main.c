/*
 * wildptr: hypercalls with bad arguments must fail cleanly, never fault the
 * host: console_io with a buffer at an unmapped address and with a buffer
 * running from RAM off the end of RAM both return -EFAULT (the hypervisor
 * reaches guest memory only through checked copies); an unknown hypercall
 * number returns -ENOSYS.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "wild hypercall pointers give -EFAULT, unknown numbers -ENOSYS";

#define WILD_VA		0xdead00000000UL	/* no guest page table maps it */
#define UNKNOWN_HCALL	60			/* unused (xen-abi.md 3) */

/* Run one hypercall case and compare its result with the expected one. */
static void check(const char *what, long got, long want)
{
	if (got == want) {
		guest_printf("wildptr: %s -> %ld as expected\n", what, got);
		return;
	}
	test_result_failure("%s returned %ld, expected %ld", what, got, want);
}

void test_main(void)
{
	uint64_t ram_end = guest_ram_end();

	guest_printf("wildptr: RAM ends at 0x%lx\n", (unsigned long)ram_end);
	check("console_io(wild buffer)",
	      hypercall_console_write((const void *)WILD_VA, 16), -XEN_EFAULT);
	/*
	 * The last 8 bytes of RAM plus 8 beyond: mapped by our page tables
	 * (the first GiB is identity-mapped) but not backed by the p2m.
	 */
	if (!ram_end || ram_end >= (1UL << 30))
		test_result_error("no usable memory map (RAM end 0x%lx)", ram_end);
	else
		check("console_io(buffer crossing the end of RAM)",
		      hypercall_console_write((const void *)(uintptr_t)(ram_end - 8), 16),
		      -XEN_EFAULT);
	check("hypercall 60", hypercall0(UNKNOWN_HCALL), -XEN_ENOSYS);
	test_result_success();
}
