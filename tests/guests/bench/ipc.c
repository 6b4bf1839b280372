/*
 * bench mode=ipc: what two domains pay to talk (docs/performance.md).
 * role=recv (domain B) grants a page to role=send (domain A) and offers
 * an unbound event channel in it. Both run pinned to one CPU:
 *
 *   evtchn  A stamps the TSC into the shared page, does EVTCHNOP_send and
 *           waits in HLT; B waits halted until its upcall handler stamps
 *           the TSC again: B's stamp - A's stamp is one send -> upcall in
 *           the other domain, including the switch from A to B on the one
 *           CPU. B replies, timed the same way (reply -> upcall in A),
 *           and A times the round trip. The two legs take different paths
 *           through the scheduler (docs/performance.md).
 *   grant   then A alone maps B's grant (GNTTABOP_map_grant_ref,
 *           host_map) and unmaps it again, n times.
 *
 * Lines (parsed by tests/bench.sh):
 *   B: bench: evtchn send->upcall min <t> median <t> floor <t> (<n> sends)
 *   A: bench: evtchn reply->upcall min <t> median <t> floor <t> (<n> sends)
 *   A: bench: evtchn round trip min <t> median <t> floor <t> (<n> round trips)
 *   A: bench: grant map+unmap min <t> median <t> map <t> unmap <t> floor <t> (<n> round trips)
 * then SUCCESS, or FAILURE when a figure is below what its hypercalls
 * cost at least (one floor per hypercall).
 */
#include "bench.h"
#include "guest.h"
#include "hypercall.h"
#include "ipc.h"

#define IPC_REF		8		/* the first grant ref not reserved */
#define IPC_VECTOR	0xf3		/* the upcall vector of both domains */
#define IPC_READY	0x52454459u	/* B has written its port */
#define IPC_WARMUP	8		/* unmeasured rounds first: cold paths */
#define WAIT_YIELDS	200000

/* The page B grants to A; A writes send_tsc, B writes the rest. */
struct ipc_page {
	volatile uint32_t magic;	/* IPC_READY once port is valid */
	volatile uint32_t port;		/* B's port, unbound for A */
	volatile uint64_t send_tsc;	/* A: TSC just before EVTCHNOP_send */
	volatile uint64_t reply_tsc;	/* B: the same before its reply */
};

static uint8_t gt_frame[4096] __attribute__((aligned(4096)));	/* B */
static uint8_t shared[4096] __attribute__((aligned(4096)));	/* B's, granted */
static uint8_t map_at[4096] __attribute__((aligned(4096)));	/* A maps there */
static uint32_t lat[MAX_SAMPLES], back[MAX_SAMPLES], map_s[MAX_SAMPLES], unmap_s[MAX_SAMPLES];

/* Both domains' upcall handler: the TSC first (third instruction), then count. */
volatile uint64_t bench_upcall_tsc;
volatile unsigned int bench_upcalls;
void bench_upcall_entry(void);
__asm__(".text\n.globl bench_upcall_entry\nbench_upcall_entry:\n"
	"\tpush %rax\n\tpush %rdx\n\trdtsc\n"
	"\tmov %eax, bench_upcall_tsc(%rip)\n\tmov %edx, bench_upcall_tsc+4(%rip)\n"
	"\tlock incl bench_upcalls(%rip)\n\tpop %rdx\n\tpop %rax\n\tiretq\n");

#define CHECK(ok, ...) ((ok) ? true : (test_result_failure(__VA_ARGS__), false))

/* HLT with interrupts on until the upcall counter moves past seen. */
static void wait_upcall(unsigned int seen)
{
	while (bench_upcalls == seen)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

static bool upcall_setup(void)
{
	if (!CHECK(!guest_map_shared_info() && !guest_upcall_init(IPC_VECTOR),
		   "cannot map shared_info or set the upcall vector"))
		return false;
	guest_set_idt_gate(IPC_VECTOR, bench_upcall_entry);
	return true;
}

static void print_line(const char *what, uint32_t *s, unsigned int n, uint64_t floor,
		       const char *unit, uint64_t *min)
{
	uint64_t median;

	bench_summarize(s, n, min, &median);
	guest_printf("bench: %s min %lu median %lu floor %lu (%u %s)\n", what, (unsigned long)*min,
		     (unsigned long)median, (unsigned long)floor, n, unit);
}

/* ---------------- B: granter and receiver ---------------- */

static bool recv_setup(unsigned int peer, struct ipc_page *p)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = (uint16_t)peer };

	if (!upcall_setup() ||
	    !CHECK(!guest_gnttab_map_frame(gt_frame), "cannot map the grant frame") ||
	    !CHECK(!guest_evtchn_op(EVTCHNOP_alloc_unbound, &a), "alloc_unbound failed"))
		return false;
	guest_grant(gt_frame, IPC_REF, (uint16_t)peer, shared, GTF_permit_access);
	p->port = a.port;
	__atomic_store_n(&p->magic, IPC_READY, __ATOMIC_RELEASE);
	return true;
}

/*
 * One upcall per round: record its latency, clear the event, reply. The
 * last reply waits until B has printed (A must not run meanwhile: it
 * would share the CPU with B's floor loop).
 */
static void run_recv(unsigned int peer, unsigned int n)
{
	struct ipc_page *p = (struct ipc_page *)shared;
	uint64_t floor_min = 0, floor, min = 0;
	unsigned int seen = 0;

	if (!recv_setup(peer, p))
		return;
	for (unsigned int i = 0; i < n + IPC_WARMUP; i++) {
		wait_upcall(seen);
		seen = bench_upcalls;
		if (i >= IPC_WARMUP)
			lat[i - IPC_WARMUP] = (uint32_t)(bench_upcall_tsc - p->send_tsc);
		guest_evtchn_clear(p->port);
		if (i + 1 == n + IPC_WARMUP) {
			if (!bench_floor(n, &floor_min, &floor))
				return;
			print_line("evtchn send->upcall", lat, n, floor, "sends", &min);
		}
		p->reply_tsc = rdtsc();
		if (!CHECK(!guest_evtchn_send(p->port), "send to d%u failed", peer))
			return;
	}
	wait_upcall(seen);			/* A's grant figures are done */
	if (CHECK(min && min >= floor_min, "send->upcall %lu below the floor %lu",
		  (unsigned long)min, (unsigned long)floor_min))
		test_result_success();
}

/* ---------------- A: mapper and sender ---------------- */

/* Map B's page (retried until B has granted it), bind to its port. */
static bool send_setup(unsigned int peer, uint32_t *port, uint32_t *handle)
{
	struct gnttab_map_grant_ref op;
	struct evtchn_bind_interdomain b = { .remote_dom = (uint16_t)peer };
	struct ipc_page *p = (struct ipc_page *)map_at;
	unsigned int i = 0;

	if (!upcall_setup())
		return false;
	while (guest_grant_map(&op, (uint16_t)peer, IPC_REF, map_at, GNTMAP_host_map) &&
	       i++ < WAIT_YIELDS)
		guest_yield();
	for (; i < WAIT_YIELDS && __atomic_load_n(&p->magic, __ATOMIC_ACQUIRE) != IPC_READY; i++)
		guest_yield();
	if (!CHECK(i < WAIT_YIELDS, "d%u never granted ref %u with its port", peer, IPC_REF))
		return false;
	b.remote_port = p->port;
	if (!CHECK(!guest_evtchn_op(EVTCHNOP_bind_interdomain, &b), "bind to d%u:%u failed",
		   peer, b.remote_port))
		return false;
	guest_evtchn_clear(b.local_port);	/* binding marks the port pending (as Xen) */
	__asm__ volatile("sti; nop; cli" ::: "memory");	/* and raised an upcall: take it */
	*port = b.local_port;
	*handle = op.handle;
	return true;
}

/*
 * n + warm-up send/reply rounds: the round trips land in lat[], B's reply
 * -> A's upcall in back[]. Should B's reply ever hand the CPU straight to
 * A (the scheduler's wake-up preemption decides), B would not be back in
 * HLT yet: the yield lets it get there, so every send finds B halted.
 * When B is halted already, A is alone and the yield returns at once.
 */
static bool send_rounds(uint32_t port, unsigned int n)
{
	struct ipc_page *p = (struct ipc_page *)map_at;

	for (unsigned int i = 0; i < n + IPC_WARMUP; i++) {
		unsigned int seen;
		uint64_t t0;
		long rc;

		guest_yield();
		seen = bench_upcalls;
		t0 = rdtsc();
		p->send_tsc = t0;
		rc = guest_evtchn_send(port);
		wait_upcall(seen);
		if (i >= IPC_WARMUP) {
			lat[i - IPC_WARMUP] = (uint32_t)(rdtsc() - t0);
			back[i - IPC_WARMUP] = (uint32_t)(bench_upcall_tsc - p->reply_tsc);
		}
		guest_evtchn_clear(port);
		if (!CHECK(!rc, "send failed: %ld", rc))
			return false;
	}
	return true;
}

/* n map+unmap round trips of B's grant at map_at; map/unmap in their arrays. */
static bool grant_rounds(unsigned int peer, unsigned int n)
{
	struct gnttab_map_grant_ref op;

	for (unsigned int i = 0; i < n + IPC_WARMUP; i++) {
		uint64_t t0 = rdtsc(), t1, t2;
		int16_t map_st = guest_grant_map(&op, (uint16_t)peer, IPC_REF, map_at,
						 GNTMAP_host_map), unmap_st;

		t1 = rdtsc();
		unmap_st = guest_grant_unmap(op.handle, map_at);
		t2 = rdtsc();
		if (!CHECK(map_st == GNTST_okay && unmap_st == GNTST_okay,
			   "round %u: map %d unmap %d", i, map_st, unmap_st))
			return false;
		if (i >= IPC_WARMUP) {
			map_s[i - IPC_WARMUP] = (uint32_t)(t1 - t0);
			unmap_s[i - IPC_WARMUP] = (uint32_t)(t2 - t1);
			lat[i - IPC_WARMUP] = (uint32_t)(t2 - t0);
		}
	}
	return true;
}

static void print_grant(unsigned int n, uint64_t floor_min, uint64_t floor)
{
	uint64_t min, median, map_min, map_med, unmap_min, unmap_med;

	bench_summarize(lat, n, &min, &median);
	bench_summarize(map_s, n, &map_min, &map_med);
	bench_summarize(unmap_s, n, &unmap_min, &unmap_med);
	guest_printf("bench: grant map+unmap min %lu median %lu map %lu unmap %lu floor %lu "
		     "(%u round trips)\n", (unsigned long)min, (unsigned long)median,
		     (unsigned long)map_med, (unsigned long)unmap_med, (unsigned long)floor, n);
	if (CHECK(map_min >= floor_min && unmap_min >= floor_min,
		  "map %lu or unmap %lu below the floor %lu", (unsigned long)map_min,
		  (unsigned long)unmap_min, (unsigned long)floor_min))
		test_result_success();
}

static void run_send(unsigned int peer, unsigned int n)
{
	uint64_t floor_min, floor, back_min, min;
	uint32_t port, handle;

	if (!send_setup(peer, &port, &handle) || !send_rounds(port, n))
		return;
	guest_yield();				/* B back in HLT: A runs alone */
	if (!bench_floor(n, &floor_min, &floor))
		return;
	print_line("evtchn reply->upcall", back, n, floor, "sends", &back_min);
	print_line("evtchn round trip", lat, n, floor, "round trips", &min);
	if (!CHECK(back_min >= floor_min && min >= 2 * floor_min,
		   "reply->upcall %lu / round trip %lu below one / two floors (%lu)",
		   (unsigned long)back_min, (unsigned long)min, (unsigned long)floor_min) ||
	    !CHECK(guest_grant_unmap(handle, map_at) == GNTST_okay, "unmap of the shared page") ||
	    !grant_rounds(peer, n))
		return;
	print_grant(n, floor_min, floor);
	guest_evtchn_send(port);		/* B may finish now */
}

void bench_ipc(unsigned int n)
{
	char role[8] = "";
	unsigned int peer = (unsigned int)cmdline_get_ulong("peer", 0);

	cmdline_get_str("role", role, sizeof(role));
	if (!peer)
		test_result_error("ipc needs peer=<domid of the other domain>");
	else if (!strncmp(role, "recv", sizeof("recv")))
		run_recv(peer, n);
	else if (!strncmp(role, "send", sizeof("send")))
		run_send(peer, n);
	else
		test_result_error("ipc needs role=recv|send");
}
