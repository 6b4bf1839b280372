/*
 * xenabi, part two: memory_op (memory map, reservations, add_to_physmap of
 * shared_info), VCPUOP_register_vcpu_info and the pvclock in vcpu_info
 * (xen-abi.md §4.4, §4.6, §5). Hypercalls go through plain VMCALL here.
 */
#include "xenabi.h"

#define XENMEM_maximum_ram_page		2
#define XENMEM_current_reservation	3
#define XENMEM_maximum_reservation	4
#define XENMEM_add_to_physmap		7
#define XENMEM_memory_map		9
#define XENMEM_exchange			11
#define PVCLOCK_READS			2000
#define BAD_GVA				0x3ffff000ul

struct add_to_physmap { uint16_t domid, size; uint32_t space; uint64_t idx, gpfn; };
struct memory_map { uint32_t nr_entries, pad; uint64_t buffer; };
struct e820 { uint64_t addr, size; uint32_t type; } __attribute__((packed));
struct register_vcpu_info { uint64_t mfn; uint32_t offset, rsvd; };

/* Pages the hypervisor will map over (shared_info) or write (vcpu_info). */
static uint8_t page_a[4096] __attribute__((aligned(4096)));
static uint8_t page_b[4096] __attribute__((aligned(4096)));
static uint8_t page_c[4096] __attribute__((aligned(4096)));

static long memop(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, (unsigned long)arg);
}

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p >> 12;
}

bool check_memory_op(void)
{
	struct e820 map[4];
	struct memory_map mm = { .nr_entries = 4, .buffer = (uint64_t)(uintptr_t)map };
	uint16_t self = DOMID_SELF, other = 0x7f00;
	long pages = (long)(guest_ram_end() >> 12);

	/*
	 * RAM with the ACPI tables (RSDP first) carved out at 0xe0000, then the
	 * PV console page past a guard frame, reserved (§2.3, §5.5, §7.3).
	 */
	if (!CHECK(memop(XENMEM_memory_map, &mm) == 0 && mm.nr_entries == 4, "memory_map: %u entries",
		   mm.nr_entries))
		return false;
	for (unsigned int i = 0; i < 4; i += 2)	/* two lines: the console splits long ones */
		guest_printf("xenabi: memory_map %u-%u: [0x%lx, +0x%lx) type %u, [0x%lx, +0x%lx) type %u\n",
			     i, i + 1, (unsigned long)map[i].addr, (unsigned long)map[i].size, map[i].type,
			     (unsigned long)map[i + 1].addr, (unsigned long)map[i + 1].size, map[i + 1].type);
	if (!CHECK(map[0].addr == 0 && map[0].type == 1 && map[1].addr == map[0].size &&
		   map[1].type == 3 && map[2].addr == map[1].addr + map[1].size && map[2].type == 1 &&
		   map[2].addr + map[2].size == guest_ram_end(),
		   "memory_map RAM/ACPI/RAM differs from the start info's RAM") ||
	    !CHECK(!__builtin_memcmp((const void *)(uintptr_t)map[1].addr, "RSD PTR ", 8),
		   "no RSDP at the start of the ACPI range") ||
	    !CHECK(map[3].addr == guest_ram_end() + 4096 && map[3].size == 4096 && map[3].type == 2,
		   "memory_map: no reserved console page above RAM"))
		return false;
	mm.nr_entries = 0;
	if (!CHECK(memop(XENMEM_memory_map, &mm) == 0 && mm.nr_entries == 0, "capacity 0") ||
	    !CHECK(memop(XENMEM_memory_map, (void *)BAD_GVA) == -XEN_EFAULT, "memory_map bad ptr"))
		return false;
	if (!CHECK(memop(XENMEM_current_reservation, &self) == pages &&
		   memop(XENMEM_maximum_reservation, &self) == pages, "reservation != %ld pages",
		   pages))
		return false;
	if (!CHECK(memop(XENMEM_current_reservation, &other) == -XEN_EPERM, "other domain") ||
	    !CHECK(memop(XENMEM_maximum_ram_page, NULL) > 0, "maximum_ram_page") ||
	    !CHECK(memop(XENMEM_exchange, NULL) == -XEN_ENOSYS, "exchange not -ENOSYS") ||
	    !CHECK(memop(XENMEM_memory_map | (1u << 6), &mm) == -XEN_ENOSYS, "start extent"))
		return false;
	guest_printf("xenabi: reservation %ld pages, max RAM page 0x%lx\n", pages,
		     memop(XENMEM_maximum_ram_page, NULL));
	return true;
}

static long map_shared_info(uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct add_to_physmap x = { .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gpfn };

	return memop(XENMEM_add_to_physmap, &x);
}

/* A freshly mapped shared_info: zeros past the struct, even versions,
 * vCPU 0's pvclock already filled in. */
static bool shared_info_looks_right(const volatile struct shared_info *s, const char *where)
{
	const volatile uint8_t *p = (const volatile uint8_t *)s;

	return CHECK(p[3500] == 0 && p[4095] == 0, "%s: not the shared_info page", where) &&
	       CHECK(s->wc_version % 2 == 0 && s->evtchn_pending[0] == 0, "%s: wc_version %u",
		     where, s->wc_version) &&
	       CHECK(s->vcpu_info[0].time.version >= 2 && s->vcpu_info[0].time.version % 2 == 0 &&
		     s->vcpu_info[0].time.tsc_to_system_mul != 0, "%s: vcpu 0 pvclock not set",
		     where);
}

bool check_shared_info(void)
{
	const volatile struct shared_info *a = (const void *)page_a, *b = (const void *)page_b;

	memset(page_a, 0xaa, sizeof(page_a));
	if (!CHECK(map_shared_info(0, 1, gfn_of(page_a)) == -XEN_EINVAL, "idx 1 not -EINVAL") ||
	    !CHECK(map_shared_info(2, 0, gfn_of(page_a)) == -XEN_ENOSYS, "gmfn space") ||
	    !CHECK(memop(XENMEM_add_to_physmap, (void *)BAD_GVA) == -XEN_EFAULT, "bad ptr") ||
	    !CHECK(page_a[100] == 0xaa, "a refused call changed the page"))
		return false;
	if (!CHECK(map_shared_info(0, 0, gfn_of(page_a)) == 0, "add_to_physmap(shared_info)") ||
	    !shared_info_looks_right(a, "page A"))
		return false;
	guest_printf("xenabi: shared_info at gfn 0x%lx: wc %u.%09u (version %u), vcpu0 time version %u\n",
		     (unsigned long)gfn_of(page_a), a->wc_sec, a->wc_nsec, a->wc_version,
		     a->vcpu_info[0].time.version);
	/* Moving it gives the old frame its RAM (and our 0xaa) back. */
	if (!CHECK(map_shared_info(0, 0, gfn_of(page_b)) == 0, "moving shared_info") ||
	    !shared_info_looks_right(b, "page B") ||
	    !CHECK(page_a[100] == 0xaa && page_a[4095] == 0xaa, "page A did not get its RAM back"))
		return false;
	guest_printf("xenabi: shared_info moved to gfn 0x%lx, old frame is RAM again\n",
		     (unsigned long)gfn_of(page_b));
	return true;
}

static long register_vcpu_info(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
	struct register_vcpu_info r = { .mfn = gfn, .offset = offset };

	return hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, vcpu,
			  (unsigned long)&r);
}

/* xen-abi.md §5.3 reader: retry while odd or changed. */
static uint64_t pvclock_read(const volatile struct vcpu_time_info *t, uint32_t *ver)
{
	uint32_t v;
	uint64_t ns;

	do {
		v = t->version;
		__asm__ volatile("" ::: "memory");
		uint64_t delta = rdtsc() - t->tsc_timestamp;
		int8_t shift = t->tsc_shift;
		delta = shift >= 0 ? delta << shift : delta >> -shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		__asm__ volatile("" ::: "memory");
	} while ((v & 1) || v != t->version);
	*ver = v;
	return ns;
}

static bool check_pvclock(const volatile struct vcpu_time_info *t)
{
	uint64_t prev = 0, t0, p, t1, khz;
	uint32_t ver = 0, first_ver = t->version, r[4];
	unsigned int versions = 0;

	for (unsigned int i = 0; i < PVCLOCK_READS; i++) {
		uint32_t last = ver;
		uint64_t now = pvclock_read(t, &ver);

		if (!CHECK(now >= prev, "pvclock went back %lu ns at read %u",
			   (unsigned long)(prev - now), i))
			return false;
		versions += i && ver != last;
		prev = now;
		if (i % 200 == 0)
			guest_yield();          /* rescheduled: the pvclock is rewritten */
	}
	t0 = xen_time();
	p = pvclock_read(t, &ver);
	t1 = xen_time();
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(xen_base + 3), "c"(0));
	khz = ((1000000000ull << 32) / t->tsc_to_system_mul);
	khz = (t->tsc_shift >= 0 ? khz >> t->tsc_shift : khz << -t->tsc_shift) / 1000;
	guest_printf("xenabi: pvclock %u reads monotonic, %u updates seen (version %u -> %u), flags 0x%x\n",
		     PVCLOCK_READS, versions, first_ver, ver, t->flags);
	guest_printf("xenabi: pvclock %lu ns between get_time %lu and %lu; TSC %lu kHz (CPUID %u)\n",
		     (unsigned long)p, (unsigned long)t0, (unsigned long)t1, (unsigned long)khz, r[2]);
	return CHECK(versions > 0, "the pvclock was never updated across yields") &&
	       CHECK(p + 1000 >= t0 && p <= t1 + 1000, "pvclock off HVMOP_get_time") &&
	       CHECK(khz * 1000 >= (uint64_t)r[2] * 999 && khz * 1000 <= (uint64_t)r[2] * 1001,
		     "pvclock TSC rate %lu kHz vs CPUID %u kHz", (unsigned long)khz, r[2]);
}

bool check_vcpu_info_and_pvclock(void)
{
	const volatile struct vcpu_info *vi = (const void *)(page_c + 128);

	if (!CHECK(register_vcpu_info(0, gfn_of(page_c), 4040) == -XEN_ENXIO, "crossing") ||
	    !CHECK(register_vcpu_info(0, 0x40000, 0) == -XEN_EINVAL, "gfn outside RAM") ||
	    !CHECK(register_vcpu_info(5, gfn_of(page_c), 0) == -XEN_ENOENT, "no vCPU 5"))
		return false;
	if (!CHECK(register_vcpu_info(0, gfn_of(page_c), 128) == 0, "register_vcpu_info failed") ||
	    !CHECK(register_vcpu_info(0, gfn_of(page_c), 0) == -XEN_EBUSY, "second: not -EBUSY"))
		return false;
	guest_printf("xenabi: vcpu_info registered at gfn 0x%lx+128: pending %u, time version %u\n",
		     (unsigned long)gfn_of(page_c), vi->evtchn_upcall_pending, vi->time.version);
	if (!CHECK(vi->evtchn_upcall_pending == 1 && vi->time.version >= 2 &&
		   vi->time.tsc_to_system_mul != 0, "registered vcpu_info not filled in"))
		return false;
	return check_pvclock(&vi->time);
}
