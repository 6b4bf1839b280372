/*
 * evtchn: two domains exchange event-channel notifications (2-level ABI,
 * xen-abi.md §4.7, §6). role=server (domain 1) allocates an unbound port
 * for domain 2; role=client (domain 2) binds to it (trying the server's
 * low ports until one is unbound for it); then they ping-pong `rounds=` notifications,
 * each side waiting in HLT for its upcall and checking the port's pending
 * bit in its shared_info. The server also checks masking: a send to a
 * masked port sets pending without an upcall, unmask delivers it, and
 * SCHEDOP_poll sleeps until a masked port turns pending (how Linux's PV
 * spinlocks wait). Error paths: bad ports, closing twice, binding a used
 * port, bad poll arguments.
 */
#include "guest.h"
#include "hypercall.h"
#include "ipc.h"

const char test_title[] = "event channels between two domains";

#define UPCALL_VECTOR 0xf3
#define VCPUOP_stop_singleshot_timer 9
#define EINVAL 22
#define EFAULT 14
#define VIRQ_TIMER 0

/* SCHEDOP_poll's argument (xen/include/public/sched.h layout). */
struct sched_poll_arg {
	uint64_t ports;
	uint32_t nr_ports, pad;
	uint64_t timeout;
};

static long poll(const uint32_t *ports, uint32_t nr, uint64_t timeout)
{
	struct sched_poll_arg p = { .ports = (uint64_t)(unsigned long)ports, .nr_ports = nr,
				    .timeout = timeout };

	return hypercall_sched_op(SCHEDOP_poll, &p);
}

/* Wait in HLT until port is pending; a 10 ms one-shot timer bounds each
 * HLT so a lost notification fails the test instead of hanging it. */
static bool wait_event(uint32_t port)
{
	for (unsigned long i = 0; i < 500; i++) {
		if (guest_evtchn_pending(port))
			return true;
		guest_set_singleshot(xen_time() + 10000000, 0);
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
	return guest_evtchn_pending(port);
}

/* Negative paths every domain can check on its own. */
static void check_errors(uint32_t used_port)
{
	struct evtchn_close c = { .port = 4095 };
	struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF, .remote_port = used_port };

	if (guest_evtchn_send(5000) != -EINVAL || guest_evtchn_send(0) != -EINVAL)
		test_result_failure("send to a bad port did not give -EINVAL");
	if (guest_evtchn_op(EVTCHNOP_close, &c) != -EINVAL)
		test_result_failure("closing an unused port did not give -EINVAL");
	if (guest_evtchn_op(EVTCHNOP_bind_interdomain, &b) >= 0)
		test_result_failure("binding to a port in use succeeded");
}

/*
 * Masking, on an IPI port to ourselves: a send to a masked port only sets
 * its pending bit; EVTCHNOP_unmask then delivers the upcall (§6).
 */
static void check_mask(void)
{
	struct evtchn_bind_ipi ipi = { .vcpu = 0 };
	struct evtchn_unmask u;
	unsigned int before;

	/* The wait loop's one-shot timer would raise an upcall of its own. */
	hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_stop_singleshot_timer, 0, 0);
	if (guest_evtchn_op(EVTCHNOP_bind_ipi, &ipi))
		return test_result_failure("bind_ipi failed");
	__atomic_fetch_or(&rt_shinfo->evtchn_mask[ipi.port / 64], 1ULL << (ipi.port % 64),
			  __ATOMIC_SEQ_CST);
	guest_evtchn_clear(ipi.port);
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");   /* take any stale upcall */
	before = rt_upcalls;
	guest_evtchn_send(ipi.port);
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
	if (!guest_evtchn_pending(ipi.port) || rt_upcalls != before)
		return test_result_failure("masked port: pending %d, upcalls %u -> %u",
					   guest_evtchn_pending(ipi.port), before, rt_upcalls);
	u.port = ipi.port;
	guest_evtchn_op(EVTCHNOP_unmask, &u);
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
	if (rt_upcalls == before)
		return test_result_failure("unmask of a pending port raised no upcall");
	guest_printf("evtchn: masked send held back, unmask delivered it\n");
}

static void mask_port(uint32_t port)
{
	__atomic_fetch_or(&rt_shinfo->evtchn_mask[port / 64], 1ULL << (port % 64), __ATOMIC_SEQ_CST);
}

/*
 * SCHEDOP_poll on VIRQ_TIMER's port, masked: the one-shot timer makes it
 * pending without an upcall, and only the poll wake-up can end the wait.
 */
static void check_poll(void)
{
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct evtchn_close c;
	uint32_t ports[2];
	unsigned int before;
	uint64_t t0;
	long rc;

	if (guest_evtchn_op(EVTCHNOP_bind_virq, &bv))
		return test_result_failure("bind_virq(VIRQ_TIMER) failed");
	ports[0] = bv.port;
	ports[1] = 5000;
	if (poll(ports, 129, 0) != -EINVAL || poll(ports, 2, 0) != -EINVAL ||
	    poll(ports, 0, 0) != -EINVAL || poll((void *)0x7ff00000000UL, 1, 0) != -EFAULT)
		return test_result_failure("bad poll arguments were not refused");
	mask_port(bv.port);
	guest_evtchn_clear(bv.port);
	before = rt_upcalls;
	t0 = xen_time();
	guest_set_singleshot(t0 + 5000000, 0);
	rc = poll(ports, 1, 0);
	if (rc || !guest_evtchn_pending(bv.port) || rt_upcalls != before)
		return test_result_failure("poll: rc %ld, pending %d, upcalls %u -> %u", rc,
					   guest_evtchn_pending(bv.port), before, rt_upcalls);
	if (xen_time() < t0 + 5000000)
		return test_result_failure("poll returned before the timer fired");
	if (poll(ports, 1, 0))                    /* pending already: returns at once */
		return test_result_failure("poll of a pending port failed");
	c.port = bv.port;
	guest_evtchn_op(EVTCHNOP_close, &c);
	guest_printf("evtchn: poll slept until the masked timer port was pending\n");
}

static void server(unsigned long rounds)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 2 };

	if (guest_evtchn_op(EVTCHNOP_alloc_unbound, &a))
		return test_result_failure("alloc_unbound failed");
	guest_printf("evtchn: server port %u for domain 2\n", a.port);
	for (unsigned long r = 0; r < rounds; r++) {
		if (!wait_event(a.port))
			return test_result_failure("round %lu: no notification from the client", r);
		guest_evtchn_clear(a.port);
		guest_evtchn_send(a.port);
	}
	guest_printf("evtchn: server got %lu notifications on port %u, %u upcalls\n", rounds, a.port,
		     rt_upcalls);
	check_errors(a.port);
	check_mask();
	check_poll();
	test_result_success();
}

static void client(unsigned long rounds)
{
	struct evtchn_bind_interdomain b = { .remote_dom = 1 };
	unsigned long tries = 0;

	/* No xenstore to publish the port: try the server's low ports until
	 * one is unbound for us (its others, e.g. the console's, refuse). */
	for (;;) {
		b.remote_port = 1 + tries % 8;
		if (!guest_evtchn_op(EVTCHNOP_bind_interdomain, &b) || ++tries >= 100000)
			break;
		if (b.remote_port == 8)
			guest_yield();
	}
	if (tries == 100000)
		return test_result_failure("could not bind to the server's port");
	guest_printf("evtchn: client bound local port %u to 1:%u (pending %d)\n", b.local_port,
		     b.remote_port, guest_evtchn_pending(b.local_port));
	guest_evtchn_clear(b.local_port);         /* binding marks the port pending (as Xen) */
	for (unsigned long r = 0; r < rounds; r++) {
		guest_evtchn_send(b.local_port);
		if (!wait_event(b.local_port))
			return test_result_failure("round %lu: no reply from the server", r);
		guest_evtchn_clear(b.local_port);
	}
	guest_printf("evtchn: client exchanged %lu rounds on port %u, %u upcalls\n", rounds,
		     b.local_port, rt_upcalls);
	check_errors(b.local_port);
	test_result_success();
}

void test_main(void)
{
	char role[16] = "";
	unsigned long rounds = cmdline_get_ulong("rounds", 20);

	if (guest_map_shared_info() || guest_upcall_init(UPCALL_VECTOR))
		return test_result_failure("cannot map shared_info or set the upcall vector");
	cmdline_get_str("role", role, sizeof(role));
	if (!strncmp(role, "server", 7))
		server(rounds);
	else if (!strncmp(role, "client", 7))
		client(rounds);
	else
		test_result_error("role= must be server or client");
}
