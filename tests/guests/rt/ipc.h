/*
 * Event channels and grant tables for guests that talk to each other
 * (xen-abi.md §4.7, §4.8, §6): thin wrappers over event_channel_op and
 * grant_table_op, the shared_info mapping and the 2-level pending bits.
 * Used by the evtchn, grant and bench guests; implemented in rt/ipc.c.
 */
#ifndef GUEST_RT_IPC_H
#define GUEST_RT_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/xen.h>

/* A RAM page below the default 16 MiB that no guest image uses. */
#define RT_SHARED_INFO_GFN	0xf00

/* This domain's shared_info once guest_map_shared_info() succeeded. */
extern volatile struct shared_info *rt_shinfo;

/* XENMEM_add_to_physmap(shared_info) at RT_SHARED_INFO_GFN: 0 or -1. */
int guest_map_shared_info(void);
/* event_channel_op(cmd, arg): 0 or -errno. */
long guest_evtchn_op(unsigned int cmd, void *arg);
/* EVTCHNOP_send on port: 0 or -errno. */
long guest_evtchn_send(uint32_t port);
/* Is port's pending bit set in rt_shinfo? */
bool guest_evtchn_pending(uint32_t port);
/*
 * Consume an event the way an upcall handler does (§6): clear vCPU 0's
 * upcall_pending and selector, then the port's pending bit, so that the
 * next send raises a new upcall.
 */
void guest_evtchn_clear(uint32_t port);

/* grant_table_op(cmd, uop, count): 0 or -errno. */
long guest_gnttab_op(unsigned int cmd, void *uop, unsigned int count);
/* XENMEM_add_to_physmap(grant_table, frame 0) at frame's gfn: 0 or -errno. */
long guest_gnttab_map_frame(void *frame);
/* Fill entry ref of the v1 table at frame for domid, flags written last. */
void guest_grant(void *frame, grant_ref_t ref, uint16_t domid, const void *page, uint16_t flags);
/* The entry's flags as the hypervisor left them (GTF_reading/writing). */
uint16_t guest_grant_flags(const void *frame, grant_ref_t ref);
/*
 * Map <dom, ref> with GNTMAP_* flags over this domain's page at (op gets
 * the handle): the GNTST_* status, or 99 if the hypercall itself failed.
 */
int16_t guest_grant_map(struct gnttab_map_grant_ref *op, uint16_t dom, grant_ref_t ref,
			void *at, uint32_t flags);
/* Unmap handle from at: the GNTST_* status, or 99 if the hypercall failed. */
int16_t guest_grant_unmap(uint32_t handle, void *at);

/* Guest frame number of a pointer (guest virtual = guest physical). */
static inline uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p >> 12;
}

#endif /* GUEST_RT_IPC_H */
