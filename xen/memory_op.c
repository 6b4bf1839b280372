/*
 * memory_op (hypercall 12, xen-abi.md §4.4): a table keyed by sub-op
 * (cmd bits 5:0). Implemented: add_to_physmap for the shared_info page
 * and grant frames, the guest's memory map, and the reservation queries.
 * Every other sub-op answers -ENOSYS, the error that makes Linux fall back.
 */
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/hypercall_ops.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shared_page.h>

#define MEMOP_CMD_MASK 0x3f             /* bits 63:6: continuation start */
#define XENMEM_maximum_ram_page 2
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_add_to_physmap 7
#define XENMEM_memory_map 9
#define NR_MEMOPS 29

#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1
#define E820_RAM 1
#define GFN_LIMIT (1ULL << (48 - PAGE_SHIFT))   /* 4-level EPT reach */

struct xen_add_to_physmap {
    u16 domid;
    u16 size;                   /* gmfn_range only */
    u32 space;                  /* XENMAPSPACE_* */
    u64 idx;
    u64 gpfn;
};

struct xen_memory_map {
    u32 nr_entries;             /* in: capacity; out: entries written */
    u32 pad;
    u64 buffer;                 /* guest pointer to e820 entries */
};

struct e820_entry {
    u64 addr;
    u64 size;
    u32 type;
} __attribute__((packed));

_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen-abi.md §4.4");
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen-abi.md §4.4");
_Static_assert(sizeof(struct e820_entry) == 20, "xen-abi.md §4.4");

/* A domU may name only itself; there is no control domain yet. */
static bool is_self(const struct vcpu *v, u16 domid)
{
    return domid == DOMID_SELF || domid == v->domain->domain_id;
}

static long memop_add_to_physmap(struct hypercall_call *call, u64 arg)
{
    struct xen_add_to_physmap x;

    if (copy_from_guest(call->v, &x, arg, sizeof(x)))
        return -EFAULT;
    if (!is_self(call->v, x.domid))
        return -EPERM;
    if (x.space == XENMAPSPACE_grant_table)
        return gnttab_map_frame(call->v->domain, x.idx, x.gpfn);
    if (x.space != XENMAPSPACE_shared_info)
        return -ENOSYS;         /* gmfn*: not yet */
    if (x.idx != 0 || x.gpfn >= GFN_LIMIT)
        return -EINVAL;
    return domain_map_shared_info(call->v->domain, x.gpfn);
}

/*
 * The map the start info carries (kept by xen/dom0less.c): RAM from 0 with
 * the ACPI tables carved out, then the PV console page (above RAM, past a
 * guard frame) as reserved. A domain without one (real mode) gets its RAM.
 * As Xen, copy min(capacity, entries) and report it.
 */
static long memop_memory_map(struct hypercall_call *call, u64 arg)
{
    struct domain *d = call->v->domain;
    struct e820_entry map[DOMAIN_MAX_MEMMAP] = { { 0, (u64)d->max_pages << PAGE_SHIFT, E820_RAM } };
    u32 nr = 1;
    struct xen_memory_map m;

    if (d->nr_memmap)
        nr = d->nr_memmap;
    for (unsigned int i = 0; i < d->nr_memmap; i++)
        map[i] = (struct e820_entry){ d->memmap[i].addr, d->memmap[i].size, d->memmap[i].type };
    if (copy_from_guest(call->v, &m, arg, sizeof(m)))
        return -EFAULT;
    m.nr_entries = m.nr_entries < nr ? m.nr_entries : nr;
    if (m.nr_entries && copy_to_guest(call->v, m.buffer, map, m.nr_entries * sizeof(map[0])))
        return -EFAULT;
    return copy_to_guest(call->v, arg, &m.nr_entries, sizeof(m.nr_entries)) ? -EFAULT : 0;
}

static long memop_reservation(struct hypercall_call *call, u64 arg, bool maximum)
{
    u16 domid;

    if (copy_from_guest(call->v, &domid, arg, sizeof(domid)))
        return -EFAULT;
    if (!is_self(call->v, domid))
        return -EPERM;
    return (long)(maximum ? call->v->domain->max_pages : call->v->domain->tot_pages);
}

static long memop_current(struct hypercall_call *c, u64 arg) { return memop_reservation(c, arg, false); }
static long memop_maximum(struct hypercall_call *c, u64 arg) { return memop_reservation(c, arg, true); }

/* Xen answers with the host's highest RAM frame and never fails. */
static long memop_max_ram_page(struct hypercall_call *call, u64 arg)
{
    return (long)page_alloc_max_mfn();
}

static long (*const memop_table[NR_MEMOPS])(struct hypercall_call *call, u64 arg) = {
    [XENMEM_maximum_ram_page] = memop_max_ram_page,
    [XENMEM_current_reservation] = memop_current,
    [XENMEM_maximum_reservation] = memop_maximum,
    [XENMEM_add_to_physmap] = memop_add_to_physmap,
    [XENMEM_memory_map] = memop_memory_map,
};

long do_memory_op(struct hypercall_call *call)
{
    u64 cmd = call->arg[0];

    /* None of ours continues, so a start extent means an unknown op (as
     * in Xen's arch_memory_op, which switches on the whole cmd). */
    if (cmd > MEMOP_CMD_MASK || cmd >= NR_MEMOPS || !memop_table[cmd])
        return -ENOSYS;
    return memop_table[cmd](call, call->arg[1]);
}
