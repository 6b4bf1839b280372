/*
 * xenabi: the Xen detection and shared-memory basics Linux needs first,
 * checked the way Linux uses them (xen-abi.md §1, §4.1, §4.4, §4.6, §5):
 * CPUID leaves found by scanning, the hypercall page installed through
 * the MSR and then called, every xen_version sub-op with its sizes and
 * error paths (memory.c does memory_op, shared_info, vcpu_info and
 * pvclock). Each check prints one "xenabi:" line; the first failure ends
 * the test.
 */
#include "xenabi.h"

const char test_title[] = "Xen CPUID leaves, hypercall page, xen_version, memory_op, pvclock";

#define HYPERCALL_MSR	0x40000000
#define VEC_GP		13
#define MSR_INSN_LEN	2		/* 0f 30 / 0f 32 */
#define BAD_GVA		0x3ffff000ul	/* in our page tables, beyond RAM */

uint32_t xen_base;
static uint8_t hypercall_page[4096] __attribute__((aligned(4096)));
static volatile unsigned int gp_count;

static void gp_skip(struct rt_frame *frame)
{
	gp_count++;
	frame->rip += MSR_INSN_LEN;
}

static void cpuid4(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/* Linux's hypervisor_cpuid_base("XenVMMXenVMM", 2). */
static bool check_cpuid(void)
{
	uint32_t r[4];

	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		cpuid4(base, 0, r);
		if (r[1] == 0x566e6558 && r[2] == 0x65584d4d && r[3] == 0x4d4d566e &&
		    r[0] - base >= 2) {
			xen_base = base;
			break;
		}
	}
	if (!CHECK(xen_base == 0x40000000, "no XenVMMXenVMM leaf at 0x40000000"))
		return false;
	guest_printf("xenabi: CPUID base 0x%x, max leaf 0x%x\n", xen_base, r[0]);
	cpuid4(xen_base + 1, 0, r);
	guest_printf("xenabi: Xen version %u.%u\n", r[0] >> 16, r[0] & 0xffff);
	if (!CHECK(r[0] == 0x40013, "base+1 version 0x%x, not 4.19", r[0]))
		return false;
	cpuid4(xen_base + 2, 0, r);
	if (!CHECK(r[0] == 1 && r[1] == HYPERCALL_MSR, "base+2: %u pages, MSR 0x%x", r[0], r[1]))
		return false;
	cpuid4(xen_base + 3, 0, r);
	guest_printf("xenabi: TSC %u kHz, mode %u\n", r[2], r[1]);
	if (!CHECK(r[2] != 0 && r[1] == 0, "base+3: TSC kHz %u, mode %u", r[2], r[1]))
		return false;
	cpuid4(xen_base + 4, 0, r);
	guest_printf("xenabi: HVM leaf flags 0x%x vcpu %u domid %u\n", r[0], r[1], r[2]);
	return CHECK((r[0] & 0x58) == 0x58 && r[1] == 0 && r[2] >= 1,
		     "base+4: flags 0x%x vcpu %u domid %u", r[0], r[1], r[2]);
}

/* hypercall_page + nr*32 with Xen's registers; the stub sets EAX. */
static long page_call3(unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
	register unsigned long r10 __asm__("r10") = 0;
	register unsigned long r8 __asm__("r8") = 0;
	void *stub = hypercall_page + nr * 32;
	long ret;

	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
			 : [stub] "r"(stub)
			 : "rcx", "r9", "r11", "memory");
	return ret;
}

static bool check_hypercall_page(void)
{
	static const uint8_t stub18[9] = { 0xb8, 18, 0, 0, 0, 0x0f, 0x01, 0xc1, 0xc3 };
	static const char msg[] = "xenabi: console_io through the hypercall page\n";
	uint64_t page = (uint64_t)(uintptr_t)hypercall_page;

	guest_set_exception_handler(VEC_GP, gp_skip);
	wrmsr(HYPERCALL_MSR, page | 1);             /* page index 1: none */
	wrmsr(HYPERCALL_MSR, 0x40000000);           /* beyond guest RAM */
	(void)rdmsr(HYPERCALL_MSR);                 /* write-only */
	if (!CHECK(gp_count == 3, "%u of 3 bad hypercall-page MSR accesses raised #GP", gp_count))
		return false;
	wrmsr(HYPERCALL_MSR, page);
	guest_set_exception_handler(VEC_GP, NULL);
	for (unsigned int i = 0; i < 9; i++)
		if (!CHECK(hypercall_page[18 * 32 + i] == stub18[i], "stub 18 byte %u is 0x%x", i,
			   hypercall_page[18 * 32 + i]))
			return false;
	if (!CHECK(hypercall_page[23 * 32] == 0x0f && hypercall_page[23 * 32 + 1] == 0x0b &&
		   hypercall_page[18 * 32 + 9] == 0xcc && hypercall_page[4095] == 0xcc,
		   "stub 23 is not ud2 or the padding is not int3"))
		return false;
	return CHECK(page_call3(__HYPERVISOR_console_io, CONSOLEIO_write, sizeof(msg) - 1,
				(unsigned long)msg) == 0, "console_io via the page failed");
}

static long xenver(unsigned int cmd, void *arg)
{
	return page_call3(__HYPERVISOR_xen_version, cmd, (unsigned long)arg, 0);
}

/* Fixed-size string sub-ops: NUL-padded to exactly size bytes. */
static bool check_string_op(unsigned int cmd, unsigned int size, const char *what)
{
	static char buf[1100];

	memset(buf, 0x5a, sizeof(buf));
	if (!CHECK(xenver(cmd, buf) == 0, "xen_version %s failed", what))
		return false;
	if (!CHECK(buf[size - 1] == 0 && buf[size] == 0x5a, "%s: not %u NUL-padded bytes",
		   what, size))
		return false;
	guest_printf("xenabi: %s \"%s\"\n", what, buf);
	return CHECK(xenver(cmd, (void *)BAD_GVA) == -XEN_EFAULT, "%s to a bad pointer", what);
}

static bool check_features(void)
{
	uint32_t fi[2] = { 0, 0 };

	if (!CHECK(xenver(6, fi) == 0, "get_features failed"))
		return false;
	guest_printf("xenabi: features submap 0 = 0x%x\n", fi[1]);
	if (!CHECK((fi[1] & 0x10305) == 0x10305 && !(fi[1] & (3u << 18)),
		   "features 0x%x lack 0,2,8,9,16 or claim 18/19", fi[1]))
		return false;
	fi[0] = 1;
	return CHECK(xenver(6, fi) == -XEN_EINVAL, "submap 1 not -EINVAL") &&
	       CHECK(xenver(6, (void *)BAD_GVA) == -XEN_EFAULT, "get_features bad pointer");
}

/* xen_varbuf sub-ops (11-13) and the privileged ones (10, 14). */
static bool check_varbuf(void)
{
	struct { uint32_t len; char buf[64]; } vb = { .len = 64 };
	long n = xenver(11, NULL);

	if (!CHECK(n > 0 && xenver(11, &vb) == n, "extraversion2 length %ld", n))
		return false;
	vb.buf[n] = 0;
	guest_printf("xenabi: extraversion2 %ld bytes \"%s\"\n", n, vb.buf);
	vb.len = 1;
	return CHECK(xenver(11, &vb) == -XEN_ENOBUFS, "short varbuf not -ENOBUFS") &&
	       CHECK(xenver(10, &vb) == -XEN_EPERM, "build_id not -EPERM") &&
	       CHECK(xenver(14, NULL) == -XEN_EPERM, "commandline2 not -EPERM") &&
	       CHECK(xenver(15, NULL) == -XEN_ENOSYS, "sub-op 15 not -ENOSYS");
}

static bool check_xen_version(void)
{
	uint64_t u64 = ~0ull;
	uint8_t ci[145], handle[16];

	if (!CHECK(xenver(0, NULL) == 0x40013, "XENVER_version 0x%lx", xenver(0, NULL)))
		return false;
	if (!check_string_op(1, 16, "extraversion") || !check_string_op(3, 1024, "capabilities") ||
	    !check_string_op(4, 64, "changeset") || !check_string_op(9, 1024, "commandline"))
		return false;
	memset(ci, 0x5a, sizeof(ci));
	if (!CHECK(xenver(2, ci) == 0 && ci[143] == 0 && ci[144] == 0x5a, "compile_info size"))
		return false;
	if (!CHECK(xenver(5, &u64) == 0 && u64 == 0, "platform_parameters virt_start 0x%lx",
		   (unsigned long)u64))
		return false;
	if (!CHECK(xenver(7, NULL) == 4096 && xenver(7, &u64) == -XEN_EINVAL, "pagesize"))
		return false;
	if (!CHECK(xenver(8, handle) == 0, "guest_handle failed"))
		return false;
	return check_features() && check_varbuf();
}

void test_main(void)
{
	if (!check_cpuid() || !check_hypercall_page() || !check_xen_version())
		return;
	guest_printf("xenabi: xen_version sub-ops OK\n");
	if (!check_memory_op() || !check_shared_info() || !check_vcpu_info_and_pvclock())
		return;
	test_result_success();
}
