/*
 * The boot CPU's path from the 64-bit entry to a running hypervisor:
 * boot information, command line, console, then each subsystem in order.
 */
#include <asm/apic.h>
#include <asm/fpu.h>
#include <asm/mm.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/sched_arch.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <asm/vmx.h>
#include <xen/acpi.h>
#include <xen/arch.h>
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/dom0less.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/multiboot2.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/scheduler.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/string.h>

#define XENOLITH_VERSION "0.1"

extern u64 boot_tsc_entry;
static struct bootinfo bootinfo;

static void print_bootinfo(const struct bootinfo *bi)
{
    printk("Boot loader: %s\n", bi->loader_name[0] ? bi->loader_name : "(unnamed)");
    printk("Command line: %s\n", bi->cmdline);
    printk("Memory map (%s):\n", bi->mem_from_efi ? "EFI" : "multiboot2");
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        printk(" %016llx - %016llx (%s)\n", (unsigned long long)bi->mem[i].start,
               (unsigned long long)(bi->mem[i].start + bi->mem[i].size),
               mem_type_name(bi->mem[i].type));
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        printk("Module %u: %#llx-%#llx '%s'\n", i, (unsigned long long)bi->mods[i].start,
               (unsigned long long)(bi->mods[i].start + bi->mods[i].size), bi->mods[i].cmdline);
    if (bi->fb.present)
        printk("Framebuffer: %ux%ux%u at %#llx, pitch %u, type %u\n", bi->fb.width,
               bi->fb.height, bi->fb.bpp, (unsigned long long)bi->fb.addr, bi->fb.pitch,
               bi->fb.type);
    if (bi->efi_systab)
        printk("Booted via UEFI: EFI system table at %#llx\n",
               (unsigned long long)bi->efi_systab);
}

extern char __image_start[], __image_end[];

static void memory_init(const struct bootinfo *bi)
{
    struct mem_range reserved[1 + BOOTINFO_MAX_MODS];
    unsigned int n = 0;

    reserved[n++] = (struct mem_range){ (paddr_t)(uintptr_t)__image_start,
                                        (paddr_t)(uintptr_t)__image_end };
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        reserved[n++] = (struct mem_range){ bi->mods[i].start,
                                            bi->mods[i].start + bi->mods[i].size };
    if (page_alloc_boot_init(bi, reserved, n))
        panic("Not enough usable RAM for the page allocator: check the memory map above");
    paging_init(bi);
}

/* VT-x on every online CPU; a CPU that cannot is a boot failure. */
static void vmx_init(void)
{
    const char *why;

    if (vmx_probe(&why))
        boot_fail("%s", why);
    fpu_init();
    if (vmx_cpu_up(0, &why))
        boot_fail("CPU0: %s", why);
    smp_cpu_up_others(vmx_cpu_up);     /* a CPU that fails goes offline */
    printk("VMX enabled on %u CPU%s\n", vmx_cpus_enabled(), vmx_cpus_enabled() == 1 ? "" : "s");
}

/*
 * Boot cost accounting: TSC ticks per boot phase, printed with the "ready"
 * line. Under Bochs (clock sync=none) a tick is one instruction, so these
 * figures are exact and repeatable; `make bench` collects them.
 */
static struct { const char *name; u64 ticks; } boot_phases[8];
static unsigned int nr_boot_phases;
static u64 boot_phase_start;

static void boot_phase_end(const char *name)
{
    u64 now = rdtsc();

    if (nr_boot_phases < ARRAY_SIZE(boot_phases))
        boot_phases[nr_boot_phases++] = (typeof(boot_phases[0])){ name, now - boot_phase_start };
    boot_phase_start = now;
}

/* The floor the phases are compared with: one 64-character console line. */
static u64 measure_console_line(void)
{
    u64 t0 = rdtsc();

    printk("Boot cost: calibrating one console line ..........................\n");
    return rdtsc() - t0;
}

static void print_boot_cost(void)
{
    char line[256];
    int n = 0;
    u64 floor = measure_console_line();

    for (unsigned int i = 0; i < nr_boot_phases && n < (int)sizeof(line); i++)
        n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%s %llu", i ? ", " : "",
                      boot_phases[i].name, (unsigned long long)boot_phases[i].ticks);
    printk("Boot cost (TSC ticks): %s; one console line %llu\n", line,
           (unsigned long long)floor);
}

/* Build the boot-module domains and become a scheduling CPU, as every
 * AP does too; when the last domain is gone, on_last_domain= applies. */
static void __noreturn start_domains(void)
{
    if (sched_init(64 - (unsigned int)__builtin_clzll(cpu_online_map())))
        panic("Scheduler: cannot set up run queues");
    sched_arch_init();
    shutdown_note_free_pages();
    dom0less_create_domains(&bootinfo);
    domains_boot_done();
    sched_arch_start_aps();
    keyhandler_init();
    schedule_loop();
}

void __start_xen(u32 magic, u32 mbi_pa);

void __start_xen(u32 magic, u32 mbi_pa)
{
    int rc = -1;

    boot_phase_start = boot_tsc_entry;
    percpu_init_bsp();
    if (magic == MB2_BOOTLOADER_MAGIC)
        rc = mb2_parse((const void *)(uintptr_t)mbi_pa, MB2_MAX_TOTAL_SIZE, &bootinfo);
    cmdline_parse(bootinfo.cmdline);
    console_init();
    traps_init_bsp();
    printk("Xenolith " XENOLITH_VERSION " hypervisor (Xen ABI compatible)\n");
    if (magic != MB2_BOOTLOADER_MAGIC)
        panic("Not started by a multiboot2 loader (magic %#x): boot Xenolith with GRUB's multiboot2 command", magic);
    if (rc)
        panic("Multiboot2 boot information at %#x is malformed (error %d)", mbi_pa, rc);
    print_bootinfo(&bootinfo);
    boot_phase_end("console");
    memory_init(&bootinfo);
    boot_phase_end("memory");
    if (acpi_init(&bootinfo))
        printk(XENLOG_WARNING "ACPI: no usable tables; running on the boot CPU only, no ACPI power-off\n");
    boot_phase_end("acpi");
    /* Test hook; after ACPI so that panic=poweroff can power off. */
    selftest_fault_run();
    time_init();
    apic_init_bsp();
    boot_phase_end("time+apic");
    smp_boot_cpus(&bootinfo);
    boot_phase_end("smp");
    vmx_init();
    boot_phase_end("vmx");

    printk("Xenolith ready: boot took %llu TSC ticks from entry\n",
           (unsigned long long)(rdtsc() - boot_tsc_entry));
    print_boot_cost();
    console_start_async();              /* timers run: stop spinning on the UART */
    start_domains();
}
