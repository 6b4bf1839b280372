/*
 * Domains from boot modules, like Xen's dom0less/hyperlaunch: every GRUB
 * module2 whose string starts with "domain" becomes a domain (options in
 * include/xen/domain_config.h); an "initrd" module attaches to the domain
 * before it. A bad module is reported by number and name and skipped; the
 * others still start. Reboots rebuild the domain from the same module.
 */
#include <public/hvm/start_info.h>
#include <xen/acpi_guest.h>
#include <xen/arch.h>
#include <xen/bench.h>
#include <xen/bootinfo.h>
#include <xen/dom0less.h>
#include <xen/domain_config.h>
#include <xen/elf_loader.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/kernel_image.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/pvh_layout.h>
#include <xen/pvcons.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

/* Everything needed to build (and rebuild) one domain. */
struct dom0less_build {
    struct domain_config cfg;
    unsigned int index;             /* boot module number, for messages */
    const void *image;
    u64 image_size;
    const void *initrd;             /* NULL: none */
    u64 initrd_size;
    char initrd_cmdline[DOMCFG_CMDLINE_LEN];
};

static int elf_copy(void *ctx, u64 gpa, const void *src, u64 len)
{
    return copy_to_guest_phys(ctx, gpa, src, len);
}

static int elf_zero(void *ctx, u64 gpa, u64 len)
{
    return clear_guest_phys(ctx, gpa, len);
}

/*
 * Guest ACPI tables (xen/acpi_guest.c) go at a fixed low address, where a
 * PC's BIOS tables live, well clear of kernels (Linux loads at 16 MiB, our
 * test guests at 1 MiB) and of the info block at 0x1000. A guest too small
 * for them, or whose image covers that page, simply gets none (rsdp 0).
 */
#define DOM0LESS_ACPI_GPA 0xe0000ULL

_Static_assert(PVH_MAX_MEMMAP <= DOMAIN_MAX_MEMMAP, "struct domain's map is too small");

static int build_acpi(struct domain *d, const struct elf_info *elf, struct pvh_layout_in *in)
{
    u64 gpa = DOM0LESS_ACPI_GPA, size = ROUNDUP(acpi_guest_size(d->max_vcpus), PAGE_SIZE);
    void *buf;
    int rc;

    if (gpa + size > in->mem || (gpa < elf->high_gpa && elf->low_gpa < gpa + size)) {
        printk(XENLOG_WARNING "d%u: no room for ACPI tables at %#llx: guest gets none\n",
               d->domain_id, (unsigned long long)gpa);
        return 0;
    }
    if (!(buf = xzalloc_bytes(size)))
        return -ENOMEM;
    rc = acpi_guest_build(buf, size, gpa, d->max_vcpus);
    if (!rc)
        rc = copy_to_guest_phys(d, gpa, buf, size);
    xfree(buf);
    if (!rc)
        in->rsdp_gpa = in->acpi_gpa = gpa, in->acpi_size = size;
    return rc;
}

/* Keep the map the guest was given, for XENMEM_memory_map (xen/memory_op.c). */
static void save_memmap(struct domain *d, const struct pvh_layout *l, const u8 *info)
{
    const u8 *src = info + (l->memmap_gpa - l->info_gpa);

    d->nr_memmap = 0;
    for (unsigned int i = 0; i < l->memmap_entries && i < DOMAIN_MAX_MEMMAP; i++) {
        struct hvm_memmap_table_entry e;

        memcpy(&e, src + i * sizeof(e), sizeof(e));
        d->memmap[d->nr_memmap++] = (struct domain_memmap_entry){ e.addr, e.size, e.type };
    }
}

/* Start info, ACPI, memory map, command line and initrd for the PVH entry. */
static int build_start_info(struct domain *d, const struct dom0less_build *b,
                            const struct elf_info *elf, u64 *info_gpa)
{
    struct pvh_module mod = { b->initrd_size, b->initrd_cmdline };
    struct pvh_layout_in in = {
        .mem = b->cfg.mem, .image_lo = elf->low_gpa, .image_hi = elf->high_gpa,
        .cmdline = b->cfg.cmdline, .nr_modules = b->initrd ? 1 : 0, .modules = &mod,
    };
    struct pvh_layout l;
    u64 cons_gfn;
    void *buf;
    int rc;

    if (pvcons_ring_gfn(d, &cons_gfn))
        in.special_gpa = cons_gfn << PAGE_SHIFT, in.special_size = PAGE_SIZE;
    if ((rc = build_acpi(d, elf, &in)))
        return rc;
    if ((rc = pvh_layout_compute(&in, &l))) {
        printk(XENLOG_ERR "module %u (%s): %s\n", b->index, b->cfg.name, l.error);
        return rc;
    }
    if (!(buf = xzalloc_bytes(l.info_size)))
        return -ENOMEM;
    rc = pvh_layout_build(&in, &l, buf, l.info_size);
    if (!rc)
        save_memmap(d, &l, buf);
    if (!rc)
        rc = copy_to_guest_phys(d, l.info_gpa, buf, l.info_size);
    if (!rc && b->initrd)
        rc = copy_to_guest_phys(d, l.module_gpa[0], b->initrd, b->initrd_size);
    xfree(buf);
    *info_gpa = l.info_gpa;
    return rc;
}

static int load_pvh(struct domain *d, const struct dom0less_build *b)
{
    struct elf_guest_ops ops = { .ctx = d, .copy_to_guest_phys = elf_copy,
                                 .zero_guest_phys = elf_zero };
    struct kernel_image k;      /* the module, or the vmlinux inside a bzImage */
    struct elf_info elf;
    u64 info_gpa;
    int rc;

    if ((rc = kernel_image_get(&k, b->image, b->image_size, b->cfg.mem, b->index, b->cfg.name)))
        return rc;
    if ((rc = elf_parse(k.elf, k.elf_size, b->cfg.mem, &elf)) || (rc = elf_load(&elf, &ops)))
        printk(XENLOG_ERR "module %u (%s): %s\n", b->index, b->cfg.name, elf.error);
    kernel_image_put(&k);
    if (rc)
        return rc;
    /*
     * The PV console page goes above RAM, like Xen's special pages, after
     * one unmapped guard frame: a guest overrunning the end of RAM faults
     * (wildptr tests it) instead of writing into its console ring.
     */
    if ((rc = pvcons_domain_init(d, (b->cfg.mem >> PAGE_SHIFT) + 1)) ||
        (rc = build_start_info(d, b, &elf, &info_gpa)))
        return rc;
    arch_vcpu_set_pvh_entry(d->vcpu[0], (u32)elf.entry, (u32)info_gpa);
    return 0;
}

static int load_real_mode(struct domain *d, const struct dom0less_build *b)
{
    if (b->image_size > 0x10000 ||
        copy_to_guest_phys(d, DOMCFG_REAL_LOAD_GPA, b->image, b->image_size)) {
        printk(XENLOG_ERR "module %u (%s): real-mode image of %llu bytes does not fit at 0x7c00\n",
               b->index, b->cfg.name, (unsigned long long)b->image_size);
        return -ENOMEM;
    }
    arch_vcpu_set_real_mode_entry(d->vcpu[0], 0, DOMCFG_REAL_LOAD_GPA);
    return 0;
}

static void apply_config(struct domain *d, const struct domain_config *cfg)
{
    u64 online = cpu_online_map();

    d->sched_params.weight = cfg->weight;
    d->sched_params.cap_percent = cfg->cap;
    d->cpu_affinity = (cfg->cpus & online) ? (cfg->cpus & online) : online;
    if (!(cfg->cpus & online))
        printk(XENLOG_WARNING "d%u (%s): cpus= names no online CPU; using all\n",
               d->domain_id, d->name);
}

static int build_domain(const struct dom0less_build *b, struct domain **out)
{
    struct domain *d = domain_create(b->cfg.name, b->cfg.vcpus);
    int rc = -ENOMEM;

    *out = d;
    if (!d)
        return rc;
    apply_config(d, &b->cfg);
    if ((rc = domain_alloc_memory(d, b->cfg.mem)))
        return rc;
    for (unsigned int i = 0; i < b->cfg.vcpus; i++)
        if ((rc = vcpu_create(d, i)))
            return rc;
    return b->cfg.mode == DOMCFG_MODE_REAL ? load_real_mode(d, b) : load_pvh(d, b);
}

static int dom0less_rebuild(const struct domain_build_info *info);

/* Build, record how to rebuild, and start; clean up on failure. */
static int start_domain(struct dom0less_build *b, unsigned int reboots_left)
{
    struct domain *d;
    int rc;

    /* make bench: the guest's first RDTSC minus this is creation latency. */
    printk("module %u (%s): building domain at TSC %llu\n", b->index, b->cfg.name,
           (unsigned long long)arch_bench_cycles());
    rc = build_domain(b, &d);

    if (rc) {
        printk(XENLOG_ERR "module %u (%s): domain not started (error %d)\n", b->index,
               b->cfg.name, rc);
        if (d)
            domain_shutdown(d, SHUTDOWN_crash);
        xfree(b);
        return rc;
    }
    d->build = (struct domain_build_info){
        .image = b->image, .image_size = b->image_size, .module_index = b->index,
        .reboots_left = reboots_left, .config = b, .rebuild = dom0less_rebuild,
    };
    printk("d%u (%s): %llu MiB, %u vCPU%s, weight %u%s from module %u\n", d->domain_id, d->name,
           (unsigned long long)(b->cfg.mem >> 20), b->cfg.vcpus, b->cfg.vcpus == 1 ? "" : "s",
           b->cfg.weight, b->cfg.mode == DOMCFG_MODE_REAL ? ", real mode" : "", b->index);
    domain_unpause(d);
    return 0;
}

static int dom0less_rebuild(const struct domain_build_info *info)
{
    struct dom0less_build *b = info->config;

    printk("%s: rebooting (restart %u of %u)\n", b->cfg.name,
           b->cfg.reboots - info->reboots_left, b->cfg.reboots);
    return start_domain(b, info->reboots_left);
}

static void attach_initrd(struct dom0less_build *b, const struct boot_module *m,
                          const struct domain_config *cfg)
{
    b->initrd = maddr_to_virt(m->start);
    b->initrd_size = m->size;
    strlcpy(b->initrd_cmdline, cfg->cmdline, sizeof(b->initrd_cmdline));
}

unsigned int dom0less_create_domains(const struct bootinfo *bi)
{
    struct dom0less_build *pending = NULL;
    static struct domain_config cfg;
    unsigned int started = 0;

    for (unsigned int i = 0; i <= bi->nr_mods; i++) {
        const struct boot_module *m = i < bi->nr_mods ? &bi->mods[i] : NULL;

        if (m && domcfg_parse(m->cmdline, i, &cfg)) {
            printk(XENLOG_ERR "module %u ('%s'): %s; skipped\n", i, m->cmdline, cfg.error);
            continue;
        }
        if (m && cfg.kind == DOMCFG_INITRD && pending) {
            attach_initrd(pending, m, &cfg);
            continue;
        }
        if (m && cfg.kind == DOMCFG_INITRD)
            printk(XENLOG_ERR "module %u: initrd without a domain before it; skipped\n", i);
        if ((!m || cfg.kind == DOMCFG_DOMAIN) && pending) {
            started += start_domain(pending, pending->cfg.reboots) == 0;
            pending = NULL;
        }
        if (!m || cfg.kind != DOMCFG_DOMAIN)
            continue;
        if (!(pending = xzalloc(struct dom0less_build))) {
            printk(XENLOG_ERR "module %u: out of memory\n", i);
            continue;
        }
        *pending = (struct dom0less_build){ .cfg = cfg, .index = i,
                                            .image = maddr_to_virt(m->start),
                                            .image_size = m->size };
    }
    return started;
}
