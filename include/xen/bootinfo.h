/*
 * What the boot loader told us, copied out of the multiboot2 information
 * (arch/x86/boot/multiboot2.c) into one static record, so nothing later
 * depends on the loader's memory staying intact.
 */
#ifndef XEN_BOOTINFO_H
#define XEN_BOOTINFO_H

#include <xen/types.h>

#define BOOTINFO_MAX_MEM 128
#define BOOTINFO_MAX_MODS 16
#define BOOTINFO_CMDLINE_LEN 1024
#define BOOTINFO_MOD_CMDLINE_LEN 256

/* Memory region types: the multiboot2/e820 numbering. */
enum mem_type {
    MEM_RAM = 1,
    MEM_RESERVED = 2,
    MEM_ACPI = 3,       /* ACPI tables, reclaimable after parsing */
    MEM_NVS = 4,
    MEM_BAD = 5,
};

struct boot_mem_region {
    paddr_t start;
    u64 size;
    u32 type;           /* enum mem_type */
};

struct boot_module {
    paddr_t start;
    u64 size;
    char cmdline[BOOTINFO_MOD_CMDLINE_LEN];
};

struct boot_framebuffer {
    bool present;
    u8 type;            /* 0 indexed, 1 RGB, 2 EGA text */
    u8 bpp;
    paddr_t addr;
    u32 pitch, width, height;
};

struct bootinfo {
    char cmdline[BOOTINFO_CMDLINE_LEN];
    char loader_name[64];

    unsigned int nr_mem;
    struct boot_mem_region mem[BOOTINFO_MAX_MEM];
    bool mem_from_efi;              /* map came from the EFI memory map tag */

    unsigned int nr_mods;
    struct boot_module mods[BOOTINFO_MAX_MODS];

    /* ACPI RSDP as copied by the loader into the MBI (tag 14 or 15). */
    u8 rsdp_revision;               /* 0 = none found */
    u8 rsdp[36];                    /* v1 uses the first 20 bytes */

    struct boot_framebuffer fb;
    paddr_t efi_systab;             /* 0 unless booted via UEFI */
    paddr_t load_base;              /* tag 21, 0 if absent */
    unsigned int warnings;          /* malformed tags that were skipped */
};

/* Name of a memory type for the boot log ("RAM", "reserved", ...). */
const char *mem_type_name(u32 type);

#endif /* XEN_BOOTINFO_H */
