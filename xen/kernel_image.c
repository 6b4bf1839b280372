/*
 * PVH kernels from bzImage modules (see include/xen/kernel_image.h): the
 * glue between bzImage recognition (xen/bzimage.c), the XZ decoder
 * (xen/xz.c) and the heap. The decoded vmlinux lives only while the
 * domain is built; a reboot decompresses again from the module.
 */
#include <xen/bench.h>
#include <xen/bzimage.h>
#include <xen/errno.h>
#include <xen/kernel_image.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <xen/xz.h>

typedef unsigned long long ull;

/* XZ payload -> heap buffer of exactly the size the index states. */
static int kimg_unxz(struct kernel_image *k, const struct bzimage_info *bz, u64 max_size,
                     unsigned int index, const char *name)
{
    struct xz_dec *xz = xzalloc(struct xz_dec);
    u64 t0 = arch_bench_cycles(), size;
    int rc = -ENOMEM;

    if (!xz)
        goto fail;
    if ((rc = xz_probe(xz, bz->data, bz->data_len)))
        goto fail;
    size = xz->info.uncompressed_size;
    if (size > max_size) {
        rc = -ENOMEM;
        snprintf(xz->error, sizeof(xz->error), "decompressed kernel of %llu bytes exceeds the domain's %llu bytes of RAM",
                 (ull)size, (ull)max_size);
        goto fail;
    }
    if (!(k->buf = xmalloc_bytes(size ? size : 1))) {
        rc = -ENOMEM;
        snprintf(xz->error, sizeof(xz->error), "no heap for the %llu-byte decompressed kernel", (ull)size);
        goto fail;
    }
    k->buf_size = size;
    if ((rc = xz_decode(xz, bz->data, bz->data_len, k->buf, size)))
        goto fail;
    k->elf = k->buf, k->elf_size = size;
    printk("module %u (%s): bzImage (boot protocol %u.%02u): XZ payload %zu -> %llu bytes in %llu TSC ticks\n",
           index, name, bz->protocol >> 8, bz->protocol & 0xff, bz->data_len, (ull)size,
           (ull)(arch_bench_cycles() - t0));
    xfree(xz);
    return 0;
fail:
    printk(XENLOG_ERR "module %u (%s): bzImage: %s\n", index, name, xz ? xz->error : "out of memory");
    xfree(xz);
    kernel_image_put(k);
    return rc;
}

int kernel_image_get(struct kernel_image *k, const void *module, u64 size, u64 max_size,
                     unsigned int index, const char *name)
{
    struct bzimage_info bz;
    int rc;

    *k = (struct kernel_image){ .elf = module, .elf_size = size };
    if (!bzimage_is(module, size))
        return 0;
    if ((rc = bzimage_parse(module, size, &bz))) {
        printk(XENLOG_ERR "module %u (%s): %s\n", index, name, bz.error);
        return rc;
    }
    if (bz.comp == BZIMAGE_COMP_NONE) {
        k->elf = bz.data, k->elf_size = bz.data_len;
        return 0;
    }
    return kimg_unxz(k, &bz, max_size, index, name);
}

void kernel_image_put(struct kernel_image *k)
{
    xfree(k->buf);
    k->buf = NULL;
}
