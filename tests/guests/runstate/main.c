/*
 * runstate: VCPUOP_register_runstate_memory_area, _get_runstate_info and
 * the periodic timer (xen-abi.md §4.6). The area is registered at a guest
 * *virtual* alias (PML4 slot 1 = VA 512 GiB maps the same RAM as slot 0),
 * so a hypervisor that took it as a physical address never writes it.
 * Yields and HLT-blocks must each re-copy the area (state_entry_time
 * strictly grows), blocked time must accumulate, the sum of the four
 * times must track HVMOP_get_time, and get_runstate_info must agree with
 * the copy. Then a 2 ms periodic timer must wake HLT ~10 times in 20 ms
 * and stop for good after VCPUOP_stop_periodic_timer. Also checks the
 * CPUID hides for unemulated MSRs: no RDTSCP/RDPID (RDTSCP #UDs), no
 * XSAVEC/XSAVES.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "runstate area, runstate info and the periodic timer";

#define VCPUOP_get_runstate_info 4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
#define UPCALL_VECTOR 0xf3
#define ALIAS_BASE (1ull << 39)         /* PML4 slot 1 */
#define MS 1000000ull
#define RS_RUNNING 0
#define RS_BLOCKED 2

struct runstate {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4];
};

extern uint64_t rt_pml4[512];
static struct runstate area __attribute__((aligned(64)));
static volatile int ud_seen;

static long vcpu_op(unsigned int cmd, const volatile void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, 0, (unsigned long)arg);
}

static uint64_t sum4(const struct runstate *r)
{
	return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

/* Alias RAM at VA 512 GiB: same PDPT as the identity map in slot 0. */
static void map_alias(void)
{
	uint64_t cr3;

	rt_pml4[1] = rt_pml4[0];
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) :: "memory");
}

/* HLT until at least one upcall came after the one-shot at +ns. */
static void block_for(uint64_t ns)
{
	unsigned int seen = rt_upcalls;

	guest_set_singleshot(xen_time() + ns, 0);
	while (rt_upcalls == seen)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

static bool check_registration(void)
{
	uint64_t va = ALIAS_BASE + (uint64_t)&area;
	uint64_t bad = 0xdead00000000ull;       /* unmapped: Xen accepts it */
	long rc;

	if ((rc = vcpu_op(VCPUOP_register_runstate_memory_area, (void *)0x7ff00000000ull)) != -XEN_EFAULT)
		return test_result_failure("unreadable argument gave %ld, not -EFAULT", rc), false;
	if ((rc = vcpu_op(VCPUOP_register_runstate_memory_area, &bad)))
		return test_result_failure("unmapped area gave %ld, not 0 (as Xen)", rc), false;
	memset(&area, 0xff, sizeof(area));
	if ((rc = vcpu_op(VCPUOP_register_runstate_memory_area, &va)))
		return test_result_failure("register at VA %lx gave %ld", (unsigned long)va, rc), false;
	if (area.state != RS_RUNNING || area.state_entry_time == ~0ull)
		return test_result_failure("area not written at registration (state %d)", area.state),
		       false;
	return true;
}

/* Each yield and block is a context switch: the copy must be refreshed. */
static bool check_switches(void)
{
	uint64_t last = area.state_entry_time, blocked0 = area.time[RS_BLOCKED];

	for (int i = 0; i < 6; i++) {
		if (i & 1)
			block_for(5 * MS);
		else
			guest_yield();
		if (area.state != RS_RUNNING || area.state_entry_time <= last)
			return test_result_failure("switch %d: state %d entry %lu (was %lu)", i,
						   area.state, (unsigned long)area.state_entry_time,
						   (unsigned long)last), false;
		last = area.state_entry_time;
	}
	guest_printf("runstate: running %lu ns, runnable %lu ns, blocked %lu ns (+%lu)\n",
		     (unsigned long)area.time[0], (unsigned long)area.time[1],
		     (unsigned long)area.time[2], (unsigned long)(area.time[RS_BLOCKED] - blocked0));
	/* Three 5 ms blocks. On Bochs (4 M instructions/s) arming the timer
	 * and entering HLT already costs ~1 ms, so ask for half of 15 ms. */
	if (area.time[RS_BLOCKED] - blocked0 < 15 * MS / 2)
		return test_result_failure("blocked time grew only %lu ns",
					   (unsigned long)(area.time[RS_BLOCKED] - blocked0)), false;
	return true;
}

/* get_runstate_info vs. the copy, and the sum of times vs. Xen time. */
static bool check_info(void)
{
	struct runstate a, b;
	uint64_t ta, tb, dsum, dt;
	long rc;

	ta = xen_time();
	if ((rc = vcpu_op(VCPUOP_get_runstate_info, &a)))
		return test_result_failure("get_runstate_info gave %ld", rc), false;
	if (a.state != RS_RUNNING || a.state_entry_time != area.state_entry_time ||
	    a.time[2] != area.time[2] || a.time[0] < area.time[0])
		return test_result_failure("info (state %d entry %lu) disagrees with the area "
					   "(entry %lu)", a.state, (unsigned long)a.state_entry_time,
					   (unsigned long)area.state_entry_time), false;
	block_for(3 * MS);
	guest_yield();
	tb = xen_time();
	if ((rc = vcpu_op(VCPUOP_get_runstate_info, &b)))
		return test_result_failure("get_runstate_info gave %ld", rc), false;
	dsum = sum4(&b) - sum4(&a);
	dt = tb - ta;
	guest_printf("runstate: times grew %lu ns while Xen time advanced %lu ns\n",
		     (unsigned long)dsum, (unsigned long)dt);
	if (dsum + 200000 < dt || dsum > dt + 200000)
		return test_result_failure("sum of times grew %lu ns, Xen time %lu ns",
					   (unsigned long)dsum, (unsigned long)dt), false;
	if (vcpu_op(VCPUOP_get_runstate_info, (void *)0x7ff00000000ull) != -XEN_EFAULT)
		return test_result_failure("get_runstate_info to a bad pointer succeeded"), false;
	return true;
}

static bool check_periodic(void)
{
	uint64_t period = 999999, start;
	unsigned int seen, ticks;
	long rc;

	if ((rc = vcpu_op(VCPUOP_set_periodic_timer, &period)) != -XEN_EINVAL)
		return test_result_failure("period < 1 ms gave %ld, not -EINVAL", rc), false;
	period = 2 * MS;
	seen = rt_upcalls;
	start = xen_time();
	if ((rc = vcpu_op(VCPUOP_set_periodic_timer, &period)))
		return test_result_failure("set_periodic_timer gave %ld", rc), false;
	while (xen_time() - start < 20 * MS)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	ticks = rt_upcalls - seen;
	if ((rc = vcpu_op(VCPUOP_stop_periodic_timer, 0)))
		return test_result_failure("stop_periodic_timer gave %ld", rc), false;
	guest_printf("runstate: periodic 2 ms: %u upcalls in 20 ms\n", ticks);
	if (ticks < 7 || ticks > 13)
		return test_result_failure("%u periodic upcalls in 20 ms, expected 10 +- 3", ticks),
		       false;
	seen = rt_upcalls;
	block_for(10 * MS);             /* only the one-shot may wake us now */
	if (rt_upcalls - seen != 1)
		return test_result_failure("%u upcalls in 10 ms after stop", rt_upcalls - seen),
		       false;
	return true;
}

static void on_ud(struct rt_frame *f)
{
	ud_seen = 1;
	f->rip += 3;                    /* RDTSCP = 0f 01 f9 */
}

/* MSRs 0xc0000103 (TSC_AUX) and 0xda0 (IA32_XSS) are not emulated. */
static bool check_cpuid_hides(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001), "c"(0));
	if (d & (1u << 27))
		return test_result_failure("CPUID advertises RDTSCP"), false;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
	if (c & (1u << 22))
		return test_result_failure("CPUID advertises RDPID"), false;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(1));
	if (a & ((1u << 1) | (1u << 3)))
		return test_result_failure("CPUID.0xD.1 EAX %x advertises XSAVEC/XSAVES", a), false;
	guest_set_exception_handler(6, on_ud);
	__asm__ volatile(".byte 0x0f, 0x01, 0xf9" ::: "eax", "ecx", "edx", "memory");
	guest_set_exception_handler(6, 0);
	if (!ud_seen)
		return test_result_failure("RDTSCP ran although it is hidden"), false;
	return true;
}

void test_main(void)
{
	if (guest_upcall_init(UPCALL_VECTOR))
		return test_result_error("cannot set the upcall vector");
	map_alias();
	if (check_cpuid_hides() && check_registration() && check_switches() && check_info() &&
	    check_periodic())
		test_result_success();
}
