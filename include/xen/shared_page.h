/*
 * The Xen shared pages of a domain (xen/shared_info.c, xen/time_guest.c):
 * the shared_info page the hypervisor owns and the guest maps with
 * XENMEM_add_to_physmap, the per-vCPU vcpu_info (the shared_info slot or
 * where VCPUOP_register_vcpu_info put it) and the pvclock kept in it.
 * Layouts in include/public/xen.h (xen-abi.md §5).
 */
#ifndef XEN_SHARED_PAGE_H
#define XEN_SHARED_PAGE_H

#include <public/xen.h>
#include <xen/compiler.h>
#include <xen/types.h>

struct domain;
struct vcpu;

#define SHARED_INFO_NO_GFN (~0ULL)      /* d->shared_info_gfn: not mapped */

/* Allocate d's zeroed shared_info page (domain creation); -ENOMEM. */
int __must_check domain_shared_info_init(struct domain *d);
/* Free it (domain destruction, no vCPU on a CPU). */
void domain_shared_info_free(struct domain *d);

/* d's shared_info page (hypervisor mapping); never NULL after init. */
struct shared_info *domain_shared_info(struct domain *d);

/*
 * v's vcpu_info: the registered one, else shared_info->vcpu_info[id] for
 * id < XEN_LEGACY_MAX_VCPUS, else NULL (the guest has none yet).
 */
struct vcpu_info *vcpu_vcpu_info(struct vcpu *v);

/*
 * XENMAPSPACE_shared_info (xen-abi.md §4.4): put the shared_info page at
 * guest frame gfn, replacing what the p2m held there. A previous mapping
 * of it moves: that frame gets its RAM page back. 0 or -errno.
 */
int __must_check domain_map_shared_info(struct domain *d, u64 gfn);

/*
 * VCPUOP_register_vcpu_info (xen-abi.md §4.6): v's vcpu_info moves to
 * guest frame gfn + offset. -EBUSY if already moved, -ENXIO if the 64
 * bytes cross a page, -EINVAL if gfn is not guest memory.
 */
int __must_check vcpu_register_vcpu_info(struct vcpu *v, u64 gfn, u32 offset);

/*
 * pvclock (xen-abi.md §5.3): refresh v's vcpu_time_info from the current
 * TSC and system time. Called when v is about to run on a CPU and when
 * its vcpu_info moves. No-op while v has no vcpu_info.
 */
void vcpu_update_time(struct vcpu *v);

/* Write d's wallclock (wc_*) with the version protocol (§5.1). */
void domain_update_wallclock(struct domain *d);

/*
 * Xen's TSC-to-ns scale for a TSC of tsc_hz: ns = ((ticks << shift) *
 * mul) >> 32, mul in [2^31, 2^32) (a negative shift shifts right).
 */
void pvclock_scale(u64 tsc_hz, u32 *mul, s8 *shift);

#endif /* XEN_SHARED_PAGE_H */
