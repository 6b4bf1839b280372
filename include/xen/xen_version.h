/*
 * The Xen version we present (xen-abi.md §1.1 CPUID base+1, §4.1
 * XENVER_version): the interface of Xen 4.19, and the XENFEAT_* bits a
 * domU gets (xen/xen_version.c).
 */
#ifndef XEN_XEN_VERSION_H
#define XEN_XEN_VERSION_H

#include <xen/types.h>

#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 19

/* XENVER_get_features submap 0 for every domain. */
extern const u32 xen_features_submap0;

#endif /* XEN_XEN_VERSION_H */
