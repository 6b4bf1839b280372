/*
 * The pages the hypervisor shares with a guest (x86-64 layouts, facts from
 * xen/include/public/xen.h and arch-x86/xen{,-x86_64}.h, restated in
 * xen-abi.md §5.1-§5.3): struct shared_info (one page per domain) and the
 * 64-byte per-vCPU struct vcpu_info with its pvclock vcpu_time_info.
 * NOTE: the Xen ABI puts these in public/xen.h; kept apart here until
 * include/public/xen.h exists, then the two are to be merged.
 */
#ifndef PUBLIC_SHARED_INFO_H
#define PUBLIC_SHARED_INFO_H

#include <stddef.h>
#include <stdint.h>

#define XEN_LEGACY_MAX_VCPUS 32     /* vcpu_info slots inside shared_info */

/* pvclock (xen-abi.md §5.3): written with the version protocol. */
struct vcpu_time_info {
    uint32_t version;           /* odd while the hypervisor updates */
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* guest TSC at the last update */
    uint64_t system_time;       /* ns at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* 32.32 fixed-point TSC -> ns */
    int8_t tsc_shift;
    uint8_t flags;              /* XEN_PVCLOCK_* */
    uint8_t pad1[2];
};

#define XEN_PVCLOCK_TSC_STABLE_BIT  (1u << 0)
#define XEN_PVCLOCK_GUEST_STOPPED   (1u << 1)

struct arch_vcpu_info {
    uint64_t cr2;               /* PV only */
    uint64_t pad;
};

/*
 * Per-vCPU event state (xen-abi.md §5.2, §6). The hypervisor sets bits,
 * the guest clears them, concurrently: only atomic operations on both
 * sides.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;  /* set: scan pending_sel */
    uint8_t evtchn_upcall_mask;     /* PV only; HVM/PVH mask with RFLAGS.IF */
    uint8_t pad[6];
    uint64_t evtchn_pending_sel;    /* bit w: word w of evtchn_pending has work */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};

struct arch_shared_info {       /* PV only: zero for PVH */
    uint64_t max_pfn;
    uint64_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;
    uint64_t p2m_cr3;
    uint64_t p2m_vaddr;
    uint64_t p2m_generation;
};

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[64];    /* bit p: port p pending */
    uint64_t evtchn_mask[64];       /* bit p: port p masked */
    uint32_t wc_version;            /* wallclock, version protocol */
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};

/* Measured layouts (xen-abi.md §5.1-§5.3). */
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28, "tsc_shift");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info size");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "upcall_mask");
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "pending_sel");
_Static_assert(offsetof(struct vcpu_info, arch) == 16, "vcpu_info.arch");
_Static_assert(offsetof(struct vcpu_info, time) == 32, "vcpu_info.time");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "evtchn_pending");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 2560, "evtchn_mask");
_Static_assert(offsetof(struct shared_info, wc_version) == 3072, "wc_version");
_Static_assert(offsetof(struct shared_info, wc_sec_hi) == 3084, "wc_sec_hi");
_Static_assert(offsetof(struct shared_info, arch) == 3088, "shared_info.arch");
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info size");

#endif /* PUBLIC_SHARED_INFO_H */
