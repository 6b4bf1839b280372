/*
 * Shared by the xenabi guest's files: the Xen ABI numbers and layouts it
 * checks (xen-abi.md §1, §4.1, §4.4, §4.6, §5), written from the doc, and
 * the check helper. main.c: detection, hypercall page, xen_version;
 * memory.c: memory_op, shared_info, vcpu_info, pvclock.
 */
#ifndef XENABI_H
#define XENABI_H

#include "guest.h"
#include "hypercall.h"

#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_xen_version	17
#define HVMOP_get_time			10
#define VCPUOP_register_vcpu_info	10
#define DOMID_SELF			0x7ff0

#define XEN_EBUSY	16
#define XEN_ENXIO	6
#define XEN_ENOENT	2
#define XEN_ENOBUFS	105

struct vcpu_time_info {
	uint32_t version, pad0;
	uint64_t tsc_timestamp, system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags, pad1[2];
};

struct vcpu_info {
	uint8_t evtchn_upcall_pending, evtchn_upcall_mask, pad0[6];
	uint64_t evtchn_pending_sel, cr2, pad;
	struct vcpu_time_info time;
};

struct shared_info {
	struct vcpu_info vcpu_info[32];
	uint64_t evtchn_pending[64], evtchn_mask[64];
	uint32_t wc_version, wc_sec, wc_nsec, wc_sec_hi;
	uint64_t arch[6];
};

_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072, "shared_info");

/* Record a failure naming what and return false unless ok. */
#define CHECK(ok, ...) ((ok) ? true : (test_result_failure(__VA_ARGS__), false))

/* The Xen base leaf found by scanning (main.c). */
extern uint32_t xen_base;

/* memory.c: memory_op, shared_info, vcpu_info and pvclock checks. */
bool check_memory_op(void);
bool check_shared_info(void);
bool check_vcpu_info_and_pvclock(void);

#endif
