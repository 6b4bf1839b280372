/*
 * The hypercall table (style.md "Hypercall dispatch"): indexed by Xen's
 * hypercall number (xen-abi.md §3); each entry names its handler and who
 * may call it. The checks run in Xen's order: caller at CPL 0, number
 * known, privilege; only then the handler.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/hypercall_ops.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/sched.h>
#include <xen/string.h>
#include <xen/time.h>

#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_hvm_op 34
#define NR_HYPERCALLS 64

#define CONSOLEIO_write 0
#define SHUTDOWN_MAX 5

enum hc_privilege { HC_ANY_DOMAIN, HC_CONTROL_DOMAIN };

struct hypercall_entry {
    long (*handler)(struct hypercall_call *call);
    const char *name;
    enum hc_privilege privilege;
};

/* ---- console_io (xen-abi.md §4.2) ---- */

#define CONSOLE_CHUNK 128

/* Print the guest's bytes line by line, prefixed "(d<id>)"; non-printable
 * bytes become '.', so a guest cannot send escape sequences to the host. */
static void console_emit(struct domain *d, const char *buf, size_t n)
{
    char line[CONSOLE_CHUNK + 1];
    size_t len = 0;

    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n' || len == CONSOLE_CHUNK) {
            line[len] = '\0';
            guest_console_line(d, line);
            len = 0;
            if (c == '\n')
                continue;
        }
        line[len++] = (c >= 0x20 && c < 0x7f) ? c : '.';
    }
    if (len) {
        line[len] = '\0';
        guest_console_line(d, line);
    }
}

static long do_console_io(struct hypercall_call *call)
{
    u64 cmd = call->arg[0], count = call->arg[1], buf = call->arg[2];
    char chunk[CONSOLE_CHUNK];

    if (cmd != CONSOLEIO_write)
        return -ENOSYS;
    if (count == 0)
        return 0;
    if (count > (1u << 20))
        return -E2BIG;
    for (u64 off = 0; off < count; off += sizeof(chunk)) {
        u64 n = MIN((u64)sizeof(chunk), count - off);
        if (copy_from_guest(call->v, chunk, buf + off, n))
            return -EFAULT;
        console_emit(call->v->domain, chunk, n);
    }
    return 0;
}

/* ---- sched_op (xen-abi.md §4.3) ---- */

static long sched_shutdown(struct hypercall_call *call, bool code_only)
{
    u32 reason;

    if (copy_from_guest(call->v, &reason, call->arg[1], sizeof(reason)))
        return -EFAULT;
    if (reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (code_only)
        return 0;
    domain_shutdown(call->v->domain, reason);
    call->after = HC_STOP;
    return 0;
}

/*
 * SCHEDOP_poll: return at once if a listed port is pending, else block
 * until any port of the domain becomes pending (evtchn_wake_pollers).
 * Our poll_mask bit is set before the ports are looked at, so a send in
 * between still wakes us. A timeout is not waited for: the call returns as if it
 * had expired (callers re-check their condition, as they must anyway).
 */
static long sched_poll(struct hypercall_call *call)
{
    struct vcpu *v = call->v;
    u64 me = 1ULL << v->vcpu_id;
    struct sched_poll p;
    u32 ports[SCHED_POLL_MAX_PORTS];
    bool pending = false;

    if (copy_from_guest(v, &p, call->arg[1], sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > SCHED_POLL_MAX_PORTS || (!p.nr_ports && !p.timeout))
        return -EINVAL;
    if (p.nr_ports && copy_from_guest(v, ports, p.ports, p.nr_ports * sizeof(ports[0])))
        return -EFAULT;
    for (u32 i = 0; i < p.nr_ports; i++)
        if (!evtchn_port_is_valid(v->domain, ports[i]))
            return -EINVAL;
    if (p.timeout)
        return 0;
    __atomic_fetch_or(&v->domain->poll_mask, me, __ATOMIC_SEQ_CST);
    sched_block(&v->sched);
    for (u32 i = 0; i < p.nr_ports && !pending; i++)
        pending = evtchn_port_is_pending(v->domain, ports[i]);
    if (pending) {                      /* a waker may have cleared our bit already */
        __atomic_fetch_and(&v->domain->poll_mask, ~me, __ATOMIC_SEQ_CST);
        sched_wake(&v->sched, NOW());
    }
    call->after = HC_BLOCK;
    return 0;
}

static long do_sched_op(struct hypercall_call *call)
{
    switch (call->arg[0]) {
    case SCHEDOP_yield:
        call->after = HC_YIELD;
        return 0;
    case SCHEDOP_block:
        sched_block(&call->v->sched);
        /* An upcall raised before the block must not be slept through. */
        if (READ_ONCE(call->v->upcall_pending))
            sched_wake(&call->v->sched, NOW());
        call->after = HC_BLOCK;
        return 0;
    case SCHEDOP_shutdown:
        return sched_shutdown(call, false);
    case SCHEDOP_shutdown_code:
        return sched_shutdown(call, true);
    case SCHEDOP_poll:
        return sched_poll(call);
    default:
        return -ENOSYS;
    }
}

static const struct hypercall_entry hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_memory_op] = { do_memory_op, "memory_op", HC_ANY_DOMAIN },
    [__HYPERVISOR_xen_version] = { do_xen_version, "xen_version", HC_ANY_DOMAIN },
    [__HYPERVISOR_console_io] = { do_console_io, "console_io", HC_ANY_DOMAIN },
    [__HYPERVISOR_grant_table_op] = { do_grant_table_op, "grant_table_op", HC_ANY_DOMAIN },
    [__HYPERVISOR_vcpu_op] = { do_vcpu_op, "vcpu_op", HC_ANY_DOMAIN },
    [__HYPERVISOR_sched_op] = { do_sched_op, "sched_op", HC_ANY_DOMAIN },
    [__HYPERVISOR_event_channel_op] = { do_event_channel_op, "event_channel_op", HC_ANY_DOMAIN },
    [__HYPERVISOR_hvm_op] = { do_hvm_op, "hvm_op", HC_ANY_DOMAIN },
};

/* No control domain exists yet: privileged calls are refused to all. */
static bool may_call(const struct vcpu *v, enum hc_privilege p)
{
    return p == HC_ANY_DOMAIN;
}

long hypercall_dispatch(struct hypercall_call *call)
{
    const struct hypercall_entry *e;

    call->after = HC_CONTINUE;
    if (call->cpl != 0)
        return -EPERM;          /* as Xen: only guest kernels may call */
    if (call->nr >= NR_HYPERCALLS || !(e = &hypercall_table[call->nr])->handler)
        return -ENOSYS;
    if (!may_call(call->v, e->privilege))
        return -EPERM;
    return e->handler(call);
}
