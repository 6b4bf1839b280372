/*
 * Minimal 64-bit IDT for test guests: vectors 0..31 go through the stubs in
 * rt/head.S to rt_exception(), which calls the handler a test installed or
 * else reports "ERROR: unexpected exception" and crashes the domain.
 */
#include "guest.h"
#include "hypercall.h"

void rt_traps_init(void);
void rt_exception(struct rt_frame *frame);

#define RT_NR_VECTORS	32
#define RT_STUB_SIZE	16	/* .balign 16 per stub in rt/head.S */
#define RT_CS64		0x08
#define IDT_INT_GATE	0x8e	/* present, DPL0, 64-bit interrupt gate */

/* 64-bit IDT gate descriptor (SDM vol. 3A 6.14.1). */
struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
};

struct __attribute__((packed)) idt_ptr {
	uint16_t limit;
	uint64_t base;
};

extern const char rt_exception_stubs[];
/* All 256 gates exist so tests can add interrupt handlers; 32..255 are
 * not present until guest_set_idt_gate() fills one. */
static struct idt_gate rt_idt[256] __attribute__((aligned(16)));
static rt_exception_fn rt_handlers[RT_NR_VECTORS];

void rt_traps_init(void)
{
	struct idt_ptr ptr = { sizeof(rt_idt) - 1, (uintptr_t)rt_idt };

	for (unsigned int v = 0; v < RT_NR_VECTORS; v++) {
		uint64_t addr = (uintptr_t)rt_exception_stubs + v * RT_STUB_SIZE;

		rt_idt[v] = (struct idt_gate){
			.offset_lo = (uint16_t)addr,
			.selector = RT_CS64,
			.type_attr = IDT_INT_GATE,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_hi = (uint32_t)(addr >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void guest_set_idt_gate(unsigned int vector, void (*entry)(void))
{
	uint64_t addr = (uintptr_t)entry;

	if (vector >= 256)
		return;
	rt_idt[vector] = (struct idt_gate){
		.offset_lo = (uint16_t)addr,
		.selector = RT_CS64,
		.type_attr = IDT_INT_GATE,
		.offset_mid = (uint16_t)(addr >> 16),
		.offset_hi = (uint32_t)(addr >> 32),
	};
}

void guest_set_exception_handler(unsigned int vector, rt_exception_fn fn)
{
	if (vector < RT_NR_VECTORS)
		rt_handlers[vector] = fn;
}

void rt_exception(struct rt_frame *frame)
{
	static bool in_default;
	rt_exception_fn fn = rt_handlers[frame->vector];

	if (fn) {
		fn(frame);
		return;
	}
	/*
	 * A fault while reporting a fault (e.g. vmcall raising #UD on bare
	 * metal) must not recurse: stop the vCPU instead.
	 */
	if (in_default) {
		for (;;)
			__asm__ volatile("cli; hlt");
	}
	in_default = true;
	test_result_error("unexpected exception #%lu (error 0x%lx) at 0x%lx",
			  frame->vector, frame->error_code, frame->rip);
	test_set_shutdown_reason(SHUTDOWN_crash);
	test_exit();
}
