/*
 * badgpa: maps guest-physical 1 GiB (far beyond its RAM, default 16 MiB)
 * in its own page tables and writes there. The guest page tables are
 * valid, so the CPU raises no #PF; the access reaches the hypervisor as an
 * EPT violation on a GPA with no p2m entry and no MMIO handler, and the
 * hypervisor must kill this domain with a dump. Continuing is a FAILURE.
 */
#include "guest.h"

const char test_title[] = "write to unmapped guest-physical memory kills the domain";

#define BAD_GPA		0x40000000UL	/* 1 GiB: PDPT slot 1 */
#define PTE_P_RW	0x003UL
#define PDE_2M		0x083UL		/* present, writable, 2 MiB page */
#define PTE_ADDR_MASK	0x000ffffffffff000UL

static uint64_t bad_pd[512] __attribute__((aligned(4096)));

/* Identity-map [BAD_GPA, BAD_GPA + 2 MiB) next to the runtime's first GiB. */
static void map_bad_gpa(void)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR_MASK);
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR_MASK);

	bad_pd[0] = BAD_GPA | PDE_2M;
	pdpt[BAD_GPA >> 30] = (uintptr_t)bad_pd | PTE_P_RW;
	write_cr3(read_cr3());
}

void test_main(void)
{
	volatile uint32_t *p = (volatile uint32_t *)BAD_GPA;

	map_bad_gpa();
	guest_printf("badgpa: writing to GPA 0x%lx\n", BAD_GPA);
	*p = 0xdeadbeef;
	test_result_failure("write to GPA 0x%lx returned", BAD_GPA);
}
