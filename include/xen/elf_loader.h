/*
 * PVH guest kernel loader: validates an ELF64 x86-64 executable held in
 * memory, reads its Xen notes, and copies its PT_LOAD segments into guest
 * RAM through caller-supplied callbacks. Pure logic (no asm/ headers): the
 * same code runs in the hypervisor and in tests/unit/test_elf_loader.c.
 */
#ifndef XEN_ELF_LOADER_H
#define XEN_ELF_LOADER_H

#include <xen/compiler.h>
#include <xen/types.h>

#define ELF_MSG_LEN 160         /* room for the longest error message */
#define ELF_NOTE_STR_LEN 32     /* GUEST_OS / XEN_VERSION copies */
#define ELF_MAX_PHDRS 128       /* bounds the pairwise overlap check */

/*
 * How the loader reaches guest memory. Both return 0 or a negative errno;
 * gpa..gpa+len has already been checked against the guest RAM size given
 * to elf_parse(), so a failure here means the caller's own mapping failed.
 */
struct elf_guest_ops {
    void *ctx;
    int (*copy_to_guest_phys)(void *ctx, u64 gpa, const void *src, u64 len);
    int (*zero_guest_phys)(void *ctx, u64 gpa, u64 len);
};

struct elf_info {
    const u8 *image;            /* the module, as given to elf_parse() */
    u64 size;
    u64 entry;                  /* XEN_ELFNOTE_PHYS32_ENTRY: 32-bit PVH entry GPA */
    u64 low_gpa, high_gpa;      /* [low, high): every PT_LOAD incl. bss */
    unsigned int nr_load;       /* PT_LOAD segments with p_memsz != 0 */
    char guest_os[ELF_NOTE_STR_LEN];    /* XEN_ELFNOTE_GUEST_OS, "" if absent */
    char xen_version[ELF_NOTE_STR_LEN]; /* XEN_ELFNOTE_XEN_VERSION, "" if absent */
    /*
     * The kernel carries XEN_ELFNOTE_PHYS32_RELOC. We still load it at its
     * p_paddr (always allowed); the caller may mention that in the log.
     */
    bool phys32_reloc;
    char error[ELF_MSG_LEN];    /* why the last call failed, "" on success */
};

/*
 * Check the ELF image [image, image+size) and fill *info. guest_ram is the
 * guest's RAM size: every segment must lie in [0, guest_ram). Nothing is
 * written to the guest. Returns 0, or a negative errno with info->error
 * set to a one-line reason the caller prints after the module's name
 * ("-ENOEXEC" for a malformed or non-PVH image, "-ENOMEM" if it does not
 * fit in guest_ram). Never reads outside the image.
 */
int __must_check elf_parse(const void *image, u64 size, u64 guest_ram,
                           struct elf_info *info);

/*
 * Copy each PT_LOAD segment of an image accepted by elf_parse() to its
 * p_paddr and zero its bss tail (p_memsz - p_filesz). The image must not
 * have changed since. Returns 0 or the first callback error, with
 * info->error naming the segment.
 */
int __must_check elf_load(struct elf_info *info, const struct elf_guest_ops *ops);

#endif /* XEN_ELF_LOADER_H */
