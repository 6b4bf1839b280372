/*
 * The test-guest runtime's interface: what a tests/guests/<name>/main.c may
 * call. A guest defines test_title and test_main(); the runtime boots it
 * (rt/head.S, rt/start.c), prints the title, runs test_main() and ends with
 * one "Test result: ..." line and a shutdown hypercall.
 */
#ifndef GUEST_RT_GUEST_H
#define GUEST_RT_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Defined by each guest's main.c. */
extern const char test_title[];
void test_main(void);

/* ---- Results (XTF-like; the worst one reported wins) ---- */

/* Record success; a later failure or error still overrides it. */
void test_result_success(void);
/* Record a failure (the thing under test misbehaved), with a reason. */
void test_result_failure(const char *fmt, ...) __printf(1, 2);
/* Record an error (the test itself could not run), with a reason. */
void test_result_error(const char *fmt, ...) __printf(1, 2);
/* Shutdown reason used when test_main() returns (default poweroff). */
void test_set_shutdown_reason(unsigned int reason);
/*
 * Print the result line now and shut down with the chosen reason. Used
 * when test_main() returns, and by handlers that cannot return.
 */
void __noreturn test_exit(void);

/* ---- Output and shutdown ---- */

/* Format (%d %i %u %x %lx %lu %ld %s %c %p %%, '0' flag, width) and print. */
void guest_printf(const char *fmt, ...) __printf(1, 2);
int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Write raw bytes to the console (console_io, or port 0xE9 with xen=0). */
void guest_console_write(const char *buf, size_t len);
/* SCHEDOP_shutdown(reason); with xen=0, QEMU's isa-debug-exit port. */
void __noreturn guest_shutdown(unsigned int reason);
/* SCHEDOP_yield. */
void guest_yield(void);

/* ---- Command line ("key=value key2=value2", from hvm_start_info) ---- */

/* Copy the value of key into buf (NUL-terminated); false if absent. */
bool cmdline_get_str(const char *key, char *buf, size_t size);
/* Value of key as a decimal or 0x-hex number, or def if absent/malformed. */
unsigned long cmdline_get_ulong(const char *key, unsigned long def);
/* The domain name (cmdline "name=", default "guest"). */
const char *guest_name(void);
/* One past the highest RAM byte in the memory map (0 if none given). */
uint64_t guest_ram_end(void);

/* ---- Exceptions ---- */

/* Register frame built by rt/head.S; fields in push order reversed. */
struct rt_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

/*
 * A handler may change the frame (e.g. advance rip past the faulting
 * instruction); execution resumes from the frame when it returns.
 */
typedef void (*rt_exception_fn)(struct rt_frame *frame);
/* Xen system time in ns (HVMOP_get_time); rt/timer.c. */
uint64_t xen_time(void);
/* Set vCPU 0's upcall vector to vector, handled by a counter (rt_upcalls). */
long guest_upcall_init(unsigned int vector);
extern volatile unsigned int rt_upcalls;
/* Arm the one-shot timer at deadline_ns (flags: 1 = VCPU_SSHOTTMR_future). */
long guest_set_singleshot(uint64_t deadline_ns, unsigned int flags);

/* Point IDT gate vector (any 0..255) at an assembly entry that ends in iretq. */
void guest_set_idt_gate(unsigned int vector, void (*entry)(void));
/* Install fn for vector (0..31); NULL restores the default (ERROR + crash). */
void guest_set_exception_handler(unsigned int vector, rt_exception_fn fn);

/* ---- Small helpers ---- */

size_t strlen(const char *s);
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int strncmp(const char *a, const char *b, size_t n);

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* The TSC read by the first instruction of the PVH entry (rt/head.S). */
extern uint64_t rt_entry_tsc;

/* Busy-wait for ticks TSC ticks (no hypercall: the vCPU stays runnable). */
void sleep_ticks(uint64_t ticks);

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline void outb(uint16_t port, uint8_t val)
{
	__asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
}

static inline uint64_t read_cr3(void)
{
	uint64_t cr3;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	return cr3;
}

/* Reload CR3 to flush the TLB after editing the page tables. */
static inline void write_cr3(uint64_t cr3)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

#endif /* GUEST_RT_GUEST_H */
