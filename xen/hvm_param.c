/*
 * HVMOP_set_param / HVMOP_get_param (xen-abi.md §4.5): each domain's
 * HVM_PARAM_* values and Xen's rules for what a guest may read or write
 * about itself, as one table. The values the hypervisor hands out (the
 * PV console's CONSOLE_PFN/EVTCHN, xen/pvcons.c) are written at build by
 * hvm_param_init(); CALLBACK_IRQ of the vector type also sets the vector
 * the upcall is injected with.
 */
#include <public/hvm/params.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/hypercall_ops.h>
#include <xen/sched.h>

_Static_assert(HVM_NR_PARAMS == DOMAIN_NR_HVM_PARAMS, "struct domain hvm_param[]");

/* What the guest may do with its own param (xen-abi.md §4.5 table). */
enum {
    P_GET = 1 << 0,
    P_SET = 1 << 1,
    P_DEPRECATED = 1 << 2,      /* -EINVAL either way */
    P_SET_EEXIST = 1 << 3,      /* readable; a write is refused with -EEXIST */
};

/* Unlisted = "no": -EPERM for the guest itself. */
static const u8 param_access[HVM_NR_PARAMS] = {
    [HVM_PARAM_CALLBACK_IRQ] = P_GET | P_SET,
    [HVM_PARAM_STORE_PFN] = P_GET,
    [HVM_PARAM_STORE_EVTCHN] = P_GET | P_SET,
    [4] = P_DEPRECATED,                         /* PAE_ENABLED */
    [13] = P_DEPRECATED,                        /* DM_DOMAIN */
    [15] = P_GET | P_SET,                       /* VM86_TSS */
    [HVM_PARAM_CONSOLE_PFN] = P_GET,
    [HVM_PARAM_CONSOLE_EVTCHN] = P_GET | P_SET,
    [19] = P_GET | P_SET,                       /* ACPI_IOPORTS_LOCATION */
    [20 ... 25] = P_DEPRECATED,                 /* MEMORY_EVENT_* */
    [26] = P_DEPRECATED,                        /* BUFIOREQ_EVTCHN */
    [30] = P_DEPRECATED,                        /* NESTEDHVM */
    [34] = P_GET | P_SET,                       /* VM_GENERATION_ID_ADDR */
    [35] = P_GET | P_SET_EEXIST,                /* ALTP2M */
    [36] = P_GET | P_SET,                       /* X87_FIP_WIDTH */
    [37] = P_GET | P_SET,                       /* VM86_TSS_SIZED */
};

/*
 * Xen's order: bad index -EINVAL, then the domain (only the caller
 * itself: no control domain exists; a missing one is -ESRCH), then the
 * access rule.
 */
static long param_check(struct vcpu *v, const struct xen_hvm_param *p, u8 need)
{
    struct domain *d;
    u8 acc;

    if (p->index >= HVM_NR_PARAMS)
        return -EINVAL;
    if (p->domid != DOMID_SELF && p->domid != v->domain->domain_id) {
        d = domain_get_by_id(p->domid);
        if (!d)
            return -ESRCH;
        domain_put(d);
        return -EPERM;
    }
    acc = param_access[p->index];
    if (acc & P_DEPRECATED)
        return -EINVAL;
    if (need == P_SET && (acc & P_SET_EEXIST))
        return -EEXIST;
    return (acc & need) ? 0 : -EPERM;
}

/*
 * CALLBACK_IRQ (§4.5): only the vector type does anything for a PVH
 * domain (no vIOAPIC/vPIC: Xen accepts GSI and INTx but ignores them, and
 * Linux sets GSI 1 after a per-vCPU vector merely as "enlightened"). The
 * vector goes to every vCPU that has none, or still has the previous
 * domain-wide one; a per-vCPU vector (HVMOP_set_evtchn_upcall_vector)
 * stays, as in Xen, where it takes precedence.
 */
static void param_set_callback(struct domain *d, u64 value)
{
    u8 old = d->callback_vector, vec = (u8)value;

    if (value >> HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT != HVM_PARAM_CALLBACK_TYPE_VECTOR)
        return;
    d->callback_vector = vec;
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *w = d->vcpu[i];

        if (w && (!READ_ONCE(w->upcall_vector) || READ_ONCE(w->upcall_vector) == old))
            WRITE_ONCE(w->upcall_vector, vec);
    }
}

static long hvmop_param(struct hypercall_call *call, bool set)
{
    struct domain *d = call->v->domain;
    struct xen_hvm_param p;
    long rc;

    if (copy_from_guest(call->v, &p, call->arg[1], sizeof(p)))
        return -EFAULT;
    rc = param_check(call->v, &p, set ? P_SET : P_GET);
    if (rc)
        return rc;
    if (!set) {
        p.value = READ_ONCE(d->hvm_param[p.index]);
        return copy_to_guest(call->v, call->arg[1], &p, sizeof(p)) ? -EFAULT : 0;
    }
    if (p.index == HVM_PARAM_CALLBACK_IRQ)
        param_set_callback(d, p.value);
    WRITE_ONCE(d->hvm_param[p.index], p.value);
    return 0;
}

long hvmop_set_param(struct hypercall_call *call)
{
    return hvmop_param(call, true);
}

long hvmop_get_param(struct hypercall_call *call)
{
    return hvmop_param(call, false);
}

void hvm_param_init(struct domain *d, unsigned int index, u64 value)
{
    if (index < HVM_NR_PARAMS)
        d->hvm_param[index] = value;
}
