/*
 * Hypercall handlers that live outside xen/hypercall.c, listed in its
 * table. Each takes the call record and returns the guest's RAX.
 */
#ifndef XEN_HYPERCALL_OPS_H
#define XEN_HYPERCALL_OPS_H

#include <xen/hypercall.h>

long do_hvm_op(struct hypercall_call *call);     /* xen/hvm_op.c */
long do_vcpu_op(struct hypercall_call *call);    /* xen/hvm_op.c */
long do_memory_op(struct hypercall_call *call);  /* xen/memory_op.c */
long do_xen_version(struct hypercall_call *call); /* xen/xen_version.c */
long hvmop_set_param(struct hypercall_call *call);   /* xen/hvm_param.c */
long hvmop_get_param(struct hypercall_call *call);   /* xen/hvm_param.c */

/* Set d's HVM_PARAM_<index> at build time (e.g. CONSOLE_PFN), unchecked. */
struct domain;
void hvm_param_init(struct domain *d, unsigned int index, u64 value);

#endif /* XEN_HYPERCALL_OPS_H */
