/*
 * Multiboot2 boot information parser (arch/x86/boot/multiboot2.c). Tag
 * numbers and layouts are from the Multiboot2 specification §3.6.
 */
#ifndef XEN_MULTIBOOT2_H
#define XEN_MULTIBOOT2_H

#include <xen/bootinfo.h>
#include <xen/compiler.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_BOOTDEV 5
#define MB2_TAG_MMAP 6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ELF_SECTIONS 9
#define MB2_TAG_APM 10
#define MB2_TAG_EFI64 12
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_EFI_MMAP 17
#define MB2_TAG_LOAD_BASE 21

/* Upper bound we accept for the whole MBI (GRUB's are a few KiB). */
#define MB2_MAX_TOTAL_SIZE (1u << 20)

/*
 * Parse the MBI at mbi (total_size read from its first word, and never more
 * than avail bytes are read) into *bi. Malformed tags are skipped with a
 * warning and counted in bi->warnings; a malformed header or a missing end
 * tag are errors. Returns 0, or -EINVAL if the MBI cannot be used at all.
 */
int __must_check mb2_parse(const void *mbi, size_t avail, struct bootinfo *bi);

#endif /* XEN_MULTIBOOT2_H */
