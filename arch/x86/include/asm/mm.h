/*
 * The hypervisor's own address space (arch/x86/mm.c): identity-mapped
 * RAM on page tables built with the generic walker, plus on-demand
 * mappings of device memory and firmware tables.
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/bootinfo.h>
#include <xen/compiler.h>
#include <xen/pagetable.h>
#include <xen/types.h>

/*
 * Build the final page tables (RAM write-back and non-executable, the
 * image with per-section permissions, PAT programmed) and switch to them.
 * Needs the page allocator. Panics on failure: there is no way back.
 */
void paging_init(const struct bootinfo *bi);

/* Load the hypervisor's page tables and PAT on the calling (secondary) CPU. */
void paging_init_cpu(void);

/*
 * Make [pa, pa+size) accessible at the same virtual address, uncached
 * (device registers) or write-back (firmware tables). Ranges already mapped
 * are left as they are. Returns the pointer, or NULL if it cannot be mapped.
 */
void *ioremap_uc(paddr_t pa, u64 size);
void *ioremap_wb(paddr_t pa, u64 size);

/* Page-table page hooks backed by the buddy allocator (host tables, EPT). */
extern const struct pt_ops pt_ops_heap;

#endif /* ASM_MM_H */
