/*
 * Where the PVH start-of-day data goes in a new guest's RAM, and building
 * it (struct hvm_start_info, module list, memory map, command lines; see
 * include/public/hvm/start_info.h). Pure logic, unit-tested in
 * tests/unit/test_pvh_layout.c.
 *
 * Layout (all below 4 GiB, nothing at GPA 0, which the ABI reads as
 * "absent"):
 *  - One "info block", page aligned, holding in this order: start_info
 *    (offset 0, padded to 64), the module list, the memory map, the guest
 *    command line, then each module's command line. It goes at GPA 0x1000
 *    (PVH_INFO_GPA) if free, else on the first free page after the kernel
 *    image or after the ACPI tables. A fixed low home makes it easy to find
 *    in dumps; it is ordinary RAM, so the guest must copy what it wants to
 *    keep before reusing low memory (Linux does so early, as on Xen).
 *  - Modules (initrd first) from the top of RAM downwards, page aligned,
 *    skipping the kernel, the ACPI tables and the info block, like boot
 *    loaders put an initrd high to keep it clear of the kernel's bss.
 *  - Memory map: RAM [0, mem), with the optional ACPI table range carved
 *    out as type ACPI, then the optional hypervisor pages above RAM (the
 *    PV console ring, xen/pvcons.c) as type reserved, as Xen marks its
 *    special pages (xen-abi.md §7.3). No hole at 640 KiB..1 MiB: a PVH domU has no legacy
 *    BIOS or VGA memory (Xen's own PVH domU map is RAM from 0 too).
 */
#ifndef XEN_PVH_LAYOUT_H
#define XEN_PVH_LAYOUT_H

#include <xen/compiler.h>
#include <xen/types.h>

#define PVH_INFO_GPA 0x1000ULL
#define PVH_MAX_MODULES 4
#define PVH_MAX_MEMMAP 4        /* RAM, ACPI, RAM, reserved */
#define PVH_MSG_LEN 160

struct pvh_module {
    u64 size;                   /* bytes; the caller copies the contents */
    const char *cmdline;        /* NULL or "" = none */
};

struct pvh_layout_in {
    u64 mem;                    /* guest RAM is [0, mem) */
    u64 image_lo, image_hi;     /* kernel as loaded: [lo, hi), e.g. from elf_parse() */
    const char *cmdline;        /* guest command line; NULL or "" = none */
    unsigned int nr_modules;    /* <= PVH_MAX_MODULES */
    const struct pvh_module *modules;
    u64 rsdp_gpa;               /* ACPI RSDP, 0 = none */
    u64 acpi_gpa, acpi_size;    /* guest ACPI tables (reported as ACPI), size 0 = none */
    u64 special_gpa, special_size;  /* hypervisor pages at or above mem, size 0 = none */
};

struct pvh_layout {
    u64 info_gpa;               /* start_info GPA: the guest's EBX at entry */
    u64 info_size;              /* info block bytes (page multiple) */
    u64 modlist_gpa;            /* 0 if no modules */
    u64 memmap_gpa;
    unsigned int memmap_entries;
    u64 cmdline_gpa;            /* 0 if no command line */
    u64 module_gpa[PVH_MAX_MODULES];
    char error[PVH_MSG_LEN];    /* why pvh_layout_compute() failed */
};

/*
 * Decide every address. Returns 0; -EINVAL for inconsistent input (image
 * or ACPI range outside RAM, too many or empty modules); -ENOMEM if guest
 * RAM has no room, with out->error saying what did not fit.
 */
int __must_check pvh_layout_compute(const struct pvh_layout_in *in, struct pvh_layout *out);

/*
 * Write the info block for a layout computed from the same input into buf
 * (buf_size >= l->info_size); the caller copies it to l->info_gpa and each
 * module's contents to l->module_gpa[i]. Returns 0 or -ENOSPC if buf is
 * too small.
 */
int __must_check pvh_layout_build(const struct pvh_layout_in *in, const struct pvh_layout *l,
                                  void *buf, u64 buf_size);

#endif /* XEN_PVH_LAYOUT_H */
