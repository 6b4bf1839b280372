/*
 * pvcons: the PV console the hypervisor serves (xen-abi.md §4.5, §5.5),
 * used the way Linux's hvc_xen does: CONSOLE_PFN and CONSOLE_EVTCHN from
 * HVMOP_get_param, output copied into out[] and the port notified (the
 * hypervisor must have consumed it when EVTCHNOP_send returns), output
 * without a notify (drained by the fallback poll), then one line of input
 * typed on the serial console once the scenario switched the input focus
 * here, echoed back as "pvcons: got '<text>'". Also the param access
 * rules: -EPERM for params a guest may not touch, -EINVAL for bad or
 * deprecated indexes, -ESRCH for another domain id.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "PV console ring: params, output, input with focus switching";

#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_event_channel_op	32
#define HVMOP_set_param			0
#define HVMOP_get_param			1
#define HVMOP_get_time			10
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNSTAT_interdomain		2
#define DOMID_SELF			0x7ff0
#define DOMID_XEN			0x7ff2
#define XEN_ESRCH			3
#define XEN_EEXIST			17
#define BAD_GVA				0x3ffff000ul
#define INPUT_WAIT_NS			600000000000ull	/* guest time: Bochs runs ~8x wall clock */

struct xen_hvm_param { uint16_t domid, pad; uint32_t index; uint64_t value; };
struct evtchn_status {
	uint16_t dom; uint16_t pad; uint32_t port, status, vcpu;
	uint16_t rdom; uint16_t pad2; uint32_t rport;
};
struct add_to_physmap { uint16_t domid, size; uint32_t space; uint64_t idx, gpfn; };

struct xencons {
	char in[1024], out[2048];
	uint32_t in_cons, in_prod, out_cons, out_prod;
	uint8_t connection;
};

#define CHECK(ok, ...) ((ok) ? true : (test_result_failure(__VA_ARGS__), false))

static volatile struct xencons *ring;
static uint32_t port;
static volatile uint64_t *evtchn_pending;	/* shared_info words 64.. */
static uint8_t shinfo_page[4096] __attribute__((aligned(4096)));

static long param(unsigned int op, uint16_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = domid, .index = index, .value = value ? *value : 0 };
	long rc = hypercall2(__HYPERVISOR_hvm_op, op, (unsigned long)&p);

	if (value && op == HVMOP_get_param)
		*value = p.value;
	return rc;
}

static long get(uint32_t index) { return param(HVMOP_get_param, DOMID_SELF, index, NULL); }
static long set(uint32_t index, uint64_t v) { return param(HVMOP_set_param, DOMID_SELF, index, &v); }

static uint64_t now_ns(void)
{
	uint64_t t = 0;

	hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_time, (unsigned long)&t);
	return t;
}

/* Xen's rules (§4.5): what a guest may read or write about itself. */
static bool check_access_rules(void)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = 17 };
	uint64_t v = 0;

	return CHECK(get(5) == -XEN_EPERM, "get IOREQ_PFN: %ld, not -EPERM", get(5)) &&
	       CHECK(get(10) == -XEN_EPERM, "get TIMER_MODE not -EPERM") &&
	       CHECK(set(17, 1) == -XEN_EPERM, "set CONSOLE_PFN not -EPERM") &&
	       CHECK(set(1, 1) == -XEN_EPERM, "set STORE_PFN not -EPERM") &&
	       CHECK(get(39) == -XEN_EINVAL, "index 39 (HVM_NR_PARAMS) not -EINVAL") &&
	       CHECK(get(0xffffffffu) == -XEN_EINVAL, "index ~0 not -EINVAL") &&
	       CHECK(get(4) == -XEN_EINVAL, "deprecated PAE_ENABLED not -EINVAL") &&
	       CHECK(set(35, 1) == -XEN_EEXIST, "set ALTP2M not -EEXIST") &&
	       CHECK(param(HVMOP_get_param, 0x7000, 17, &v) == -XEN_ESRCH, "other domid not -ESRCH") &&
	       CHECK(hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, BAD_GVA) == -XEN_EFAULT,
		     "bad pointer not -EFAULT") &&
	       CHECK(hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)&p) == 0 &&
		     p.pad == 0, "get via raw struct");
}

/* STORE_*: no xenstore, so 0 (Linux then skips xenbus, §7.1 #38). */
static bool find_console(void)
{
	uint64_t pfn = 0, evt = 0, store = 1;
	struct evtchn_status st = { .dom = DOMID_SELF };

	if (!CHECK(param(HVMOP_get_param, DOMID_SELF, 17, &pfn) == 0 &&
		   param(HVMOP_get_param, DOMID_SELF, 18, &evt) == 0, "get CONSOLE_PFN/EVTCHN failed") ||
	    !CHECK(param(HVMOP_get_param, DOMID_SELF, 1, &store) == 0 && store == 0, "STORE_PFN %lu",
		   (unsigned long)store))
		return false;
	guest_printf("pvcons: CONSOLE_PFN 0x%lx (RAM ends 0x%lx), CONSOLE_EVTCHN %lu\n",
		     (unsigned long)pfn, (unsigned long)guest_ram_end(), (unsigned long)evt);
	if (!CHECK(pfn == (guest_ram_end() >> 12) + 1 && evt != 0, "console page not above RAM + guard"))
		return false;
	ring = (volatile struct xencons *)(uintptr_t)(pfn << 12);
	port = (uint32_t)evt;
	st.port = port;
	return CHECK(hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_status, (unsigned long)&st) == 0 &&
		     st.status == EVTCHNSTAT_interdomain && st.rdom == DOMID_XEN,
		     "console port status %u dom 0x%x", st.status, st.rdom) &&
	       CHECK(ring->out_prod == 0 && ring->in_prod == 0, "ring not fresh");
}

static void __printf(3, 4) format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	guest_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

static void ring_write(const char *s)
{
	uint32_t prod = ring->out_prod;

	for (; *s; s++)
		ring->out[prod++ & (sizeof(ring->out) - 1)] = *s;
	__asm__ volatile("" ::: "memory");	/* x86: stores stay ordered (wmb) */
	ring->out_prod = prod;
}

static long notify(void)
{
	return hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (unsigned long)&port);
}

static bool check_output(void)
{
	uint64_t t0;

	ring_write("pvcons: line one through the ring\npvcons: a line in ");
	if (!CHECK(notify() == 0 && ring->out_cons == ring->out_prod, "send did not drain out[]"))
		return false;
	ring_write("two pieces\n");
	if (!CHECK(notify() == 0 && ring->out_cons == ring->out_prod, "second send did not drain"))
		return false;
	if (!CHECK(evtchn_pending[port / 64] & (1ull << (port % 64)), "no notify back"))
		return false;
	ring_write("pvcons: no notify, found by the poll\n");
	for (t0 = now_ns(); ring->out_cons != ring->out_prod && now_ns() - t0 < 5000000000ull;)
		guest_yield();
	return CHECK(ring->out_cons == ring->out_prod, "the poll never drained out[]");
}

/* One line typed on the serial console, after the focus came here. */
static bool check_input(void)
{
	char line[64], msg[96];
	unsigned int n = 0;
	uint64_t t0 = now_ns();
	bool done = false;

	evtchn_pending[port / 64] &= ~(1ull << (port % 64));
	guest_printf("pvcons: waiting for input\n");
	while (!done && now_ns() - t0 < INPUT_WAIT_NS) {
		uint32_t cons = ring->in_cons, prod = ring->in_prod;

		__asm__ volatile("" ::: "memory");	/* read in[] after in_prod */
		for (; cons != prod && !done; cons++) {
			char c = ring->in[cons & (sizeof(ring->in) - 1)];

			done = c == '\r' || c == '\n';
			if (!done && n + 1 < sizeof(line))
				line[n++] = c;
		}
		ring->in_cons = cons;
		if (!done)
			guest_yield();
	}
	line[n] = 0;
	if (!CHECK(done, "no complete input line within %lu s (got '%s')",
		   (unsigned long)(INPUT_WAIT_NS / 1000000000ull), line))
		return false;
	if (!CHECK(evtchn_pending[port / 64] & (1ull << (port % 64)), "input not notified"))
		return false;
	format(msg, sizeof(msg), "pvcons: got '%s'\n", line);
	ring_write(msg);
	return CHECK(notify() == 0, "echo send failed");
}

void test_main(void)
{
	struct add_to_physmap x = { .domid = DOMID_SELF, .space = 0, .gpfn = (uintptr_t)shinfo_page >> 12 };

	if (!CHECK(hypercall2(__HYPERVISOR_memory_op, 7, (unsigned long)&x) == 0, "map shared_info"))
		return;
	evtchn_pending = (volatile uint64_t *)(shinfo_page + 32 * 64);
	if (!check_access_rules() || !find_console() || !check_output() || !check_input())
		return;
	test_result_success();
}
