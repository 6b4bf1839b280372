/*
 * Event channels and grant tables for test guests (rt/ipc.h): the calls
 * two domains need to notify each other and share a page. Checks are the
 * caller's: every function returns what the hypervisor answered.
 */
#include "guest.h"
#include "hypercall.h"
#include "ipc.h"

#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_grant_table_op	20
#define __HYPERVISOR_event_channel_op	32
#define XENMEM_add_to_physmap		7
#define XENMAPSPACE_shared_info		0
#define XENMAPSPACE_grant_table		1

struct add_to_physmap { uint16_t domid, size; uint32_t space; uint64_t idx, gpfn; };

volatile struct shared_info *rt_shinfo;

static long add_to_physmap(uint32_t space, uint64_t idx, uint64_t gfn)
{
	struct add_to_physmap a = { .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gfn };

	return hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&a);
}

int guest_map_shared_info(void)
{
	if (add_to_physmap(XENMAPSPACE_shared_info, 0, RT_SHARED_INFO_GFN))
		return -1;
	rt_shinfo = (volatile struct shared_info *)(uintptr_t)(RT_SHARED_INFO_GFN << 12);
	return 0;
}

long guest_evtchn_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg);
}

long guest_evtchn_send(uint32_t port)
{
	struct evtchn_send s = { .port = port };

	return guest_evtchn_op(EVTCHNOP_send, &s);
}

bool guest_evtchn_pending(uint32_t port)
{
	return rt_shinfo->evtchn_pending[port / 64] & (1ULL << (port % 64));
}

void guest_evtchn_clear(uint32_t port)
{
	rt_shinfo->vcpu_info[0].evtchn_upcall_pending = 0;
	__atomic_exchange_n(&rt_shinfo->vcpu_info[0].evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&rt_shinfo->evtchn_pending[port / 64], ~(1ULL << (port % 64)),
			   __ATOMIC_SEQ_CST);
}

long guest_gnttab_op(unsigned int cmd, void *uop, unsigned int count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, (unsigned long)uop, count);
}

long guest_gnttab_map_frame(void *frame)
{
	return add_to_physmap(XENMAPSPACE_grant_table, 0, gfn_of(frame));
}

void guest_grant(void *frame, grant_ref_t ref, uint16_t domid, const void *page, uint16_t flags)
{
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)frame + ref;

	e->domid = domid;
	e->frame = (uint32_t)gfn_of(page);
	__atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);	/* flags last */
}

uint16_t guest_grant_flags(const void *frame, grant_ref_t ref)
{
	return __atomic_load_n(&((const struct grant_entry_v1 *)frame + ref)->flags,
			       __ATOMIC_ACQUIRE);
}

int16_t guest_grant_map(struct gnttab_map_grant_ref *op, uint16_t dom, grant_ref_t ref,
			void *at, uint32_t flags)
{
	*op = (struct gnttab_map_grant_ref){ .host_addr = (uintptr_t)at, .flags = flags,
					     .ref = ref, .dom = dom, .status = 99 };
	if (guest_gnttab_op(GNTTABOP_map_grant_ref, op, 1) != 0)
		return 99;
	return op->status;
}

int16_t guest_grant_unmap(uint32_t handle, void *at)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = (uintptr_t)at, .handle = handle,
					     .status = 99 };

	if (guest_gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1) != 0)
		return 99;
	return op.status;
}
