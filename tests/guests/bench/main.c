/*
 * bench: `make bench` figures (docs/performance.md), in TSC ticks. Under
 * Bochs with clock sync=none a tick is one emulated instruction, so every
 * figure is exact and repeatable. Three modes (option mode=):
 *
 *   exits  time n= round trips of each exit kind and print their min and
 *          median beside the floor (hypervisor option bench_floor): a
 *          VMCALL the hypervisor answers before its exit table. Also
 *          prints the TSC of this domain's first instruction.
 *   yield  two of these pinned to one CPU yield to each other; the time
 *          between two returns from SCHEDOP_yield is two vCPU switches.
 *   ipc    two of these (role=recv, role=send) time an event-channel send
 *          into the other domain and a grant map+unmap (ipc.c).
 *
 * Lines (all start "bench: ", parsed by tests/bench.sh):
 *   bench: entry_tsc <tsc>
 *   bench: min floor <t> null_hypercall <t> enosys_hypercall <t> cpuid <t> io <t>
 *   bench: median (the same names)
 *   bench: <n> iterations each, rdtsc overhead <t> subtracted
 *   bench: yield min <t> median <t> floor <t> (<n> round trips)
 *   (ipc mode's lines: ipc.c)
 * then SUCCESS, or FAILURE when a figure is 0 or below the floor (a yield
 * round trip is two exits: below two floors).
 */
#include "bench.h"
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "exit and hypercall round trips, in TSC ticks";

/* Hypervisor side: arch/x86/vmx/bench_floor.h (BENCH_FLOOR_NR). */
#define BENCH_FLOOR_NR	0x7fff0001u
/* Yield mode: rounds before and after the measured ones, so that every
 * measured yield has a partner that is still running (see bench_yield). */
#define YIELD_MARGIN	100

static uint32_t samples[MAX_SAMPLES];

/*
 * TIMED(body, clobbers...): ticks from one RDTSC to the next around the
 * instructions in body. The first TSC is moved out of EAX/EDX so body may
 * use them; what the hypervisor may change is listed as clobbers.
 */
#define TIMED(body, ...)						\
	({								\
		uint32_t lo0, hi0, lo1, hi1;				\
		__asm__ volatile("rdtsc\n\t"				\
				 "mov %%eax, %0\n\t"			\
				 "mov %%edx, %1\n\t"			\
				 body "\n\t"				\
				 "rdtsc"				\
				 : "=&r"(lo0), "=&r"(hi0), "=a"(lo1), "=d"(hi1) \
				 : : "memory", ##__VA_ARGS__);		\
		(((uint64_t)hi1 << 32 | lo1) - ((uint64_t)hi0 << 32 | lo0)); \
	})

/* Nothing: the cost of the two RDTSCs and the moves, subtracted below. */
static uint64_t op_empty(void)
{
	return TIMED("");
}

/* The floor: a VMCALL answered before the exit table (RIP + 3, resume). */
static uint64_t op_floor(void)
{
	return TIMED("mov $0x7fff0001, %%eax\n\tvmcall");
}

/* console_io(CONSOLEIO_write, 0 bytes): CPL and number checks, the table
 * lookup, the handler's cmd and size checks; no copy, no output. */
static uint64_t op_null_hypercall(void)
{
	return TIMED("mov $18, %%eax\n\txor %%edi, %%edi\n\txor %%esi, %%esi\n\t"
		     "xor %%edx, %%edx\n\tvmcall", "rdi", "rsi", "r10", "r8");
}

/* An unknown hypercall number (60): -ENOSYS from the dispatcher's table
 * check, before any handler: the generic hypercall path alone. */
static uint64_t op_enosys_hypercall(void)
{
	return TIMED("mov $60, %%eax\n\tvmcall", "rdi", "rsi", "r10", "r8");
}

/* CPUID leaf 0 through the guest CPUID policy. */
static uint64_t op_cpuid(void)
{
	return TIMED("xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\tcpuid", "rbx", "rcx");
}

/* OUTB to port 0x80 (POST codes): the port registry's sink handler. */
static uint64_t op_io(void)
{
	return TIMED("outb %%al, $0x80");
}

struct figure {
	const char *name;
	uint64_t (*op)(void);
	uint64_t min, median;
};

static void sort(uint32_t *a, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		uint32_t x = a[i];
		unsigned int j = i;

		for (; j > 0 && a[j - 1] > x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

void bench_summarize(uint32_t *s, unsigned int n, uint64_t *min, uint64_t *median)
{
	sort(s, n);
	*min = s[0];
	*median = s[(n - 1) / 2];
}

/* Time op n times, minus the RDTSC overhead `base`. */
static void measure(struct figure *f, unsigned int n, uint64_t base)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t t = f->op();

		samples[i] = (uint32_t)(t > base ? t - base : 0);
	}
	bench_summarize(samples, n, &f->min, &f->median);
}

/* Is the floor VMCALL answered (bench_floor on)? Otherwise it is just an
 * unknown hypercall and returns -ENOSYS in RAX. */
static bool floor_enabled(void)
{
	unsigned long rax = BENCH_FLOOR_NR;

	__asm__ volatile("vmcall" : "+a"(rax) : : "memory");
	return rax == BENCH_FLOOR_NR;
}

static int append(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
static int append(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void print_figures(const char *what, const struct figure *f, unsigned int nr, bool med)
{
	char line[160];
	unsigned int len = 0;

	for (unsigned int i = 0; i < nr && len < sizeof(line); i++)
		len += (unsigned int)append(line + len, sizeof(line) - len, " %s %lu", f[i].name,
					    (unsigned long)(med ? f[i].median : f[i].min));
	guest_printf("bench: %s%s\n", what, line);
}

static void bench_exits(unsigned int n)
{
	struct figure f[] = {
		{ "floor", op_floor }, { "null_hypercall", op_null_hypercall },
		{ "enosys_hypercall", op_enosys_hypercall }, { "cpuid", op_cpuid },
		{ "io", op_io },
	};
	struct figure empty = { "rdtsc", op_empty };

	guest_printf("bench: entry_tsc %lu\n", (unsigned long)rt_entry_tsc);
	if (!floor_enabled()) {
		test_result_error("no floor: boot the hypervisor with bench_floor");
		return;
	}
	measure(&empty, n, 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(f); i++)
		measure(&f[i], n, empty.min);
	print_figures("min", f, ARRAY_SIZE(f), false);
	print_figures("median", f, ARRAY_SIZE(f), true);
	guest_printf("bench: %u iterations each, rdtsc overhead %lu subtracted\n", n,
		     (unsigned long)empty.min);
	for (unsigned int i = 0; i < ARRAY_SIZE(f); i++)
		if (!f[i].min || f[i].min < f[0].min || f[i].median < f[0].median) {
			test_result_failure("%s: min %lu median %lu, floor %lu/%lu", f[i].name,
					    (unsigned long)f[i].min, (unsigned long)f[i].median,
					    (unsigned long)f[0].min, (unsigned long)f[0].median);
			return;
		}
	test_result_success();
}

/*
 * Two of these on one CPU: each SCHEDOP_yield hands the CPU to the other,
 * which runs one loop body and yields back. Both run YIELD_MARGIN rounds
 * before and after the n measured ones, so while one measures, the other
 * is still in its loop (a lone yielder would just get its CPU back).
 */
bool bench_floor(unsigned int n, uint64_t *min, uint64_t *median)
{
	struct figure empty = { "rdtsc", op_empty }, floor = { "floor", op_floor };

	if (!floor_enabled()) {
		test_result_error("no floor: boot the hypervisor with bench_floor");
		return false;
	}
	measure(&empty, n, 0);
	measure(&floor, n, empty.min);
	*min = floor.min;
	*median = floor.median;
	return true;
}

static void bench_yield(unsigned int n)
{
	uint64_t last = 0, min, median, floor_min, floor_median;

	for (unsigned int i = 0; i < n + 2 * YIELD_MARGIN; i++) {
		uint64_t now;

		guest_yield();
		now = rdtsc();
		if (i > YIELD_MARGIN && i <= YIELD_MARGIN + n)
			samples[i - YIELD_MARGIN - 1] = (uint32_t)(now - last);
		last = now;
	}
	bench_summarize(samples, n, &min, &median);
	/* The floor of this run, measured after the switches so that it does
	 * not delay the partner's first yields. */
	if (!bench_floor(n, &floor_min, &floor_median))
		return;
	guest_printf("bench: yield min %lu median %lu floor %lu (%u round trips)\n",
		     (unsigned long)min, (unsigned long)median, (unsigned long)floor_median, n);
	if (!min || min < 2 * floor_min) {
		test_result_failure("yield round trip of %lu ticks: below two floors (%lu)",
				    (unsigned long)min, (unsigned long)floor_min);
		return;
	}
	test_result_success();
}

void test_main(void)
{
	unsigned long n = cmdline_get_ulong("n", 1000);
	char mode[16];

	if (!cmdline_get_str("mode", mode, sizeof(mode)))
		memcpy(mode, "exits", sizeof("exits"));
	if (n == 0 || n > MAX_SAMPLES) {
		test_result_error("n=%lu: must be 1..%u", n, MAX_SAMPLES);
		return;
	}
	if (!strncmp(mode, "exits", sizeof("exits")))
		bench_exits((unsigned int)n);
	else if (!strncmp(mode, "yield", sizeof("yield")))
		bench_yield((unsigned int)n);
	else if (!strncmp(mode, "ipc", sizeof("ipc")))
		bench_ipc((unsigned int)n);
	else
		test_result_error("bad mode=%s (exits|yield|ipc)", mode);
}
