/*
 * Writing a guest's hypercall page (xen/hypercall_page.c, xen-abi.md
 * §1.2), on the guest's write to the hypercall-page MSR.
 */
#ifndef XEN_HYPERCALL_PAGE_H
#define XEN_HYPERCALL_PAGE_H

#include <xen/compiler.h>
#include <xen/types.h>

struct domain;

/* The MSR's index (CPUID base+2 EBX) when no Viridian leaves exist. */
#define XEN_HYPERCALL_PAGE_MSR 0x40000000u

/*
 * Fill the page at msr_val (its GPA; bits 11:0 must be 0) with stubs
 * using insn, the 3-byte hypercall instruction. -EINVAL (the caller
 * raises #GP) for nonzero low bits or a GPA outside the guest's memory.
 */
int __must_check hypercall_page_install(struct domain *d, u64 msr_val, const u8 insn[3]);

#endif /* XEN_HYPERCALL_PAGE_H */
