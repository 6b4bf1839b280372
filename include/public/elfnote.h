/*
 * Xen ELF note types (ABI: xen/include/public/elfnote.h). A kernel carries
 * them in a PT_NOTE segment, owner name "Xen"; the domain builder reads
 * them to learn how to start the guest. Only numbers live here: the parser
 * is xen/elf_loader.c.
 */
#ifndef PUBLIC_ELFNOTE_H
#define PUBLIC_ELFNOTE_H

/* Owner string of every Xen note, NUL included in n_namesz (4). */
#define XEN_ELFNOTE_OWNER "Xen"

#define XEN_ELFNOTE_INFO               0  /* legacy NAME=VALUE string */
#define XEN_ELFNOTE_ENTRY              1  /* PV: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* PV: VA of the hypercall page */
#define XEN_ELFNOTE_VIRT_BASE          3  /* PV: virtual base */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* PV */
#define XEN_ELFNOTE_XEN_VERSION        5  /* string, e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS           6  /* string, e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* string */
#define XEN_ELFNOTE_LOADER             8  /* string, "generic" */
#define XEN_ELFNOTE_PAE_MODE           9  /* string */
#define XEN_ELFNOTE_FEATURES          10  /* string, '|'-separated names */
#define XEN_ELFNOTE_BSD_SYMTAB        11
#define XEN_ELFNOTE_HV_START_LOW      12  /* PV 32-bit */
#define XEN_ELFNOTE_L1_MFN_VALID      13  /* PV */
#define XEN_ELFNOTE_SUSPEND_CANCEL    14  /* numeric */
#define XEN_ELFNOTE_INIT_P2M          15  /* PV */
#define XEN_ELFNOTE_MOD_START_PFN     16  /* PV */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* u32 bitmap of XENFEAT_* */
/*
 * PVH: 32-bit guest-physical entry point (u32). Its presence is what says
 * "this kernel can boot as PVH".
 */
#define XEN_ELFNOTE_PHYS32_ENTRY      18
/* PVH relocatable: up to 3 u32 (alignment, min start, max end). */
#define XEN_ELFNOTE_PHYS32_RELOC      19

#endif /* PUBLIC_ELFNOTE_H */
