/*
 * The hvm_op and vcpu_op hypercalls a PVH guest uses for time and event
 * delivery (xen-abi.md §4.5, §4.6): the per-vCPU upcall vector, Xen system
 * time, the per-vCPU one-shot and periodic timers, vcpu_info placement and
 * runstate (xen/runstate.c). A timer
 * expiry is VIRQ_TIMER once the guest has bound it; before that it raises
 * the vCPU's upcall directly.
 */
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/hypercall_ops.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shared_page.h>
#include <xen/smp.h>
#include <xen/time.h>

#define HVMOP_set_param 0
#define HVMOP_get_param 1
#define HVMOP_pagetable_dying 9
#define HVMOP_get_time 10
#define HVMOP_set_evtchn_upcall_vector 23
#define VCPUOP_is_up 3
#define VCPUOP_get_runstate_info 4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info 10
#define VCPU_SSHOTTMR_future (1u << 0)
#define UPCALL_VECTOR_MIN 0x10
#define PERIODIC_MIN_NS 1000000ULL  /* Xen: period < 1 ms is -EINVAL */

struct xen_hvm_evtchn_upcall_vector {
    u32 vcpu;
    u8 vector;
    u8 pad[3];
};

struct vcpu_set_singleshot_timer {
    u64 timeout_abs_ns;
    u32 flags;
    u32 pad;
};

struct vcpu_register_vcpu_info {
    u64 mfn;                    /* a GFN for HVM/PVH guests */
    u32 offset;
    u32 rsvd;
};

/*
 * Events that became pending before the vector existed (Linux registers
 * its vcpu_info, which marks evtchn_upcall_pending, before it sets the
 * vector) raised no upcall, and 2-level delivery notifies only on the
 * 0 -> 1 edge of that flag: without this kick the vCPU would never get
 * another event. Xen likewise asserts the vector when it is set
 * (hvm_assert_evtchn_irq); we do it only if something is pending.
 */
static void upcall_vector_set(struct vcpu *v)
{
    struct vcpu_info *vi = vcpu_vcpu_info(v);

    if (vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        vcpu_raise_upcall(v);
}

static long hvmop_set_upcall_vector(struct hypercall_call *call)
{
    struct xen_hvm_evtchn_upcall_vector a;
    struct domain *d = call->v->domain;

    if (copy_from_guest(call->v, &a, call->arg[1], sizeof(a)))
        return -EFAULT;
    if (a.vector < UPCALL_VECTOR_MIN)
        return -EINVAL;
    if (a.vcpu >= d->max_vcpus || !d->vcpu[a.vcpu])
        return -ENOENT;
    WRITE_ONCE(d->vcpu[a.vcpu]->upcall_vector, a.vector);
    upcall_vector_set(d->vcpu[a.vcpu]);
    return 0;
}

static long hvmop_get_time(struct hypercall_call *call)
{
    u64 now = (u64)NOW();

    return copy_to_guest(call->v, call->arg[1], &now, sizeof(now)) ? -EFAULT : 0;
}

long do_hvm_op(struct hypercall_call *call)
{
    switch (call->arg[0]) {
    case HVMOP_set_param: return hvmop_set_param(call);     /* xen/hvm_param.c */
    case HVMOP_get_param: return hvmop_get_param(call);
    case HVMOP_set_evtchn_upcall_vector: return hvmop_set_upcall_vector(call);
    case HVMOP_get_time: return hvmop_get_time(call);
    case HVMOP_pagetable_dying: return -EINVAL;   /* EPT: nothing to shadow (xen-abi §4.5) */
    default: return -ENOSYS;
    }
}

static void singleshot_fired(void *data)
{
    struct vcpu *v = data;

    if (evtchn_virq_is_bound(v, VIRQ_TIMER))
        send_guest_vcpu_virq(v, VIRQ_TIMER);
    else
        vcpu_raise_upcall(v);
}

static long vcpuop_set_singleshot(struct vcpu *v, struct hypercall_call *call)
{
    struct vcpu_set_singleshot_timer t;

    if (copy_from_guest(v, &t, call->arg[2], sizeof(t)))
        return -EFAULT;
    if ((t.flags & VCPU_SSHOTTMR_future) && (s64)t.timeout_abs_ns < NOW())
        return -ETIME;
    if (!v->singleshot_ready) {
        init_timer(&v->singleshot, singleshot_fired, v, smp_processor_id());
        v->singleshot_ready = true;
    }
    set_timer(&v->singleshot, (s_time_t)t.timeout_abs_ns);
    return 0;
}

/*
 * Periodic timer: fire, then re-arm one period after the expiry it was
 * armed for (not after now), so late callbacks do not make it drift. If
 * it fell more than a period behind (vCPU descheduled, CPU busy), skip
 * the missed ticks rather than firing a burst, as Xen does.
 */
static void periodic_fired(void *data)
{
    struct vcpu *v = data;
    u64 period = READ_ONCE(v->periodic_ns);
    s_time_t next, now = NOW();

    if (!period)
        return;                 /* stopped while the callback was queued */
    singleshot_fired(v);
    next = v->periodic_next + (s_time_t)period;
    if (next <= now)
        next = now + (s_time_t)period;
    v->periodic_next = next;
    set_timer(&v->periodic, next);
}

/* Xen (common/domain.c): the first tick one period from now. */
static long vcpuop_set_periodic(struct vcpu *v, struct hypercall_call *call)
{
    u64 period;

    if (copy_from_guest(call->v, &period, call->arg[2], sizeof(period)))
        return -EFAULT;
    if (period < PERIODIC_MIN_NS)
        return -EINVAL;
    if (!v->periodic_ready) {
        init_timer(&v->periodic, periodic_fired, v, smp_processor_id());
        v->periodic_ready = true;
    }
    stop_timer(&v->periodic);
    WRITE_ONCE(v->periodic_ns, period);
    v->periodic_next = NOW() + (s_time_t)period;
    set_timer(&v->periodic, v->periodic_next);
    return 0;
}

static long vcpuop_stop_periodic(struct vcpu *v)
{
    WRITE_ONCE(v->periodic_ns, 0);
    if (v->periodic_ready)
        stop_timer(&v->periodic);
    return 0;
}

/* xen-abi.md §4.6: any vCPU of the caller's domain, once. */
static long vcpuop_register_vcpu_info(struct vcpu *target, struct hypercall_call *call)
{
    struct vcpu_register_vcpu_info r;

    if (copy_from_guest(call->v, &r, call->arg[2], sizeof(r)))
        return -EFAULT;
    return vcpu_register_vcpu_info(target, r.mfn, r.offset);
}

long do_vcpu_op(struct hypercall_call *call)
{
    struct domain *d = call->v->domain;
    u64 id = call->arg[1];

    if (id >= d->max_vcpus || !d->vcpu[id])
        return -ENOENT;
    switch (call->arg[0]) {
    case VCPUOP_is_up:
        return d->vcpu[id]->in_scheduler;
    case VCPUOP_get_runstate_info:
        return vcpuop_get_runstate_info(d->vcpu[id], call);    /* xen/runstate.c */
    case VCPUOP_register_runstate_memory_area:
        return vcpuop_register_runstate(d->vcpu[id], call);
    case VCPUOP_set_periodic_timer:
        return vcpuop_set_periodic(d->vcpu[id], call);
    case VCPUOP_stop_periodic_timer:
        return vcpuop_stop_periodic(d->vcpu[id]);
    case VCPUOP_register_vcpu_info:
        return vcpuop_register_vcpu_info(d->vcpu[id], call);
    case VCPUOP_set_singleshot_timer:
        return id == call->v->vcpu_id ? vcpuop_set_singleshot(call->v, call) : -EINVAL;
    case VCPUOP_stop_singleshot_timer:
        if (id != call->v->vcpu_id)
            return -EINVAL;
        if (call->v->singleshot_ready)
            stop_timer(&call->v->singleshot);
        return 0;
    default:
        return -ENOSYS;
    }
}
