/*
 * Test-guest start-up and verdict: reads the PVH hvm_start_info (command
 * line, memory map), runs the guest's test_main(), and ends with exactly one
 * "Test result: ..." line and SCHEDOP_shutdown. Owns the console and
 * shutdown paths, including the no-hypervisor fallback (cmdline "xen=0").
 */
#include "guest.h"
#include "hypercall.h"

void rt_start(uint32_t start_info_pa);
void rt_traps_init(void);

/* struct hvm_start_info, version 1 (xen/include/public/arch-x86/hvm/start_info.h). */
#define HVM_START_MAGIC	0x336ec578
#define E820_RAM	1

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

/* Results in increasing severity: the worst one recorded is reported. */
enum rt_result { RT_NONE, RT_SUCCESS, RT_FAILURE, RT_ERROR };

static const char *const rt_result_text[] = {
	[RT_NONE] = "ERROR: test_main() returned without a result",
	[RT_SUCCESS] = "SUCCESS",
	[RT_FAILURE] = "FAILURE: ",
	[RT_ERROR] = "ERROR: ",
};

static struct {
	char cmdline[512];	/* copied: the original may sit anywhere */
	char name[32];
	uint64_t ram_end;
	bool no_xen;		/* "xen=0": run bare, e.g. under QEMU -kernel */
	enum rt_result result;
	char reason[160];
	unsigned int shutdown_reason;
} rt;

/*
 * QEMU's isa-debug-exit device (run with -device isa-debug-exit,iobase=0xf4,
 * iosize=4) exits QEMU with status (value << 1) | 1 on a write.
 */
#define QEMU_DEBUG_EXIT_PORT	0xf4
/* XEN_HVM_DEBUGCONS_IOPORT (xen-abi.md 1.4); QEMU's -debugcon device. */
#define DEBUGCON_PORT		0xe9

void guest_console_write(const char *buf, size_t len)
{
	if (rt.no_xen) {
		while (len--)
			outb(DEBUGCON_PORT, (uint8_t)*buf++);
		return;
	}
	hypercall_console_write(buf, len);
}

void guest_shutdown(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	if (rt.no_xen) {
		__asm__ volatile("outl %0, %1"
				 : : "a"(reason), "Nd"(QEMU_DEBUG_EXIT_PORT));
	} else {
		hypercall_sched_op(SCHEDOP_shutdown, &arg);
	}
	/* Only reached if the shutdown was ignored: stop here for good. */
	for (;;)
		__asm__ volatile("cli; hlt");
}

void guest_yield(void)
{
	if (!rt.no_xen)
		hypercall_sched_op(SCHEDOP_yield, NULL);
}

/* Find "key=" at the start of a word; returns the value or NULL. */
static const char *cmdline_find(const char *key)
{
	size_t klen = strlen(key);
	const char *p = rt.cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

bool cmdline_get_str(const char *key, char *buf, size_t size)
{
	const char *v = cmdline_find(key);
	size_t n = 0;

	if (!v || !size)
		return false;
	while (v[n] && v[n] != ' ' && n + 1 < size) {
		buf[n] = v[n];
		n++;
	}
	buf[n] = '\0';
	return true;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;		/* larger than any base: "not a digit" */
}

unsigned long cmdline_get_ulong(const char *key, unsigned long def)
{
	const char *v = cmdline_find(key);
	unsigned long val = 0, base = 10;

	if (!v)
		return def;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		v += 2;
	}
	if (*v == '\0' || *v == ' ')
		return def;
	for (; *v && *v != ' '; v++) {
		if ((unsigned long)digit_value(*v) >= base)
			return def;
		val = val * base + (unsigned long)digit_value(*v);
	}
	return val;
}

const char *guest_name(void)
{
	return rt.name;
}

uint64_t guest_ram_end(void)
{
	return rt.ram_end;
}

/* Keep the command line and the top of RAM; nothing else is needed. */
static void rt_parse_start_info(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *map;

	if (si->cmdline_paddr) {
		const char *src = (const char *)(uintptr_t)si->cmdline_paddr;
		size_t n = 0;

		while (src[n] && n + 1 < sizeof(rt.cmdline)) {
			rt.cmdline[n] = src[n];
			n++;
		}
	}
	/* Version 0 has no memory map fields (xen-abi.md 2.3). */
	if (si->version < 1 || !si->memmap_paddr)
		return;
	map = (const void *)(uintptr_t)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		uint64_t end = map[i].addr + map[i].size;

		if (map[i].type == E820_RAM && end > rt.ram_end)
			rt.ram_end = end;
	}
}

static void rt_record(enum rt_result res, const char *fmt, va_list ap)
{
	if (res <= rt.result)
		return;		/* keep the first reason of the worst kind */
	rt.result = res;
	guest_vsnprintf(rt.reason, sizeof(rt.reason), fmt, ap);
}

void test_result_success(void)
{
	if (rt.result < RT_SUCCESS)
		rt.result = RT_SUCCESS;
}

void test_result_failure(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_record(RT_FAILURE, fmt, ap);
	va_end(ap);
}

void test_result_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_record(RT_ERROR, fmt, ap);
	va_end(ap);
}

void test_set_shutdown_reason(unsigned int reason)
{
	rt.shutdown_reason = reason;
}

void test_exit(void)
{
	const char *reason = rt.result >= RT_FAILURE ? rt.reason : "";

	guest_printf("Test result: %s%s\n", rt_result_text[rt.result], reason);
	guest_shutdown(rt.shutdown_reason);
}

/* Called from rt/head.S in 64-bit mode with the PVH EBX value. */
void rt_start(uint32_t start_info_pa)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_pa;
	bool bad_magic;

	rt_traps_init();	/* first: even a bad EBX should give a report */
	bad_magic = si->magic != HVM_START_MAGIC;
	if (!bad_magic)
		rt_parse_start_info(si);
	rt.no_xen = cmdline_get_ulong("xen", 1) == 0;
	if (!cmdline_get_str("name", rt.name, sizeof(rt.name)))
		memcpy(rt.name, "guest", sizeof("guest"));
	if (bad_magic) {
		/* Without start info there is no command line: say so and stop. */
		test_result_error("bad hvm_start_info magic 0x%x at %p",
				  si->magic, (const void *)si);
		test_exit();
	}
	guest_printf("Guest %s: %s\n", rt.name, test_title);
	test_main();
	test_exit();
}
