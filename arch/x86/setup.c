/*
 * The boot CPU's path from the 64-bit entry to a running hypervisor:
 * boot information, command line, console, then each subsystem in order.
 */
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/multiboot2.h>
#include <xen/param.h>
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

void __start_xen(u32 magic, u32 mbi_pa);

void __start_xen(u32 magic, u32 mbi_pa)
{
    int rc = -1;

    percpu_init_bsp();
    if (magic == MB2_BOOTLOADER_MAGIC)
        rc = mb2_parse((const void *)(uintptr_t)mbi_pa, MB2_MAX_TOTAL_SIZE, &bootinfo);
    cmdline_parse(bootinfo.cmdline);
    console_init();
    traps_init_bsp();
    selftest_fault_run();
    printk("Xenolith " XENOLITH_VERSION " hypervisor (Xen ABI compatible), built " __DATE__ " " __TIME__ "\n");
    if (magic != MB2_BOOTLOADER_MAGIC)
        panic("Not started by a multiboot2 loader (magic %#x): boot Xenolith with GRUB's multiboot2 command", magic);
    if (rc)
        panic("Multiboot2 boot information at %#x is malformed (error %d)", mbi_pa, rc);
    print_bootinfo(&bootinfo);

    printk("Xenolith ready: boot took %llu TSC ticks from entry\n",
           (unsigned long long)(rdtsc() - boot_tsc_entry));
    console_flush();
    arch_halt_forever();
}
