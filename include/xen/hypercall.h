/*
 * Hypercall dispatch (xen/hypercall.c): Xen's numbering and register
 * convention (xen-abi.md §1.3), one table entry per hypercall with its
 * handler, name and required privilege.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

struct vcpu;

/* What the calling vCPU does after the hypercall returns. */
enum hypercall_after {
    HC_CONTINUE,        /* back into the guest */
    HC_YIELD,           /* give up the CPU, stay runnable */
    HC_BLOCK,           /* sched_block() was called */
    HC_STOP,            /* the domain is shutting down */
};

struct hypercall_call {
    struct vcpu *v;
    unsigned int cpl;           /* caller's privilege level */
    u64 nr;                     /* RAX */
    u64 arg[5];                 /* RDI, RSI, RDX, R10, R8 */
    enum hypercall_after after; /* set by the handler, HC_CONTINUE by default */
};

/* Run the call; returns the value for the guest's RAX (>= 0 or -errno). */
long hypercall_dispatch(struct hypercall_call *call);

#endif /* XEN_HYPERCALL_H */
