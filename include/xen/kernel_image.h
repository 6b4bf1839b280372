/*
 * A PVH kernel module as the ELF the loader wants (xen/kernel_image.c):
 * the module itself when it is an ELF, or, for a Linux bzImage, the vmlinux
 * decompressed from its XZ payload into a hypervisor heap buffer.
 */
#ifndef XEN_KERNEL_IMAGE_H
#define XEN_KERNEL_IMAGE_H

#include <xen/compiler.h>
#include <xen/types.h>

struct kernel_image {
    const void *elf;            /* what to give elf_parse() */
    u64 elf_size;
    void *buf;                  /* heap buffer behind elf, NULL if none */
    size_t buf_size;
};

/*
 * Fill *k for the boot module [module, module+size). A bzImage's payload
 * is decompressed (XZ) into a buffer of the size its XZ index states,
 * which must not exceed max_size (the domain's RAM: the kernel has to
 * fit there anyway). Anything that is not a bzImage is passed through
 * untouched for elf_parse() to judge. Messages name "module <index>
 * (<name>)". Returns 0; -EOPNOTSUPP for a bzImage compressed otherwise
 * than with XZ (the message names the compression); -ENOEXEC / -EINVAL
 * for a malformed bzImage or corrupt XZ data; -ENOMEM if the buffer
 * cannot be had. Boot CPU or domain-rebuild context (may take long:
 * about 70 instructions per output byte).
 */
int __must_check kernel_image_get(struct kernel_image *k, const void *module, u64 size,
                                  u64 max_size, unsigned int index, const char *name);

/* Free what kernel_image_get() allocated; *k is then unusable. */
void kernel_image_put(struct kernel_image *k);

#endif /* XEN_KERNEL_IMAGE_H */
