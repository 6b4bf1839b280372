/*
 * vCPU runstate accounting (xen-abi.md §4.6, §5.4). The scheduling loop
 * (xen/schedule.c) reports each change between running, runnable and
 * blocked; the arch copies the result into the guest's registered area
 * each time the vCPU is put on a CPU, as Xen does on a context switch.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/runstate.h>
#include <xen/sched.h>

void vcpu_runstate_init(struct vcpu *v, s_time_t now)
{
    struct vcpu_runstate *r = &v->runstate;

    r->lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    r->info.state = RUNSTATE_offline;   /* Xen: offline until first run */
    r->info.state_entry_time = (u64)now;
}

void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now)
{
    struct vcpu_runstate_info *ri = &v->runstate.info;

    spin_lock(&v->runstate.lock);
    /* Time never runs backwards per CPU, but a vCPU migrates: clamp. */
    if ((u64)now > ri->state_entry_time)
        ri->time[ri->state] += (u64)now - ri->state_entry_time;
    else
        now = (s_time_t)ri->state_entry_time;
    ri->state = state;
    ri->state_entry_time = (u64)now;
    spin_unlock(&v->runstate.lock);
}

void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *out)
{
    s_time_t now = NOW();

    spin_lock(&v->runstate.lock);
    *out = v->runstate.info;
    spin_unlock(&v->runstate.lock);
    /* Like Xen's vcpu_runstate_get: the open interval counts, the entry
     * time stays that of the state change. */
    if ((u64)now > out->state_entry_time)
        out->time[out->state] += (u64)now - out->state_entry_time;
}

void vcpu_runstate_update(struct vcpu *v)
{
    struct vcpu_runstate_info snap;
    u64 va = READ_ONCE(v->runstate.guest_va);

    if (!va)
        return;
    spin_lock(&v->runstate.lock);
    snap = v->runstate.info;
    spin_unlock(&v->runstate.lock);
    /* Xen ignores a failed copy here too: the guest gave a bad pointer,
     * and only the guest's own view of its runstate suffers. */
    if (copy_to_guest(v, va, &snap, sizeof(snap)))
        v->runstate.copy_failures++;
}

long vcpuop_get_runstate_info(struct vcpu *target, struct hypercall_call *call)
{
    struct vcpu_runstate_info snap;

    vcpu_runstate_get(target, &snap);
    return copy_to_guest(call->v, call->arg[2], &snap, sizeof(snap)) ? -EFAULT : 0;
}

/*
 * Xen (common/domain.c): -EFAULT only if the argument itself cannot be
 * read; the area address is taken as is (for HVM any address is "okay")
 * and a failed first copy is ignored. Linux BUG()s on any error. The
 * first copy goes through the caller's page tables, as in Xen.
 */
long vcpuop_register_runstate(struct vcpu *target, struct hypercall_call *call)
{
    struct vcpu_runstate_info snap;
    u64 va;

    if (copy_from_guest(call->v, &va, call->arg[2], sizeof(va)))
        return -EFAULT;
    WRITE_ONCE(target->runstate.guest_va, va);
    if (!va)
        return 0;               /* a null handle unregisters */
    vcpu_runstate_get(target, &snap);
    if (target == call->v)
        snap = target->runstate.info;   /* Xen copies the raw record */
    if (copy_to_guest(call->v, va, &snap, sizeof(snap)))
        target->runstate.copy_failures++;
    return 0;
}
