/*
 * PVH kernel loader (see include/xen/elf_loader.h). The image comes from a
 * boot module, i.e. from whoever wrote the boot medium: every offset and
 * size in it is untrusted, so each one is bounds-checked, without
 * overflow, before it is used. Headers are copied out with memcpy because
 * the file may put them at unaligned offsets.
 */
#include <public/elfnote.h>
#include <xen/elf.h>
#include <xen/elf_loader.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

typedef unsigned long long ull;     /* for printing u64 portably */

/* Record why we fail; returns err so callers can "return elf_fail(...)". */
static int __printf(3, 4) elf_fail(struct elf_info *info, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(info->error, sizeof(info->error), fmt, ap);
    va_end(ap);
    return err;
}

/* [off, off+len) inside [0, size), written so that nothing can wrap. */
static bool elf_in_bounds(u64 off, u64 len, u64 size)
{
    return off <= size && len <= size - off;
}

/*
 * e_ident first: class and encoding decide how every later field must be
 * read, so nothing else means anything until they are ELF64 little endian.
 */
static int elf_check_ident(struct elf_info *info, const Elf64_Ehdr *eh)
{
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
        return elf_fail(info, -ENOEXEC, "not an ELF file (bad magic)");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return elf_fail(info, -ENOEXEC, "ELF class %u is not ELFCLASS64: only 64-bit images are loaded",
                        eh->e_ident[EI_CLASS]);
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return elf_fail(info, -ENOEXEC, "ELF data encoding %u is not little endian",
                        eh->e_ident[EI_DATA]);
    if (eh->e_ident[EI_VERSION] != EV_CURRENT)
        return elf_fail(info, -ENOEXEC, "ELF version %u is not EV_CURRENT", eh->e_ident[EI_VERSION]);
    return 0;
}

/*
 * The rest of the file header. Only ET_EXEC: its p_paddr values are final
 * guest-physical addresses, which is all a PVH loader needs (xen-abi.md
 * §2.1). A different e_phentsize would mean a layout we do not know, so it
 * is refused rather than stepped over. The table bound is checked here,
 * once, so elf_phdr() can read any entry without checking again.
 */
static int elf_check_ehdr(struct elf_info *info, const Elf64_Ehdr *eh)
{
    int rc = elf_check_ident(info, eh);

    if (rc)
        return rc;
    if (eh->e_machine != EM_X86_64)
        return elf_fail(info, -ENOEXEC, "ELF machine %u is not x86-64 (%u)", eh->e_machine, EM_X86_64);
    if (eh->e_type != ET_EXEC)
        return elf_fail(info, -ENOEXEC, "ELF type %u is not ET_EXEC (%u): relocatable images are not supported",
                        eh->e_type, ET_EXEC);
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return elf_fail(info, -ENOEXEC, "program header size %u is not %zu", eh->e_phentsize,
                        sizeof(Elf64_Phdr));
    if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHDRS)
        return elf_fail(info, -ENOEXEC, "%u program headers (expected 1..%u)", eh->e_phnum, ELF_MAX_PHDRS);
    /* e_phnum * 56 cannot overflow: e_phnum is at most ELF_MAX_PHDRS here. */
    if (!elf_in_bounds(eh->e_phoff, (u64)eh->e_phnum * sizeof(Elf64_Phdr), info->size))
        return elf_fail(info, -ENOEXEC, "program header table (offset 0x%llx, %u entries) extends beyond the file (0x%llx bytes)",
                        (ull)eh->e_phoff, eh->e_phnum, (ull)info->size);
    return 0;
}

/* Copy of the file header; elf_parse() checked the image is big enough. */
static Elf64_Ehdr elf_ehdr(const struct elf_info *info)
{
    Elf64_Ehdr eh;

    memcpy(&eh, info->image, sizeof(eh));
    return eh;
}

/* Program header i; the table was bounds-checked by elf_check_ehdr(). */
static Elf64_Phdr elf_phdr(const struct elf_info *info, const Elf64_Ehdr *eh, unsigned int i)
{
    Elf64_Phdr ph;

    memcpy(&ph, info->image + eh->e_phoff + (u64)i * sizeof(ph), sizeof(ph));
    return ph;
}

/* The file part of any segment must be inside the image. */
static int elf_check_file_range(struct elf_info *info, unsigned int i, const Elf64_Phdr *ph)
{
    if (elf_in_bounds(ph->p_offset, ph->p_filesz, info->size))
        return 0;
    return elf_fail(info, -ENOEXEC, "program header %u extends beyond the file (offset 0x%llx size 0x%llx, file 0x%llx)",
                    i, (ull)ph->p_offset, (ull)ph->p_filesz, (ull)info->size);
}

/*
 * A PT_LOAD must come from inside the file, may only grow (bss) when
 * loaded, and must land in [0, guest_ram) without wrapping. A segment
 * outside guest RAM is -ENOMEM, not -ENOEXEC: the image may be fine and
 * the domain simply given too little memory (the user can fix mem=).
 */
static int elf_check_load(struct elf_info *info, unsigned int i, const Elf64_Phdr *ph, u64 guest_ram)
{
    int rc = elf_check_file_range(info, i, ph);

    if (rc)
        return rc;
    if (ph->p_filesz > ph->p_memsz)
        return elf_fail(info, -ENOEXEC, "program header %u: file size 0x%llx exceeds memory size 0x%llx",
                        i, (ull)ph->p_filesz, (ull)ph->p_memsz);
    if (!ph->p_memsz)   /* occupies no guest memory: nothing else to check */
        return 0;
    if (ph->p_paddr + ph->p_memsz < ph->p_paddr)
        return elf_fail(info, -ENOEXEC, "program header %u: address 0x%llx + size 0x%llx wraps around",
                        i, (ull)ph->p_paddr, (ull)ph->p_memsz);
    if (ph->p_paddr + ph->p_memsz > guest_ram)
        return elf_fail(info, -ENOMEM, "program header %u: [0x%llx, 0x%llx) does not fit in guest RAM (0x%llx bytes)",
                        i, (ull)ph->p_paddr, (ull)(ph->p_paddr + ph->p_memsz), (ull)guest_ram);
    return 0;
}

/* A segment that occupies guest memory (a zero-size PT_LOAD does not). */
static bool elf_is_loaded(const Elf64_Phdr *ph)
{
    return ph->p_type == PT_LOAD && ph->p_memsz != 0;
}

/*
 * Two segments loading over each other would make the result depend on
 * load order; refuse. Quadratic, but e_phnum <= ELF_MAX_PHDRS.
 */
static int elf_check_overlaps(struct elf_info *info, const Elf64_Ehdr *eh)
{
    for (unsigned int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr a = elf_phdr(info, eh, i);

        if (!elf_is_loaded(&a))
            continue;
        for (unsigned int j = i + 1; j < eh->e_phnum; j++) {
            Elf64_Phdr b = elf_phdr(info, eh, j);

            if (!elf_is_loaded(&b))
                continue;
            if (a.p_paddr < b.p_paddr + b.p_memsz && b.p_paddr < a.p_paddr + a.p_memsz)
                return elf_fail(info, -ENOEXEC, "program headers %u and %u overlap in guest memory ([0x%llx, 0x%llx) and [0x%llx, 0x%llx))",
                                i, j, (ull)a.p_paddr, (ull)(a.p_paddr + a.p_memsz),
                                (ull)b.p_paddr, (ull)(b.p_paddr + b.p_memsz));
        }
    }
    return 0;
}

/* ---- Xen notes (public/elfnote.h) ---- */

/* A note value of 4 or 8 bytes, little endian (Xen's libelf accepts both). */
static int elf_note_number(struct elf_info *info, const char *what, const u8 *desc, u32 len, u64 *val)
{
    u32 v32;

    if (len == sizeof(u32)) {
        memcpy(&v32, desc, sizeof(v32));
        *val = v32;
        return 0;
    }
    if (len == sizeof(u64)) {
        memcpy(val, desc, sizeof(*val));
        return 0;
    }
    return elf_fail(info, -ENOEXEC, "%s note has %u bytes, expected 4 or 8", what, len);
}

static int elf_note_phys32_entry(struct elf_info *info, const u8 *desc, u32 len)
{
    u64 entry;
    int rc = elf_note_number(info, "XEN_ELFNOTE_PHYS32_ENTRY", desc, len, &entry);

    if (rc)
        return rc;
    /* The vCPU starts in 32-bit mode with paging off: EIP is all there is. */
    if (entry == 0 || entry > 0xffffffffULL)
        return elf_fail(info, -ENOEXEC, "XEN_ELFNOTE_PHYS32_ENTRY 0x%llx is not a 32-bit address", (ull)entry);
    info->entry = entry;
    return 0;
}

/*
 * PHYS32_RELOC lets us move the kernel; we never do (each domain has its
 * own guest-physical space, so the link address is always free), and only
 * record that the kernel asked.
 */
static int elf_note_phys32_reloc(struct elf_info *info, const u8 *desc, u32 len)
{
    info->phys32_reloc = true;  /* loading at p_paddr is always valid */
    return 0;
}

/* Copy a string note, stopping at NUL; anything unprintable becomes '?'. */
static void elf_note_copy_string(char *dst, const u8 *desc, u32 len)
{
    u32 n = 0;

    for (; n < len && n < ELF_NOTE_STR_LEN - 1 && desc[n]; n++)
        dst[n] = desc[n] >= 0x20 && desc[n] < 0x7f ? (char)desc[n] : '?';
    dst[n] = '\0';
}

static int elf_note_guest_os(struct elf_info *info, const u8 *desc, u32 len)
{
    elf_note_copy_string(info->guest_os, desc, len);
    return 0;
}

static int elf_note_xen_version(struct elf_info *info, const u8 *desc, u32 len)
{
    elf_note_copy_string(info->xen_version, desc, len);
    return 0;
}

/* The notes we act on; every other Xen note is PV-only or informative. */
static int (*const elf_note_handlers[])(struct elf_info *, const u8 *, u32) = {
    [XEN_ELFNOTE_XEN_VERSION] = elf_note_xen_version,
    [XEN_ELFNOTE_GUEST_OS] = elf_note_guest_os,
    [XEN_ELFNOTE_PHYS32_ENTRY] = elf_note_phys32_entry,
    [XEN_ELFNOTE_PHYS32_RELOC] = elf_note_phys32_reloc,
};

static int elf_handle_note(struct elf_info *info, const Elf64_Nhdr *nh, const u8 *name, const u8 *desc)
{
    /* Owner "Xen": n_namesz counts the NUL (xen-abi.md §2.1). */
    if (nh->n_namesz != sizeof(XEN_ELFNOTE_OWNER) || memcmp(name, XEN_ELFNOTE_OWNER, sizeof(XEN_ELFNOTE_OWNER)))
        return 0;
    if (nh->n_type >= ARRAY_SIZE(elf_note_handlers) || !elf_note_handlers[nh->n_type])
        return 0;
    return elf_note_handlers[nh->n_type](info, desc, nh->n_descsz);
}

/*
 * Walk the notes of PT_NOTE segment i: each is a 12-byte header, then the
 * name and the desc, each padded to 4 bytes. Trailing bytes too short for
 * a header are padding; a note whose name or desc runs past the segment is
 * an error.
 */
static int elf_walk_notes(struct elf_info *info, unsigned int i, const Elf64_Phdr *ph)
{
    const u8 *seg = info->image + ph->p_offset;
    u64 len = ph->p_filesz, pos = 0;

    while (len - pos >= sizeof(Elf64_Nhdr)) {
        Elf64_Nhdr nh;
        u64 name_pos = pos + sizeof(nh), desc_pos;
        int rc;

        memcpy(&nh, seg + pos, sizeof(nh));
        desc_pos = name_pos + ROUNDUP((u64)nh.n_namesz, 4);
        if (desc_pos > len || nh.n_descsz > len - desc_pos)
            return elf_fail(info, -ENOEXEC, "program header %u: note at offset 0x%llx (namesz %u descsz %u) runs past the segment (0x%llx bytes)",
                            i, (ull)pos, nh.n_namesz, nh.n_descsz, (ull)len);
        rc = elf_handle_note(info, &nh, seg + name_pos, seg + desc_pos);
        if (rc)
            return rc;
        pos = desc_pos + ROUNDUP((u64)nh.n_descsz, 4);
        if (pos > len)      /* last note without its padding */
            break;
    }
    return 0;
}

/* ---- the whole image ---- */

/* Grow [low_gpa, high_gpa) to cover a checked, non-empty PT_LOAD. */
static void elf_account_load(struct elf_info *info, const Elf64_Phdr *ph)
{
    if (!info->nr_load || ph->p_paddr < info->low_gpa)
        info->low_gpa = ph->p_paddr;
    if (!info->nr_load || ph->p_paddr + ph->p_memsz > info->high_gpa)
        info->high_gpa = ph->p_paddr + ph->p_memsz;
    info->nr_load++;
}

/*
 * One pass over the program headers: check each PT_LOAD and walk each
 * PT_NOTE. Other types (GNU_STACK, TLS, ...) say nothing a loader of a
 * statically linked kernel needs, and are skipped.
 */
static int elf_check_phdrs(struct elf_info *info, const Elf64_Ehdr *eh, u64 guest_ram)
{
    for (unsigned int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph = elf_phdr(info, eh, i);
        int rc = 0;

        if (ph.p_type == PT_LOAD) {
            rc = elf_check_load(info, i, &ph, guest_ram);
            if (!rc && ph.p_memsz)
                elf_account_load(info, &ph);
        } else if (ph.p_type == PT_NOTE) {
            rc = elf_check_file_range(info, i, &ph);
            if (!rc)
                rc = elf_walk_notes(info, i, &ph);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* The entry must be in file-backed bytes of some segment, not in bss. */
static bool elf_entry_is_loaded(const struct elf_info *info, const Elf64_Ehdr *eh)
{
    for (unsigned int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph = elf_phdr(info, eh, i);

        if (ph.p_type == PT_LOAD && info->entry >= ph.p_paddr && info->entry - ph.p_paddr < ph.p_filesz)
            return true;
    }
    return false;
}

/*
 * Checks run from the outside in (file header, header table, segments,
 * notes, overlaps, entry), so each one may rely on those before it.
 */
int elf_parse(const void *image, u64 size, u64 guest_ram, struct elf_info *info)
{
    Elf64_Ehdr eh;
    int rc;

    memset(info, 0, sizeof(*info));
    info->image = image;
    info->size = size;
    if (size < sizeof(eh))
        return elf_fail(info, -ENOEXEC, "file too small for an ELF header (0x%llx bytes)", (ull)size);
    eh = elf_ehdr(info);
    rc = elf_check_ehdr(info, &eh);
    if (!rc)
        rc = elf_check_phdrs(info, &eh, guest_ram);
    if (!rc)
        rc = elf_check_overlaps(info, &eh);
    if (rc)
        return rc;
    if (!info->nr_load)
        return elf_fail(info, -ENOEXEC, "no loadable segment (PT_LOAD)");
    if (!info->entry)
        return elf_fail(info, -ENOEXEC, "no XEN_ELFNOTE_PHYS32_ENTRY: not a PVH kernel");
    if (!elf_entry_is_loaded(info, &eh))
        return elf_fail(info, -ENOEXEC, "PVH entry 0x%llx is outside the loaded file contents", (ull)info->entry);
    return 0;
}

/*
 * File bytes first, then zeroes up to p_memsz: the guest's RAM is not
 * assumed to be clean (a rebooting domain reuses its pages).
 */
static int elf_load_segment(struct elf_info *info, const struct elf_guest_ops *ops,
                            unsigned int i, const Elf64_Phdr *ph)
{
    u64 bss = ph->p_memsz - ph->p_filesz;
    int rc;

    if (ph->p_filesz) {
        rc = ops->copy_to_guest_phys(ops->ctx, ph->p_paddr, info->image + ph->p_offset, ph->p_filesz);
        if (rc)
            return elf_fail(info, rc, "copying program header %u to guest [0x%llx, 0x%llx) failed (%d)",
                            i, (ull)ph->p_paddr, (ull)(ph->p_paddr + ph->p_filesz), rc);
    }
    if (bss) {
        rc = ops->zero_guest_phys(ops->ctx, ph->p_paddr + ph->p_filesz, bss);
        if (rc)
            return elf_fail(info, rc, "clearing the bss of program header %u at guest 0x%llx (0x%llx bytes) failed (%d)",
                            i, (ull)(ph->p_paddr + ph->p_filesz), (ull)bss, rc);
    }
    return 0;
}

/* Bounds were proven by elf_parse(); only the callbacks can fail here. */
int elf_load(struct elf_info *info, const struct elf_guest_ops *ops)
{
    Elf64_Ehdr eh = elf_ehdr(info);

    info->error[0] = '\0';
    for (unsigned int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph = elf_phdr(info, &eh, i);
        int rc;

        if (!elf_is_loaded(&ph))
            continue;
        rc = elf_load_segment(info, ops, i, &ph);
        if (rc)
            return rc;
    }
    return 0;
}
