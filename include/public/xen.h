/*
 * The pages a Xen guest shares with the hypervisor (xen-abi.md §5; Xen's
 * xen/include/public/xen.h, arch-x86/xen.h, arch-x86/xen-x86_64.h): the
 * per-domain shared_info page, the per-vCPU vcpu_info inside it (or where
 * VCPUOP_register_vcpu_info put it) and the pvclock vcpu_time_info. 64-bit
 * layouts only; offsets are checked below against the ABI's measurements.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <stdint.h>

#define XEN_LEGACY_MAX_VCPUS 32         /* vcpu_info slots in shared_info */
#define DOMID_SELF 0x7ff0u              /* "the calling domain" */
#define DOMID_XEN 0x7ff2u               /* the hypervisor itself */

/* vcpu_time_info.flags (xen-abi.md §5.3). */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1u << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1u << 1)

/*
 * pvclock (§5.3): the guest's time is
 *   system_time + ((rdtsc() - tsc_timestamp) << tsc_shift) * tsc_to_system_mul >> 32
 * (a negative tsc_shift shifts right). version is odd while the hypervisor
 * writes; readers retry until they see the same even value twice.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* guest TSC at the update */
    uint64_t system_time;       /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* 32.32 fraction */
    int8_t tsc_shift;
    uint8_t flags;              /* XEN_PVCLOCK_* */
    uint8_t pad1[2];
};

struct arch_vcpu_info {
    uint64_t cr2;               /* PV only */
    uint64_t pad;
};

/* §5.2: one per vCPU, 64 bytes. evtchn_upcall_mask is PV only. */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint8_t pad0[6];
    uint64_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};

/* PV-only tail of shared_info: a PVH domain leaves it 0. */
struct arch_shared_info {
    uint64_t max_pfn;
    uint64_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;
    uint64_t p2m_cr3;
    uint64_t p2m_vaddr;
    uint64_t p2m_generation;
};

/*
 * §5.1: one 4 KiB page per domain. Wallclock (wc_*) is the Unix time at
 * system_time 0, updated with the same odd/even version protocol.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[64];
    uint64_t evtchn_mask[64];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};

_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info is 32 bytes (§5.3)");
_Static_assert(__builtin_offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24, "§5.3");
_Static_assert(__builtin_offsetof(struct vcpu_time_info, flags) == 29, "§5.3");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info is 64 bytes (§5.2)");
_Static_assert(__builtin_offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "§5.2");
_Static_assert(__builtin_offsetof(struct vcpu_info, time) == 32, "§5.2");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 2048, "§5.1");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_mask) == 2560, "§5.1");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072, "§5.1");
_Static_assert(__builtin_offsetof(struct shared_info, wc_sec_hi) == 3084, "§5.1");
_Static_assert(__builtin_offsetof(struct shared_info, arch) == 3088, "§5.1");
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info uses 3136 bytes (§5.1)");

#endif /* PUBLIC_XEN_H */
