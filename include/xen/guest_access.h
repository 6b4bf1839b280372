/*
 * The only way hypervisor code touches guest memory named by a guest
 * pointer: the guest virtual address is translated through the guest's
 * own page tables and the domain's p2m, page by page; any failure gives
 * -EFAULT, never a host fault (arch/x86/guest_access.c).
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <xen/compiler.h>
#include <xen/types.h>

struct vcpu;

int __must_check copy_from_guest(struct vcpu *v, void *dst, u64 guest_va, u64 len);
int __must_check copy_to_guest(struct vcpu *v, u64 guest_va, const void *src, u64 len);

/* Guest-physical access (domain building): -EFAULT outside guest RAM. */
struct domain;
int __must_check copy_to_guest_phys(struct domain *d, u64 gpa, const void *src, u64 len);
int __must_check clear_guest_phys(struct domain *d, u64 gpa, u64 len);

#endif /* XEN_GUEST_ACCESS_H */
