/*
 * PVH start-of-day layout and contents (policy in include/xen/pvh_layout.h).
 * Addresses are guest-physical throughout; the obstacles a placement must
 * avoid are kept as [lo, hi) ranges.
 */
#include <public/hvm/start_info.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/pvh_layout.h>
#include <xen/string.h>

#define PVH_4G (1ULL << 32)
#define PVH_START_INFO_SPACE 64     /* start_info (56) padded for the module list */

typedef unsigned long long ull;

struct pvh_range {
    u64 lo, hi;
};

/* Up to: image, ACPI, info block, modules. */
#define PVH_MAX_OBSTACLES (3 + PVH_MAX_MODULES)

struct pvh_obstacles {
    unsigned int nr;
    struct pvh_range r[PVH_MAX_OBSTACLES];
};

/* Record why we fail; returns err for "return pvh_fail(...)". */
static int __printf(3, 4) pvh_fail(struct pvh_layout *l, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(l->error, sizeof(l->error), fmt, ap);
    va_end(ap);
    return err;
}

/* Empty ranges (no ACPI tables) are never obstacles. */
static void pvh_add_obstacle(struct pvh_obstacles *o, u64 lo, u64 hi)
{
    if (lo < hi)
        o->r[o->nr++] = (struct pvh_range){ lo, hi };
}

/* The obstacle overlapping [lo, hi), or NULL. */
static const struct pvh_range *pvh_conflict(const struct pvh_obstacles *o, u64 lo, u64 hi)
{
    for (unsigned int i = 0; i < o->nr; i++)
        if (lo < o->r[i].hi && o->r[i].lo < hi)
            return &o->r[i];
    return NULL;
}

/* Bytes a string takes in the block with its NUL; 0 for "none". */
static size_t pvh_strsize(const char *s)
{
    return s && *s ? strlen(s) + 1 : 0;
}

/*
 * Offsets inside the info block. compute and build both derive them from
 * the input by pvh_offsets(), so the two can never disagree. The module
 * list starts at 64 and every table entry is a multiple of 8 bytes, so
 * all u64 fields the guest reads are naturally aligned.
 */
struct pvh_offsets {
    u64 modlist, memmap, cmdline, mod_cmdline[PVH_MAX_MODULES], end;
};

/* RAM, or RAM below / ACPI / RAM above, dropping empty RAM pieces. */
static unsigned int pvh_memmap_entries(const struct pvh_layout_in *in)
{
    unsigned int special = in->special_size != 0;

    if (!in->acpi_size)
        return 1 + special;
    return 1 + (in->acpi_gpa > 0) + (in->acpi_gpa + in->acpi_size < in->mem) + special;
}

static void pvh_offsets(const struct pvh_layout_in *in, struct pvh_offsets *off)
{
    u64 pos = PVH_START_INFO_SPACE;

    off->modlist = pos;
    pos += (u64)in->nr_modules * sizeof(struct hvm_modlist_entry);
    off->memmap = pos;
    pos += (u64)pvh_memmap_entries(in) * sizeof(struct hvm_memmap_table_entry);
    off->cmdline = pos;
    pos += pvh_strsize(in->cmdline);
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        off->mod_cmdline[i] = pos;
        pos += pvh_strsize(in->modules[i].cmdline);
    }
    off->end = pos;
}

/*
 * Input errors are the caller's (-EINVAL), as opposed to a guest that is
 * merely too small (-ENOMEM); the two get different messages upstream.
 */
static int pvh_check_input(const struct pvh_layout_in *in, struct pvh_layout *l)
{
    if (in->image_lo >= in->image_hi || in->image_hi > in->mem)
        return pvh_fail(l, -EINVAL, "kernel [0x%llx, 0x%llx) is not inside guest RAM (0x%llx bytes)",
                        (ull)in->image_lo, (ull)in->image_hi, (ull)in->mem);
    if (in->acpi_size && (in->acpi_gpa + in->acpi_size < in->acpi_gpa || in->acpi_gpa + in->acpi_size > in->mem))
        return pvh_fail(l, -EINVAL, "ACPI tables [0x%llx, +0x%llx) are not inside guest RAM",
                        (ull)in->acpi_gpa, (ull)in->acpi_size);
    if (in->acpi_size && in->acpi_gpa < in->image_hi && in->image_lo < in->acpi_gpa + in->acpi_size)
        return pvh_fail(l, -EINVAL, "ACPI tables overlap the kernel");
    if (in->special_size && (in->special_gpa < in->mem || in->special_gpa % PAGE_SIZE ||
                             in->special_gpa + in->special_size < in->special_gpa))
        return pvh_fail(l, -EINVAL, "special pages [0x%llx, +0x%llx) are not page-aligned above RAM",
                        (ull)in->special_gpa, (ull)in->special_size);
    if (in->nr_modules > PVH_MAX_MODULES)
        return pvh_fail(l, -EINVAL, "%u modules (at most %u)", in->nr_modules, PVH_MAX_MODULES);
    for (unsigned int i = 0; i < in->nr_modules; i++)
        if (!in->modules[i].size)
            return pvh_fail(l, -EINVAL, "module %u is empty", i);
    return 0;
}

/* First of 0x1000, after the kernel, after the ACPI tables that is free. */
static int pvh_place_info(const struct pvh_layout_in *in, struct pvh_layout *l,
                          struct pvh_obstacles *o, u64 top)
{
    const u64 candidates[] = { PVH_INFO_GPA, ROUNDUP(in->image_hi, PAGE_SIZE),
                               ROUNDUP(in->acpi_gpa + in->acpi_size, PAGE_SIZE) };

    for (unsigned int i = 0; i < ARRAY_SIZE(candidates); i++) {
        u64 c = candidates[i];

        if (c >= PVH_INFO_GPA && c <= top && l->info_size <= top - c &&
            !pvh_conflict(o, c, c + l->info_size)) {
            l->info_gpa = c;
            pvh_add_obstacle(o, c, c + l->info_size);
            return 0;
        }
    }
    return pvh_fail(l, -ENOMEM, "guest RAM too small: no room for the 0x%llx-byte start info block (RAM 0x%llx, kernel [0x%llx, 0x%llx))",
                    (ull)l->info_size, (ull)in->mem, (ull)in->image_lo, (ull)in->image_hi);
}

/*
 * Highest page-aligned [gpa, gpa+size) below top that avoids every
 * obstacle. Each retry moves top below the obstacle hit, which can then
 * never be hit again, so this ends after at most o->nr retries.
 */
static bool pvh_place_below(const struct pvh_obstacles *o, u64 top, u64 size, u64 *gpa)
{
    const struct pvh_range *hit;

    for (;;) {
        if (top < PVH_INFO_GPA || size > top - PVH_INFO_GPA)
            return false;
        *gpa = ROUNDDOWN(top - size, PAGE_SIZE);
        if (*gpa < PVH_INFO_GPA)
            return false;
        hit = pvh_conflict(o, *gpa, *gpa + size);
        if (!hit)
            return true;
        top = hit->lo;
    }
}

static int pvh_place_modules(const struct pvh_layout_in *in, struct pvh_layout *l,
                             struct pvh_obstacles *o, u64 top)
{
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        u64 size = in->modules[i].size, gpa;

        if (!pvh_place_below(o, top, size, &gpa))
            return pvh_fail(l, -ENOMEM, "guest RAM too small: module %u (0x%llx bytes) does not fit beside the kernel [0x%llx, 0x%llx) in 0x%llx bytes of RAM",
                            i, (ull)size, (ull)in->image_lo, (ull)in->image_hi, (ull)in->mem);
        l->module_gpa[i] = gpa;
        pvh_add_obstacle(o, gpa, gpa + size);
        top = gpa;      /* keep modules in order, highest first */
    }
    return 0;
}

/*
 * Info block first (it has a preferred fixed home), then modules into
 * whatever is left at the top. Everything stays under min(mem, 4 GiB)
 * because the ABI's 32-bit entry cannot reach higher (xen-abi.md §2.3).
 */
int pvh_layout_compute(const struct pvh_layout_in *in, struct pvh_layout *l)
{
    struct pvh_obstacles o = { 0 };
    struct pvh_offsets off;
    u64 top = MIN(in->mem, PVH_4G);
    int rc;

    memset(l, 0, sizeof(*l));
    rc = pvh_check_input(in, l);
    if (rc)
        return rc;
    pvh_add_obstacle(&o, in->image_lo, in->image_hi);
    pvh_add_obstacle(&o, in->acpi_gpa, in->acpi_gpa + in->acpi_size);
    pvh_offsets(in, &off);
    l->info_size = ROUNDUP(off.end, PAGE_SIZE);
    rc = pvh_place_info(in, l, &o, top);
    if (!rc)
        rc = pvh_place_modules(in, l, &o, top);
    if (rc)
        return rc;
    l->modlist_gpa = in->nr_modules ? l->info_gpa + off.modlist : 0;
    l->memmap_gpa = l->info_gpa + off.memmap;
    l->memmap_entries = pvh_memmap_entries(in);
    l->cmdline_gpa = pvh_strsize(in->cmdline) ? l->info_gpa + off.cmdline : 0;
    return 0;
}

/* ---- contents ---- */

/* Entries go through memcpy: buf has no alignment promise. */
static void pvh_put_memmap(u8 *dst, u64 addr, u64 size, u32 type)
{
    struct hvm_memmap_table_entry e = { .addr = addr, .size = size, .type = type };

    memcpy(dst, &e, sizeof(e));
}

/* RAM [0, mem) with the ACPI range, if any, carved out; then the special
 * pages, which lie above RAM, so the map stays sorted (pvh_memmap_entries). */
static void pvh_build_memmap(const struct pvh_layout_in *in, u8 *dst)
{
    u64 acpi_end = in->acpi_gpa + in->acpi_size;
    const size_t sz = sizeof(struct hvm_memmap_table_entry);

    if (in->special_size)
        pvh_put_memmap(dst + (pvh_memmap_entries(in) - 1) * sz, in->special_gpa,
                       in->special_size, XEN_HVM_MEMMAP_TYPE_RESERVED);
    if (!in->acpi_size) {
        pvh_put_memmap(dst, 0, in->mem, XEN_HVM_MEMMAP_TYPE_RAM);
        return;
    }
    if (in->acpi_gpa) {
        pvh_put_memmap(dst, 0, in->acpi_gpa, XEN_HVM_MEMMAP_TYPE_RAM);
        dst += sz;
    }
    pvh_put_memmap(dst, in->acpi_gpa, in->acpi_size, XEN_HVM_MEMMAP_TYPE_ACPI);
    if (acpi_end < in->mem)
        pvh_put_memmap(dst + sz, acpi_end, in->mem - acpi_end, XEN_HVM_MEMMAP_TYPE_RAM);
}

/* One hvm_modlist_entry per module, its command line placed after ours. */
static void pvh_build_modules(const struct pvh_layout_in *in, const struct pvh_layout *l,
                              const struct pvh_offsets *off, u8 *buf)
{
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        const char *cmd = in->modules[i].cmdline;
        struct hvm_modlist_entry m = {
            .paddr = l->module_gpa[i],
            .size = in->modules[i].size,
            .cmdline_paddr = pvh_strsize(cmd) ? l->info_gpa + off->mod_cmdline[i] : 0,
        };

        memcpy(buf + off->modlist + i * sizeof(m), &m, sizeof(m));
        memcpy(buf + off->mod_cmdline[i], cmd ? cmd : "", pvh_strsize(cmd));
    }
}

/*
 * The whole block is cleared first: reserved fields and padding must be 0
 * for the guest, and no stale host bytes may leak into guest memory.
 */
int pvh_layout_build(const struct pvh_layout_in *in, const struct pvh_layout *l,
                     void *buf, u64 buf_size)
{
    struct hvm_start_info si = {
        .magic = XEN_HVM_START_MAGIC_VALUE,
        .version = XEN_HVM_START_INFO_VERSION,
        .flags = 0,                 /* a domU: not privileged */
        .nr_modules = in->nr_modules,
        .modlist_paddr = l->modlist_gpa,
        .cmdline_paddr = l->cmdline_gpa,
        .rsdp_paddr = in->rsdp_gpa,
        .memmap_paddr = l->memmap_gpa,
        .memmap_entries = l->memmap_entries,
    };
    struct pvh_offsets off;
    u8 *b = buf;

    pvh_offsets(in, &off);
    if (buf_size < l->info_size || off.end > l->info_size)
        return -ENOSPC;
    memset(b, 0, l->info_size);
    memcpy(b, &si, sizeof(si));
    pvh_build_memmap(in, b + off.memmap);
    memcpy(b + off.cmdline, in->cmdline ? in->cmdline : "", pvh_strsize(in->cmdline));
    pvh_build_modules(in, l, &off, b);
    return 0;
}
