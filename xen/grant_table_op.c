/*
 * grant_table_op (hypercall 20, xen-abi.md §4.8): a table keyed by sub-op
 * of the calls an HVM/PVH guest may make. Each walks its `count` argument
 * structs through copy_from_guest/copy_to_guest and stores a GNTST_*
 * status in each; the hypercall itself fails only for a bad pointer,
 * count or sub-op. The grant logic lives in xen/grant_table.c.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

#define NR_GNTTABOPS 13
/* Xen preempts long batches with a continuation; we have none, so a
 * batch is bounded instead (Linux batches far fewer). */
#define GNTTAB_MAX_COUNT 4096

typedef long (*gnttab_op_fn)(struct vcpu *v, u64 uop, u64 count);

/*
 * Xen answers "no such domain" and "not yours" differently: a table op
 * naming an existing other domain is refused, a missing one is unknown.
 */
static int other_domain_status(u16 dom)
{
    struct domain *d = domain_get_by_id(dom);

    if (!d)
        return GNTST_bad_domain;
    domain_put(d);
    return GNTST_permission_denied;
}

/*
 * The per-element ops share one loop: copy element i in, run it, copy the
 * results back (the whole element for map, which also returns a handle;
 * only the status for unmap and copy, as Xen does).
 */
struct elem_op {
    size_t size;                /* one element */
    size_t out_off, out_len;    /* what goes back to the guest */
    s16 (*one)(struct domain *d, void *elem);   /* fills in the status */
};

static long for_each_elem(struct vcpu *v, u64 uop, u64 count, const struct elem_op *eo)
{
    union {
        struct gnttab_map_grant_ref map;
        struct gnttab_unmap_grant_ref unmap;
        struct gnttab_copy copy;
    } elem;

    for (u64 i = 0; i < count; i++, uop += eo->size) {
        if (copy_from_guest(v, &elem, uop, eo->size))
            return -EFAULT;
        eo->one(v->domain, &elem);
        if (copy_to_guest(v, uop + eo->out_off, (u8 *)&elem + eo->out_off, eo->out_len))
            return -EFAULT;
    }
    return 0;
}

static s16 map_elem(struct domain *d, void *e)
{
    struct gnttab_map_grant_ref *op = e;

    return op->status = (s16)gnttab_map_one(d, op);
}

static s16 unmap_elem(struct domain *d, void *e)
{
    struct gnttab_unmap_grant_ref *op = e;

    return op->status = (s16)gnttab_unmap_one(d, op);
}

static s16 copy_elem(struct domain *d, void *e)
{
    struct gnttab_copy *op = e;

    return op->status = (s16)gnttab_copy_one(d, op);
}

#define ELEM_OP(type, fn, off, len) \
    { .size = sizeof(struct type), .out_off = (off), .out_len = (len), .one = (fn) }

static const struct elem_op map_op =
    ELEM_OP(gnttab_map_grant_ref, map_elem, 0, sizeof(struct gnttab_map_grant_ref));
static const struct elem_op unmap_op =
    ELEM_OP(gnttab_unmap_grant_ref, unmap_elem, offsetof(struct gnttab_unmap_grant_ref, status),
            sizeof(s16));
static const struct elem_op copy_op =
    ELEM_OP(gnttab_copy, copy_elem, offsetof(struct gnttab_copy, status), sizeof(s16));

static long op_map(struct vcpu *v, u64 uop, u64 count) { return for_each_elem(v, uop, count, &map_op); }
static long op_unmap(struct vcpu *v, u64 uop, u64 count) { return for_each_elem(v, uop, count, &unmap_op); }
static long op_copy(struct vcpu *v, u64 uop, u64 count) { return for_each_elem(v, uop, count, &copy_op); }

/* The single-struct ops (Xen: count != 1 is -EINVAL). */
static long op_setup(struct vcpu *v, u64 uop, u64 count)
{
    struct gnttab_setup_table op;
    u64 gfns[GNTTAB_MAX_FRAMES];

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &op, uop, sizeof(op)))
        return -EFAULT;
    op.status = (s16)gnttab_setup_one(v->domain, &op, gfns);
    if (op.status == GNTST_bad_domain)
        op.status = (s16)other_domain_status(op.dom);
    if (op.status == GNTST_okay && op.nr_frames &&
        copy_to_guest(v, op.frame_list, gfns, op.nr_frames * sizeof(gfns[0])))
        return -EFAULT;
    return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long op_query(struct vcpu *v, u64 uop, u64 count)
{
    struct gnttab_query_size op;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &op, uop, sizeof(op)))
        return -EFAULT;
    op.status = (s16)gnttab_query_one(v->domain, &op);
    if (op.status == GNTST_bad_domain)
        op.status = (s16)other_domain_status(op.dom);
    return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/*
 * Only v1 exists: asking for 2 is -ENOSYS ("behave as before set_version
 * existed"), anything else -EINVAL; the version in force is written back
 * either way, so Linux carries on with v1.
 */
static long op_set_version(struct vcpu *v, u64 uop, u64 count)
{
    struct gnttab_set_version op;
    long rc;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &op, uop, sizeof(op)))
        return -EFAULT;
    rc = op.version == 1 ? 0 : op.version == 2 ? -ENOSYS : -EINVAL;
    op.version = 1;
    return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long op_get_version(struct vcpu *v, u64 uop, u64 count)
{
    struct gnttab_get_version op;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(v, &op, uop, sizeof(op)))
        return -EFAULT;
    if (op.dom != DOMID_SELF && op.dom != v->domain->domain_id)
        return other_domain_status(op.dom) == GNTST_bad_domain ? -ESRCH : -EPERM;
    op.version = 1;
    return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static const gnttab_op_fn gnttab_ops[NR_GNTTABOPS] = {
    [GNTTABOP_map_grant_ref] = op_map,
    [GNTTABOP_unmap_grant_ref] = op_unmap,
    [GNTTABOP_setup_table] = op_setup,
    [GNTTABOP_copy] = op_copy,
    [GNTTABOP_query_size] = op_query,
    [GNTTABOP_set_version] = op_set_version,
    [GNTTABOP_get_version] = op_get_version,
};

long do_grant_table_op(struct hypercall_call *call)
{
    /* cmd and count are C unsigned ints in the ABI: upper bits ignored. */
    u64 cmd = (u32)call->arg[0], uop = call->arg[1], count = (u32)call->arg[2];

    /* swap_grant_ref is v2-era and unused by Linux HVM: -ENOSYS too. */
    if (cmd >= NR_GNTTABOPS || !gnttab_ops[cmd])
        return -ENOSYS;
    if (count > GNTTAB_MAX_COUNT)
        return -EINVAL;
    return gnttab_ops[cmd](call->v, uop, count);
}
