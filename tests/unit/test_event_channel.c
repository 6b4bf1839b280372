/*
 * Host tests for event channels (xen/event_channel.c): every EVTCHNOP_*
 * through the real hypercall entry, success and error paths, and the
 * 2-level delivery bits in a host-memory shared_info. Two fake domains
 * (ids 1 and 2, two vCPUs each); guest pointers are host pointers, except
 * BAD_VA which faults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include "unit_stubs.h"

#define BAD_VA 0xdead0000ULL
#define NR_DOMS 2
#define NR_VCPUS 2

static struct domain doms[NR_DOMS];
static struct vcpu vcpus[NR_DOMS][NR_VCPUS];
static struct vcpu *vcpu_ptrs[NR_DOMS][NR_VCPUS];
static struct shared_info shinfo[NR_DOMS];
static bool listed[NR_DOMS];            /* what domain_get_by_id finds */
static bool no_shinfo;                  /* domain_shared_info() -> NULL */
static int refs[NR_DOMS];               /* domain_get_by_id - domain_put */
static unsigned int upcalls[NR_DOMS][NR_VCPUS];

/* ---- stubs for what event_channel.c calls ---- */

static unsigned int dom_index(const struct domain *d) { return (unsigned int)(d - doms); }

struct shared_info *domain_shared_info(struct domain *d)
{
    return no_shinfo ? NULL : &shinfo[dom_index(d)];
}

struct vcpu_info *vcpu_vcpu_info(struct vcpu *v)
{
    struct shared_info *s = domain_shared_info(v->domain);

    return s ? &s->vcpu_info[v->vcpu_id] : NULL;
}

void vcpu_raise_upcall(struct vcpu *v)
{
    upcalls[dom_index(v->domain)][v->vcpu_id]++;
}

static unsigned int poll_wakes[NR_DOMS];

void domain_wake_pollers(struct domain *d)
{
    poll_wakes[dom_index(d)]++;
}

struct domain *domain_get_by_id(domid_t id)
{
    for (unsigned int i = 0; i < NR_DOMS; i++)
        if (listed[i] && doms[i].domain_id == id) {
            refs[i]++;
            return &doms[i];
        }
    return NULL;
}

void domain_put(struct domain *d)
{
    refs[dom_index(d)]--;
}

void *xmalloc_bytes(size_t size) { return malloc(size); }
void *xzalloc_bytes(size_t size) { return calloc(1, size); }
void *xmalloc_array_bytes(size_t e, size_t n) { return calloc(n, e); }
void *xzalloc_array_bytes(size_t e, size_t n) { return calloc(n, e); }
void xfree(void *p) { free(p); }

int copy_from_guest(struct vcpu *v, void *dst, u64 va, u64 len)
{
    if (va == BAD_VA)
        return -EFAULT;
    memcpy(dst, (void *)(uintptr_t)va, len);
    return 0;
}

int copy_to_guest(struct vcpu *v, u64 va, const void *src, u64 len)
{
    if (va == BAD_VA)
        return -EFAULT;
    memcpy((void *)(uintptr_t)va, src, len);
    return 0;
}

/* ---- fixture ---- */

static int setup(void **state)
{
    memset(shinfo, 0, sizeof(shinfo));
    memset(upcalls, 0, sizeof(upcalls));
    memset(poll_wakes, 0, sizeof(poll_wakes));
    memset(refs, 0, sizeof(refs));
    no_shinfo = false;
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        doms[i] = (struct domain){ .domain_id = (domid_t)(i + 1), .max_vcpus = NR_VCPUS,
                                   .vcpu = vcpu_ptrs[i] };
        for (unsigned int j = 0; j < NR_VCPUS; j++) {
            vcpus[i][j] = (struct vcpu){ .vcpu_id = j, .domain = &doms[i] };
            vcpu_ptrs[i][j] = &vcpus[i][j];
        }
        listed[i] = true;
        assert_int_equal(evtchn_domain_init(&doms[i]), 0);
    }
    return 0;
}

static int teardown(void **state)
{
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        evtchn_domain_destroy(&doms[i]);
        assert_int_equal(refs[i], 0);   /* every lookup was put back */
    }
    return 0;
}

static struct vcpu *V(unsigned int dom, unsigned int vcpu) { return &vcpus[dom][vcpu]; }

static long hc(struct vcpu *v, unsigned int cmd, void *arg)
{
    struct hypercall_call call = { .v = v, .nr = 32, .arg = { cmd, (u64)(uintptr_t)arg } };

    return do_event_channel_op(&call);
}

static long hc_va(struct vcpu *v, u64 cmd, u64 va)
{
    struct hypercall_call call = { .v = v, .nr = 32, .arg = { cmd, va } };

    return do_event_channel_op(&call);
}

static bool pending(unsigned int dom, unsigned int port)
{
    return shinfo[dom].evtchn_pending[port / 64] & (1ULL << (port % 64));
}

static void mask(unsigned int dom, unsigned int port)
{
    shinfo[dom].evtchn_mask[port / 64] |= 1ULL << (port % 64);
}

/* What a guest's upcall handler does: clear upcall_pending and selector. */
static void guest_ack(unsigned int dom, unsigned int vcpu)
{
    shinfo[dom].vcpu_info[vcpu].evtchn_upcall_pending = 0;
    shinfo[dom].vcpu_info[vcpu].evtchn_pending_sel = 0;
}

static evtchn_port_t alloc_unbound(unsigned int dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };

    assert_int_equal(hc(V(dom, 0), EVTCHNOP_alloc_unbound, &a), 0);
    return a.port;
}

/* Domain index 0 (id 1) connects to an unbound port of index 1 (id 2). */
static void connect_pair(evtchn_port_t *p1, evtchn_port_t *p2)
{
    struct evtchn_bind_interdomain b = { .remote_dom = 2 };

    *p2 = b.remote_port = alloc_unbound(1, 1);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), 0);
    *p1 = b.local_port;
}

static struct evtchn_status status_of(unsigned int dom, evtchn_port_t port)
{
    struct evtchn_status s = { .dom = DOMID_SELF, .port = port };

    assert_int_equal(hc(V(dom, 0), EVTCHNOP_status, &s), 0);
    return s;
}

static evtchn_port_t bind_virq(unsigned int dom, u32 virq, u32 vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };

    assert_int_equal(hc(V(dom, 0), EVTCHNOP_bind_virq, &b), 0);
    return b.port;
}

static evtchn_port_t bind_ipi(unsigned int dom, u32 vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };

    assert_int_equal(hc(V(dom, 0), EVTCHNOP_bind_ipi, &b), 0);
    return b.port;
}

static long send(unsigned int dom, evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return hc(V(dom, 0), EVTCHNOP_send, &s);
}

static long close_port(unsigned int dom, evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return hc(V(dom, 0), EVTCHNOP_close, &c);
}

static long unmask(unsigned int dom, evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return hc(V(dom, 0), EVTCHNOP_unmask, &u);
}

static long bind_vcpu(unsigned int dom, evtchn_port_t port, u32 vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return hc(V(dom, 0), EVTCHNOP_bind_vcpu, &b);
}

/* ---- port table basics ---- */

static void test_port0_reserved(void **state)
{
    struct evtchn_status s = status_of(0, 0);

    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(close_port(0, 0), -EINVAL);
    assert_int_equal(send(0, 0), -EINVAL);
    assert_int_equal(alloc_unbound(0, 2), 1);       /* first port handed out is 1 */
}

static void test_alloc_unbound(void **state)
{
    struct evtchn_alloc_unbound a = { .dom = 1, .remote_dom = DOMID_SELF };
    struct evtchn_status s;

    assert_int_equal(hc(V(0, 0), EVTCHNOP_alloc_unbound, &a), 0);   /* own id = self */
    s = status_of(0, a.port);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);           /* DOMID_SELF resolved */
    assert_int_equal(s.vcpu, 0);
    s = status_of(0, alloc_unbound(0, 2));
    assert_int_equal(s.u.unbound.dom, 2);

    a.dom = 2;                                      /* another domain's table */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_alloc_unbound, &a), -EPERM);
    a.dom = 9;                                      /* no such domain */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_alloc_unbound, &a), -ESRCH);
}

static void test_port_limit(void **state)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 2 };
    struct evtchn_status s = { .dom = DOMID_SELF };
    unsigned int n = 0;
    long rc;

    while ((rc = hc(V(0, 0), EVTCHNOP_alloc_unbound, &a)) == 0) {
        assert_int_equal(a.port, n + 1);            /* lowest free, in order */
        n++;
    }
    assert_int_equal(rc, -ENOSPC);
    assert_int_equal(n, EVTCHN_2L_NR_CHANNELS - 1); /* all but port 0 */
    s.port = EVTCHN_2L_NR_CHANNELS;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), -EINVAL);
    s.port = 0xffffffffu;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), -EINVAL);
    assert_int_equal(close_port(0, 1234), 0);       /* a hole is reused first */
    assert_int_equal(alloc_unbound(0, 2), 1234);
}

static void test_lazy_buckets(void **state)
{
    struct evtchn_status s = { .dom = DOMID_SELF, .port = EVTCHNS_PER_BUCKET - 1 };

    /* Ports of the first bucket are valid (closed), beyond it not yet. */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    s.port = EVTCHNS_PER_BUCKET;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), -EINVAL);
    for (unsigned int i = 1; i <= EVTCHNS_PER_BUCKET; i++)
        alloc_unbound(0, 2);
    s.port = EVTCHNS_PER_BUCKET;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
}

/* ---- interdomain ---- */

static void test_bind_interdomain(void **state)
{
    evtchn_port_t p1, p2;
    struct evtchn_status s;

    connect_pair(&p1, &p2);
    s = status_of(0, p1);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 2);
    assert_int_equal(s.u.interdomain.port, p2);
    s = status_of(1, p2);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 1);
    assert_int_equal(s.u.interdomain.port, p1);
    /* As Xen: the new local port is raised once. */
    assert_true(pending(0, p1));
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_upcall_pending, 1);
    assert_int_equal(upcalls[0][0], 1);
    assert_false(pending(1, p2));
}

static void test_bind_interdomain_errors(void **state)
{
    struct evtchn_bind_interdomain b = { .remote_dom = 9, .remote_port = 1 };
    evtchn_port_t other = alloc_unbound(1, 2);      /* waits for d2 itself */

    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), -ESRCH);
    b.remote_dom = 2;
    b.remote_port = other;                          /* not for us */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_port = 0;                              /* reserved */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_port = 5000;                           /* out of range */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_port = 7;                              /* valid but free */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), -EINVAL);
    b.remote_port = alloc_unbound(1, 1);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), 0);
    /* Already connected: no longer unbound. */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), -EINVAL);
    /* Failed binds left no port behind: the next free one is 2. */
    assert_int_equal(alloc_unbound(0, 2), 2);
}

static void test_bind_interdomain_loopback(void **state)
{
    struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF };
    struct evtchn_status s;

    b.remote_port = alloc_unbound(0, DOMID_SELF);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), 0);
    s = status_of(0, b.local_port);
    assert_int_equal(s.u.interdomain.dom, 1);
    assert_int_equal(s.u.interdomain.port, b.remote_port);
    assert_int_equal(close_port(0, b.local_port), 0);
    assert_int_equal(status_of(0, b.remote_port).status, EVTCHNSTAT_unbound);
}

static void test_send_interdomain(void **state)
{
    evtchn_port_t p1, p2;

    connect_pair(&p1, &p2);
    assert_int_equal(send(0, p1), 0);
    assert_true(pending(1, p2));
    assert_int_equal(shinfo[1].vcpu_info[0].evtchn_pending_sel, 1ULL << (p2 / 64));
    assert_int_equal(upcalls[1][0], 1);
    assert_int_equal(send(1, p2), 0);               /* and back */
    assert_true(pending(0, p1));
}

static void test_close_interdomain(void **state)
{
    struct evtchn_bind_interdomain b = { .remote_dom = 2 };
    evtchn_port_t p1, p2;
    struct evtchn_status s;

    connect_pair(&p1, &p2);
    assert_int_equal(close_port(0, p1), 0);
    assert_int_equal(status_of(0, p1).status, EVTCHNSTAT_closed);
    assert_false(pending(0, p1));                   /* freed: pending cleared */
    s = status_of(1, p2);
    assert_int_equal(s.status, EVTCHNSTAT_unbound); /* peer waits for us again */
    assert_int_equal(s.u.unbound.dom, 1);
    assert_int_equal(close_port(0, p1), -EINVAL);   /* twice */
    assert_int_equal(send(0, p1), -EINVAL);
    assert_int_equal(send(1, p2), 0);               /* unbound: dropped */
    assert_false(pending(0, p1));
    b.remote_port = p2;                             /* and can reconnect */
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_interdomain, &b), 0);
}

static void test_destroy_unbinds_peer(void **state)
{
    evtchn_port_t p1, p2;
    struct evtchn_status s;

    connect_pair(&p1, &p2);
    listed[1] = false;                              /* d2 goes away */
    evtchn_domain_destroy(&doms[1]);
    assert_null(doms[1].evtchn);
    s = status_of(0, p1);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 2);
    assert_int_equal(send(0, p1), 0);
    evtchn_domain_destroy(&doms[1]);                /* idempotent */
}

/* ---- hypervisor-bound ports (the PV console's) ---- */

static unsigned int xen_fn_calls;
static evtchn_port_t xen_fn_port;
static void xen_fn(struct domain *d, evtchn_port_t port)
{
    assert_ptr_equal(d, &doms[0]);
    xen_fn_calls++;
    xen_fn_port = port;
    if (xen_fn_calls == 2)      /* notify back from inside: the table is unlocked */
        evtchn_send_from_xen(d, port, xen_fn);
}
static void other_fn(struct domain *d, evtchn_port_t port) { }

static void test_xen_bound_port(void **state)
{
    int port = evtchn_alloc_xen_port(&doms[0], xen_fn);
    struct evtchn_status s;

    xen_fn_calls = 0;
    assert_true(port > 0);
    s = status_of(0, port);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, DOMID_XEN);
    assert_int_equal(send(0, port), 0);                 /* the guest notifies Xen */
    assert_int_equal(xen_fn_calls, 1);
    assert_int_equal(xen_fn_port, port);
    assert_false(pending(0, port));                     /* not looped back */
    evtchn_send_from_xen(&doms[0], port, other_fn);     /* someone else's: ignored */
    assert_false(pending(0, port));
    evtchn_send_from_xen(&doms[0], port, xen_fn);       /* Xen notifies the guest */
    assert_true(pending(0, port));
    assert_int_equal(upcalls[0][0], 1);
    guest_ack(0, 0);
    shinfo[0].evtchn_pending[port / 64] = 0;
    assert_int_equal(send(0, port), 0);                 /* backend answers at once */
    assert_int_equal(xen_fn_calls, 2);
    assert_true(pending(0, port));
    assert_int_equal(bind_vcpu(0, port, 1), 0);         /* movable like interdomain */
    assert_int_equal(close_port(0, port), 0);
    evtchn_send_from_xen(&doms[0], port, xen_fn);       /* closed: nothing */
    assert_false(pending(0, port));
    assert_int_equal(alloc_unbound(0, 2), (evtchn_port_t)port);     /* reused number */
    evtchn_send_from_xen(&doms[0], port, xen_fn);
    assert_false(pending(0, port));
    assert_int_equal(send(0, port), 0);
    assert_int_equal(xen_fn_calls, 2);
}

/* ---- VIRQs, IPIs, bind_vcpu ---- */

static void test_bind_virq(void **state)
{
    struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = 1 };
    evtchn_port_t p = bind_virq(0, VIRQ_TIMER, 1);
    struct evtchn_status s = status_of(0, p);

    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_TIMER);
    assert_int_equal(s.vcpu, 1);
    assert_true(evtchn_virq_is_bound(V(0, 1), VIRQ_TIMER));
    assert_false(evtchn_virq_is_bound(V(0, 0), VIRQ_TIMER));
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_virq, &b), -EEXIST);
    bind_virq(0, VIRQ_TIMER, 0);                    /* per vCPU: once each */
    b = (struct evtchn_bind_virq){ .virq = VIRQ_CONSOLE, .vcpu = 1 };
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_virq, &b), -EINVAL);  /* global: vCPU 0 */
    b = (struct evtchn_bind_virq){ .virq = NR_VIRQS, .vcpu = 0 };
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_virq, &b), -EINVAL);
    b = (struct evtchn_bind_virq){ .virq = VIRQ_DEBUG, .vcpu = 2 };
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_virq, &b), -ENOENT);
    assert_int_equal(send(0, p), -EINVAL);          /* the hypervisor raises VIRQs */
    assert_int_equal(close_port(0, p), 0);
    assert_false(evtchn_virq_is_bound(V(0, 1), VIRQ_TIMER));
    assert_int_equal(bind_virq(0, VIRQ_TIMER, 1), p);   /* rebinding works */
}

static void test_send_guest_vcpu_virq(void **state)
{
    evtchn_port_t p;

    send_guest_vcpu_virq(V(0, 1), VIRQ_TIMER);      /* unbound: nothing */
    assert_int_equal(upcalls[0][1], 0);
    p = bind_virq(0, VIRQ_TIMER, 1);
    send_guest_vcpu_virq(V(0, 0), VIRQ_TIMER);      /* other vCPU: not bound there */
    assert_false(pending(0, p));
    send_guest_vcpu_virq(V(0, 1), VIRQ_TIMER);
    assert_true(pending(0, p));
    assert_int_equal(shinfo[0].vcpu_info[1].evtchn_upcall_pending, 1);
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_upcall_pending, 0);
    assert_int_equal(upcalls[0][1], 1);
    send_guest_vcpu_virq(V(0, 1), NR_VIRQS);        /* out of range: ignored */
}

static void test_bind_ipi(void **state)
{
    struct evtchn_bind_ipi b = { .vcpu = 2 };
    evtchn_port_t p;

    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_ipi, &b), -ENOENT);
    p = bind_ipi(0, 1);
    assert_int_equal(status_of(0, p).status, EVTCHNSTAT_ipi);
    assert_int_equal(status_of(0, p).vcpu, 1);
    assert_int_equal(send(0, p), 0);
    assert_true(pending(0, p));
    assert_int_equal(upcalls[0][1], 1);
    assert_int_equal(upcalls[0][0], 0);
}

static void test_bind_vcpu(void **state)
{
    evtchn_port_t p1, p2, ipi = bind_ipi(0, 0), timer = bind_virq(0, VIRQ_TIMER, 0);
    evtchn_port_t con = bind_virq(0, VIRQ_CONSOLE, 0), unb = alloc_unbound(0, 2);

    connect_pair(&p1, &p2);
    assert_int_equal(bind_vcpu(0, p1, 1), 0);
    assert_int_equal(status_of(0, p1).vcpu, 1);
    assert_int_equal(bind_vcpu(0, unb, 1), 0);
    assert_int_equal(bind_vcpu(0, con, 1), 0);      /* global VIRQ: movable */
    assert_int_equal(bind_vcpu(0, ipi, 1), -EINVAL);
    assert_int_equal(bind_vcpu(0, timer, 1), -EINVAL);
    assert_int_equal(bind_vcpu(0, p1, 2), -ENOENT);
    assert_int_equal(bind_vcpu(0, 5000, 1), -EINVAL);
    assert_int_equal(bind_vcpu(0, 0, 1), -EINVAL);  /* reserved */
    guest_ack(0, 0);
    shinfo[0].evtchn_pending[0] = 0;
    upcalls[0][0] = 0;
    assert_int_equal(send(1, p2), 0);               /* now lands on vCPU 1 */
    assert_int_equal(upcalls[0][1], 1);
    assert_int_equal(upcalls[0][0], 0);
    assert_int_equal(close_port(0, p1), 0);         /* close resets to vCPU 0 */
    assert_int_equal(alloc_unbound(0, 2), p1);
    assert_int_equal(status_of(0, p1).vcpu, 0);
}

/* ---- 2-level delivery bits (xen-abi.md §6) ---- */

static void test_masked_port_only_pends(void **state)
{
    evtchn_port_t p = bind_ipi(0, 0);

    mask(0, p);
    assert_int_equal(send(0, p), 0);
    assert_true(pending(0, p));
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_pending_sel, 0);
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_upcall_pending, 0);
    assert_int_equal(upcalls[0][0], 0);
}

/* SCHEDOP_poll sleepers hear of a newly pending port even when it is masked. */
static void test_pending_wakes_pollers_once(void **state)
{
    evtchn_port_t p = bind_ipi(0, 0);

    mask(0, p);
    assert_int_equal(send(0, p), 0);
    assert_int_equal(poll_wakes[0], 1);
    assert_int_equal(send(0, p), 0);                /* already pending: no new edge */
    assert_int_equal(poll_wakes[0], 1);
    assert_true(evtchn_port_is_pending(&doms[0], p));
    assert_true(evtchn_port_is_valid(&doms[0], p));
    assert_false(evtchn_port_is_valid(&doms[0], EVTCHN_MAX_PORTS));
}

static void test_upcall_only_on_0_to_1(void **state)
{
    evtchn_port_t a = bind_ipi(0, 0), b;

    for (unsigned int i = a + 1; i < 64; i++)
        alloc_unbound(0, 2);
    b = bind_ipi(0, 0);                             /* in selector word 1 */
    assert_int_equal(b / 64, 1);
    assert_int_equal(send(0, a), 0);
    assert_int_equal(upcalls[0][0], 1);
    assert_int_equal(send(0, a), 0);                /* already pending: nothing */
    assert_int_equal(send(0, b), 0);                /* new selector bit, flag still 1 */
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_pending_sel, 3);
    assert_int_equal(upcalls[0][0], 1);
    guest_ack(0, 0);                                /* guest scans, clears a only */
    shinfo[0].evtchn_pending[0] = 0;
    assert_int_equal(send(0, a), 0);
    assert_int_equal(upcalls[0][0], 2);
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_upcall_pending, 1);
}

static void test_unmask(void **state)
{
    evtchn_port_t p = bind_ipi(0, 1), q = bind_ipi(0, 1);

    mask(0, p);
    assert_int_equal(send(0, p), 0);
    assert_int_equal(upcalls[0][1], 0);
    assert_int_equal(unmask(0, p), 0);              /* masked + pending: deliver */
    assert_false(shinfo[0].evtchn_mask[0] & (1ULL << p));
    assert_int_equal(shinfo[0].vcpu_info[1].evtchn_pending_sel, 1);
    assert_int_equal(shinfo[0].vcpu_info[1].evtchn_upcall_pending, 1);
    assert_int_equal(upcalls[0][1], 1);
    guest_ack(0, 1);
    assert_int_equal(unmask(0, p), 0);              /* not masked: nothing (as Xen) */
    assert_int_equal(upcalls[0][1], 1);
    mask(0, q);
    assert_int_equal(unmask(0, q), 0);              /* masked, not pending */
    assert_false(shinfo[0].evtchn_mask[0] & (1ULL << q));
    assert_int_equal(upcalls[0][1], 1);
    assert_int_equal(unmask(0, 5000), -EINVAL);
}

static void test_no_shared_info(void **state)
{
    evtchn_port_t p = bind_ipi(0, 0);

    no_shinfo = true;                               /* not registered yet */
    assert_int_equal(send(0, p), 0);
    assert_int_equal(unmask(0, p), 0);
    assert_int_equal(upcalls[0][0], 0);
    evtchn_vcpu_info_changed(V(0, 0));
    assert_int_equal(upcalls[0][0], 0);
    no_shinfo = false;
    evtchn_vcpu_info_changed(V(0, 0));              /* forces a full rescan */
    assert_int_equal(shinfo[0].vcpu_info[0].evtchn_pending_sel, ~0ULL);
    assert_int_equal(upcalls[0][0], 1);
}

/* ---- reset, status of others, FIFO probes, dispatch ---- */

static void test_reset(void **state)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    evtchn_port_t p1, p2, ipi = bind_ipi(0, 1), timer = bind_virq(0, VIRQ_TIMER, 1);

    connect_pair(&p1, &p2);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_reset, &r), 0);
    assert_int_equal(status_of(0, ipi).status, EVTCHNSTAT_closed);
    assert_int_equal(status_of(0, timer).status, EVTCHNSTAT_closed);
    assert_int_equal(status_of(0, p1).status, EVTCHNSTAT_closed);
    assert_int_equal(status_of(1, p2).status, EVTCHNSTAT_unbound);
    assert_false(evtchn_virq_is_bound(V(0, 1), VIRQ_TIMER));
    assert_int_equal(alloc_unbound(0, 2), 1);       /* port 0 still reserved */
    r.dom = 2;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_reset, &r), -EPERM);
    assert_int_equal(status_of(1, p2).status, EVTCHNSTAT_unbound);
    r.dom = 42;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_reset, &r), -ESRCH);
}

static void test_status_other_domain(void **state)
{
    struct evtchn_status s = { .dom = 2, .port = alloc_unbound(1, 1) };

    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), -EPERM);
    s.dom = 7;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), -ESRCH);
    s.dom = 1;                                      /* own id works like SELF */
    s.port = 0;
    assert_int_equal(hc(V(0, 0), EVTCHNOP_status, &s), 0);
}

static void test_fifo_refused(void **state)
{
    struct evtchn_init_control ic = { .control_gfn = 0x1000 };
    struct evtchn_expand_array ea = { 0 };
    struct evtchn_set_priority sp = { .port = 1 };

    assert_int_equal(hc(V(0, 0), EVTCHNOP_init_control, &ic), -ENOSYS);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_expand_array, &ea), -ENOSYS);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_set_priority, &sp), -ENOSYS);
    assert_int_equal(hc_va(V(0, 0), EVTCHNOP_init_control, BAD_VA), -EFAULT);
}

static void test_dispatch(void **state)
{
    struct evtchn_bind_pirq bp = { .pirq = 1 };

    assert_int_equal(hc_va(V(0, 0), 14, 0), -ENOSYS);      /* reset_cont: internal */
    assert_int_equal(hc_va(V(0, 0), 99, 0), -ENOSYS);
    assert_int_equal(hc_va(V(0, 0), 0x100000000ULL | EVTCHNOP_send, BAD_VA), -EFAULT);
    assert_int_equal(hc_va(V(0, 0), EVTCHNOP_alloc_unbound, BAD_VA), -EFAULT);
    assert_int_equal(hc(V(0, 0), EVTCHNOP_bind_pirq, &bp), -EINVAL);
    assert_int_equal(alloc_unbound(0, 2), 1);       /* nothing leaked from faults */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_port0_reserved), T(test_alloc_unbound), T(test_port_limit),
        T(test_lazy_buckets), T(test_bind_interdomain), T(test_bind_interdomain_errors),
        T(test_bind_interdomain_loopback), T(test_send_interdomain),
        T(test_close_interdomain), T(test_destroy_unbinds_peer), T(test_xen_bound_port),
        T(test_bind_virq),
        T(test_send_guest_vcpu_virq), T(test_bind_ipi), T(test_bind_vcpu),
        T(test_masked_port_only_pends),
    T(test_pending_wakes_pollers_once), T(test_upcall_only_on_0_to_1), T(test_unmask),
        T(test_no_shared_info), T(test_reset), T(test_status_other_domain),
        T(test_fifo_refused), T(test_dispatch),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
