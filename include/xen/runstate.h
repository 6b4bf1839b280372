/*
 * Per-vCPU runstate accounting (xen/runstate.c, xen-abi.md §4.6/§5.4): how
 * long each vCPU spent running, runnable, blocked and offline, and the
 * guest copy of it that VCPUOP_register_runstate_memory_area asks for.
 */
#ifndef XEN_RUNSTATE_H
#define XEN_RUNSTATE_H

#include <xen/compiler.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/types.h>

/* Xen's RUNSTATE_* (public/vcpu.h). */
#define RUNSTATE_running 0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked 2
#define RUNSTATE_offline 3
#define RUNSTATE_NR 4

/* struct vcpu_runstate_info, exactly as the guest sees it (48 bytes). */
struct vcpu_runstate_info {
    s32 state;
    u32 pad;
    u64 state_entry_time;       /* ns, Xen system time */
    u64 time[RUNSTATE_NR];      /* ns spent in each state */
};
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "xen-abi.md §4.6");

/* Embedded in struct vcpu; fields private to xen/runstate.c. */
struct vcpu_runstate {
    spinlock_t lock;            /* changes vs. readers on other CPUs */
    struct vcpu_runstate_info info;
    u64 guest_va;               /* registered area, 0: none */
    unsigned long copy_failures; /* copies to guest_va that faulted (ignored) */
};

struct vcpu;
struct hypercall_call;

/* v starts offline at system time now (vcpu_create). */
void vcpu_runstate_init(struct vcpu *v, s_time_t now);
/* v enters state (RUNSTATE_*) at now: the old state's time is closed. */
void vcpu_runstate_change(struct vcpu *v, int state, s_time_t now);
/* A snapshot of v's runstate, the current state's time counted up to now. */
void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *out);
/*
 * Copy v's runstate to its registered guest area, if any. v must be the
 * vCPU whose VMCS is current (its page tables translate the address);
 * a bad address is ignored, as Xen does.
 */
void vcpu_runstate_update(struct vcpu *v);

/* VCPUOP_get_runstate_info (4) and _register_runstate_memory_area (5). */
long vcpuop_get_runstate_info(struct vcpu *target, struct hypercall_call *call);
long vcpuop_register_runstate(struct vcpu *target, struct hypercall_call *call);

#endif /* XEN_RUNSTATE_H */
