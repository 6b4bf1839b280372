/*
 * The PVH start-of-day block (ABI: xen/include/public/arch-x86/hvm/
 * start_info.h, docs/misc/pvh.pandoc). The domain builder writes it into
 * guest RAM below 4 GiB and starts the vCPU with EBX = its guest-physical
 * address. Every address field is guest-physical; 0 means "absent".
 * All fields are OUT for the hypervisor (written) and IN for the guest.
 */
#ifndef PUBLIC_HVM_START_INFO_H
#define PUBLIC_HVM_START_INFO_H

#include <stdint.h>

/* "xEn3" with the 0x80 bit of 'E' set. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578u

/* Version 1 added memmap_paddr/memmap_entries. */
#define XEN_HVM_START_INFO_VERSION 1

/* flags (SIF_* of xen/include/public/xen.h); a domU gets 0. */
#define SIF_PRIVILEGED    (1u << 0)
#define SIF_INITDOMAIN    (1u << 1)

struct hvm_start_info {
    uint32_t magic;          /* XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;        /* XEN_HVM_START_INFO_VERSION */
    uint32_t flags;          /* SIF_* */
    uint32_t nr_modules;     /* entries at modlist_paddr; 1st = initrd */
    uint64_t modlist_paddr;  /* struct hvm_modlist_entry[nr_modules] */
    uint64_t cmdline_paddr;  /* NUL-terminated ASCII, 0 = none */
    uint64_t rsdp_paddr;     /* ACPI RSDP, 0 = none */
    /* Version 1 and later: */
    uint64_t memmap_paddr;   /* struct hvm_memmap_table_entry[] */
    uint32_t memmap_entries; /* 0 = no map (guest asks XENMEM_memory_map) */
    uint32_t reserved;       /* must be 0 */
};

struct hvm_modlist_entry {
    uint64_t paddr;          /* module contents */
    uint64_t size;           /* bytes */
    uint64_t cmdline_paddr;  /* NUL-terminated ASCII, 0 = none */
    uint64_t reserved;       /* must be 0 */
};

/* Memory map types: the ACPI/e820 numbering. */
#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

struct hvm_memmap_table_entry {
    uint64_t addr;           /* start of the range */
    uint64_t size;           /* bytes */
    uint32_t type;           /* XEN_HVM_MEMMAP_TYPE_* */
    uint32_t reserved;       /* must be 0 */
};

/* Sizes and offsets as measured against Xen's headers (xen-abi.md §2.3). */
_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info size");
_Static_assert(__builtin_offsetof(struct hvm_start_info, nr_modules) == 12, "nr_modules");
_Static_assert(__builtin_offsetof(struct hvm_start_info, modlist_paddr) == 16, "modlist");
_Static_assert(__builtin_offsetof(struct hvm_start_info, cmdline_paddr) == 24, "cmdline");
_Static_assert(__builtin_offsetof(struct hvm_start_info, rsdp_paddr) == 32, "rsdp");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40, "memmap");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_entries) == 48, "entries");
_Static_assert(__builtin_offsetof(struct hvm_start_info, reserved) == 52, "reserved");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist_entry size");
_Static_assert(__builtin_offsetof(struct hvm_modlist_entry, cmdline_paddr) == 16, "mod cmdline");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "hvm_memmap_table_entry size");
_Static_assert(__builtin_offsetof(struct hvm_memmap_table_entry, type) == 16, "memmap type");

#endif /* PUBLIC_HVM_START_INFO_H */
