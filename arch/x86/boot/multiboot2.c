/*
 * Copies the multiboot2 information (MBI) into struct bootinfo, checking
 * every size against the MBI's and the tag's bounds first: the MBI comes
 * from the loader and is trusted only as far as it is consistent.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/multiboot2.h>
#include <xen/string.h>

struct mb2_tag {
    u32 type;
    u32 size;
};

struct mb2_mmap_entry {
    u64 base;
    u64 len;
    u32 type;
    u32 reserved;
};

struct efi_mem_desc {
    u32 type;
    u32 pad;
    u64 phys_start;
    u64 virt_start;
    u64 num_pages;
    u64 attribute;
};

/* UEFI spec §7.2 EFI_MEMORY_TYPE → what the memory is to us after
 * ExitBootServices (boot-services and loader memory are free RAM). */
static const u8 efi_type_map[] = {
    [1] = MEM_RAM, [2] = MEM_RAM, [3] = MEM_RAM, [4] = MEM_RAM, [7] = MEM_RAM,
    [8] = MEM_BAD, [9] = MEM_ACPI, [10] = MEM_NVS,
};

const char *mem_type_name(u32 type)
{
    static const char *const names[] = {
        [MEM_RAM] = "RAM", [MEM_RESERVED] = "reserved", [MEM_ACPI] = "ACPI data",
        [MEM_NVS] = "ACPI NVS", [MEM_BAD] = "unusable",
    };

    return type < ARRAY_SIZE(names) && names[type] ? names[type] : "reserved";
}

/* Copy a NUL-terminated string that must end inside the tag. */
static void copy_tag_string(char *dst, size_t dst_size, const char *src, size_t avail,
                            struct bootinfo *bi, const char *what)
{
    size_t len = strnlen(src, avail);

    if (len == avail) {
        printk(XENLOG_WARNING "multiboot2: %s string is not terminated; ignored\n", what);
        bi->warnings++;
        return;
    }
    if (strlcpy(dst, src, dst_size) >= dst_size)
        printk(XENLOG_WARNING "multiboot2: %s truncated to %zu chars\n", what, dst_size - 1);
}

/* Append a region, merging with the previous one when contiguous and alike. */
static void add_mem(struct bootinfo *bi, u64 base, u64 len, u32 type)
{
    struct boot_mem_region *last = bi->nr_mem ? &bi->mem[bi->nr_mem - 1] : NULL;

    if (!len)
        return;
    if (base + len < base) {
        printk(XENLOG_WARNING "multiboot2: memory region %#llx+%#llx wraps; ignored\n",
               (unsigned long long)base, (unsigned long long)len);
        bi->warnings++;
        return;
    }
    if (last && last->type == type && last->start + last->size == base) {
        last->size += len;
        return;
    }
    if (bi->nr_mem == BOOTINFO_MAX_MEM) {
        printk(XENLOG_WARNING "multiboot2: more than %u memory regions; rest ignored\n",
               BOOTINFO_MAX_MEM);
        bi->warnings++;
        return;
    }
    bi->mem[bi->nr_mem++] = (struct boot_mem_region){ base, len, type };
}

static void parse_mmap(const u8 *body, size_t len, struct bootinfo *bi)
{
    u32 entry_size;

    if (len < 8 || (entry_size = *(const u32 *)body) < sizeof(struct mb2_mmap_entry)) {
        printk(XENLOG_WARNING "multiboot2: memory map tag malformed; ignored\n");
        bi->warnings++;
        return;
    }
    for (size_t off = 8; off + entry_size <= len; off += entry_size) {
        struct mb2_mmap_entry e;
        memcpy(&e, body + off, sizeof(e));
        add_mem(bi, e.base, e.len, e.type >= MEM_RAM && e.type <= MEM_BAD ? e.type : MEM_RESERVED);
    }
}

static void parse_efi_mmap(const u8 *body, size_t len, struct bootinfo *bi)
{
    u32 desc_size;

    /* Without one whole descriptor, keep GRUB's map rather than none. */
    if (len < 8 || (desc_size = *(const u32 *)body) < sizeof(struct efi_mem_desc) ||
        len - 8 < desc_size) {
        printk(XENLOG_WARNING "multiboot2: EFI memory map tag malformed; ignored\n");
        bi->warnings++;
        return;
    }
    bi->nr_mem = 0;
    bi->mem_from_efi = true;
    for (size_t off = 8; off + desc_size <= len; off += desc_size) {
        struct efi_mem_desc d;
        memcpy(&d, body + off, sizeof(d));
        u32 type = d.type < sizeof(efi_type_map) && efi_type_map[d.type] ?
                   efi_type_map[d.type] : MEM_RESERVED;
        if (d.num_pages > (~0ULL >> PAGE_SHIFT)) {
            printk(XENLOG_WARNING "multiboot2: EFI region %#llx has %#llx pages; ignored\n",
                   (unsigned long long)d.phys_start, (unsigned long long)d.num_pages);
            bi->warnings++;
            continue;
        }
        add_mem(bi, d.phys_start, d.num_pages << PAGE_SHIFT, type);
    }
}

static void parse_module(const u8 *body, size_t len, struct bootinfo *bi)
{
    struct boot_module *m;
    u32 start, end;

    if (len < 8) {
        printk(XENLOG_WARNING "multiboot2: module tag too short; ignored\n");
        bi->warnings++;
        return;
    }
    memcpy(&start, body, 4);
    memcpy(&end, body + 4, 4);
    if (end < start || bi->nr_mods == BOOTINFO_MAX_MODS) {
        printk(XENLOG_WARNING "multiboot2: module %u (%#x-%#x) %s; ignored\n", bi->nr_mods,
               start, end, end < start ? "ends before it starts" : "exceeds the module limit");
        bi->warnings++;
        return;
    }
    m = &bi->mods[bi->nr_mods++];
    m->start = start;
    m->size = end - start;
    copy_tag_string(m->cmdline, sizeof(m->cmdline), (const char *)body + 8, len - 8, bi,
                    "module");
}

static void parse_rsdp(const u8 *body, size_t len, u8 rev, struct bootinfo *bi)
{
    size_t need = rev == 1 ? 20 : 36;

    if (len < need) {
        printk(XENLOG_WARNING "multiboot2: ACPI RSDP tag too short (%zu bytes); ignored\n", len);
        bi->warnings++;
        return;
    }
    if (bi->rsdp_revision >= rev)       /* keep the v2 copy if both exist */
        return;
    memcpy(bi->rsdp, body, need);
    bi->rsdp_revision = rev;
}

/* A fixed-layout tag shorter than its layout: warn, count, skip it. */
static bool tag_too_short(size_t len, size_t need, const char *what, struct bootinfo *bi)
{
    if (len >= need)
        return false;
    printk(XENLOG_WARNING "multiboot2: %s tag too short (%zu bytes); ignored\n", what, len);
    bi->warnings++;
    return true;
}

static void parse_framebuffer(const u8 *body, size_t len, struct bootinfo *bi)
{
    if (tag_too_short(len, 22, "framebuffer", bi))
        return;
    bi->fb.present = true;
    memcpy(&bi->fb.addr, body, 8);
    memcpy(&bi->fb.pitch, body + 8, 4);
    memcpy(&bi->fb.width, body + 12, 4);
    memcpy(&bi->fb.height, body + 16, 4);
    bi->fb.bpp = body[20];
    bi->fb.type = body[21];
}

static void parse_tag(u32 type, const u8 *body, size_t len, struct bootinfo *bi,
                      const u8 **efi_mmap, size_t *efi_len)
{
    switch (type) {
    case MB2_TAG_CMDLINE:
        copy_tag_string(bi->cmdline, sizeof(bi->cmdline), (const char *)body, len, bi, "command line");
        break;
    case MB2_TAG_LOADER_NAME:
        copy_tag_string(bi->loader_name, sizeof(bi->loader_name), (const char *)body, len, bi,
                        "boot loader name");
        break;
    case MB2_TAG_MODULE: parse_module(body, len, bi); break;
    case MB2_TAG_MMAP: if (!bi->mem_from_efi) parse_mmap(body, len, bi); break;
    case MB2_TAG_EFI_MMAP: *efi_mmap = body; *efi_len = len; break;
    case MB2_TAG_ACPI_OLD: parse_rsdp(body, len, 1, bi); break;
    case MB2_TAG_ACPI_NEW: parse_rsdp(body, len, 2, bi); break;
    case MB2_TAG_FRAMEBUFFER: parse_framebuffer(body, len, bi); break;
    case MB2_TAG_EFI64:
        if (!tag_too_short(len, 8, "EFI system table", bi))
            memcpy(&bi->efi_systab, body, 8);
        break;
    case MB2_TAG_LOAD_BASE:
        if (!tag_too_short(len, 4, "load base", bi))
            bi->load_base = *(const u32 *)body;
        break;
    default: break;     /* tags we don't use (boot device, APM, ELF sections...) */
    }
}

int mb2_parse(const void *mbi, size_t avail, struct bootinfo *bi)
{
    const u8 *base = mbi, *efi_mmap = NULL;
    size_t efi_len = 0;
    u32 total;

    memset(bi, 0, sizeof(*bi));
    if (!mbi || avail < 16 || ((uintptr_t)mbi & 7))
        return -EINVAL;
    memcpy(&total, base, 4);
    if (total < 16 || total > avail || total > MB2_MAX_TOTAL_SIZE) {
        printk(XENLOG_ERR "multiboot2: boot information size %u is invalid\n", total);
        return -EINVAL;
    }
    for (size_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
        struct mb2_tag tag;
        memcpy(&tag, base + off, sizeof(tag));
        if (tag.type == MB2_TAG_END) {
            if (efi_mmap)       /* the firmware's own map wins over GRUB's copy */
                parse_efi_mmap(efi_mmap, efi_len, bi);
            return 0;
        }
        if (tag.size < sizeof(tag) || tag.size > total - off) {
            printk(XENLOG_ERR "multiboot2: tag type %u at offset %zu has bad size %u\n",
                   tag.type, off, tag.size);
            return -EINVAL;
        }
        parse_tag(tag.type, base + off + sizeof(tag), tag.size - sizeof(tag), bi,
                  &efi_mmap, &efi_len);
        off += ROUNDUP((size_t)tag.size, 8);
    }
    printk(XENLOG_ERR "multiboot2: no end tag within %u bytes\n", total);
    return -EINVAL;
}
