/*
 * Host address space: identity mapping (virtual == physical) built with the
 * generic walker (arch/x86/pagetable.c) over pages from the buddy
 * allocator. Data is never executable and code never writable.
 */
#include <asm/mm.h>
#include <asm/processor.h>
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/pagetable.h>
#include <xen/spinlock.h>

#define MSR_PAT 0x277
/* PAT entries 0..7 = WB, WT, UC-, UC, WB, WT, WC, UC: the layout the host
 * page-table format assumes (include/xen/pagetable.h; SDM Vol. 3A §13.12). */
#define PAT_VALUE 0x0001040600070406ULL
#define LOW_MEM_END 0x100000ULL
#define VGA_START 0xa0000ULL
#define VGA_END 0xc0000ULL

extern char __image_start[], __text_end[], __rodata_start[], __rodata_end[], __image_end[];

static struct pt_root host_pt;
/* paging_lock protects host_pt; taken after heap_lock is released. */
static DEFINE_SPINLOCK(paging_lock);
static DEFINE_SPINLOCK(heap_spinlock);
static u64 heap_saved_flags;

void heap_lock(void)
{
    u64 flags;

    __asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    spin_lock(&heap_spinlock);
    heap_saved_flags = flags;
}

void heap_unlock(void)
{
    u64 flags = heap_saved_flags;

    spin_unlock(&heap_spinlock);
    __asm__ __volatile__("pushq %0; popfq" : : "r"(flags) : "memory", "cc");
}

static paddr_t pt_alloc_page(void *ctx)
{
    mfn_t mfn = alloc_mfns(0);

    return mfn == INVALID_MFN ? 0 : mfn_to_maddr(mfn);
}

static void pt_free_page(void *ctx, paddr_t pa)
{
    free_mfns(maddr_to_mfn(pa), 0);
}

static void *pt_phys_to_virt(void *ctx, paddr_t pa)
{
    return maddr_to_virt(pa);
}

/* Table pages from the buddy allocator, reached through the identity map:
 * the host tables and every domain's EPT use these hooks. */
const struct pt_ops pt_ops_heap = {
    .alloc_table_page = pt_alloc_page,
    .free_table_page = pt_free_page,
    .phys_to_virt = pt_phys_to_virt,
};

static void map_or_die(paddr_t start, paddr_t end, unsigned int flags, const char *what)
{
    start = ROUNDDOWN(start, PAGE_SIZE);
    end = ROUNDUP(end, PAGE_SIZE);
    if (end > start && pt_map(&host_pt, start, start, end - start, flags))
        panic("paging: cannot map %s %#llx-%#llx: out of memory for page tables", what,
              (unsigned long long)start, (unsigned long long)end);
}

static void map_image(void)
{
    paddr_t text = (paddr_t)(uintptr_t)__image_start, text_end = (paddr_t)(uintptr_t)__text_end;
    paddr_t ro = (paddr_t)(uintptr_t)__rodata_start, ro_end = (paddr_t)(uintptr_t)__rodata_end;

    map_or_die(text, text_end, PT_READ | PT_EXEC, "hypervisor text");
    /* The generated symbol table sits between .text and .rodata. */
    map_or_die(ROUNDUP(text_end, PAGE_SIZE), ro, PT_READ, "symbol table");
    map_or_die(ro, ro_end, PT_READ, "hypervisor rodata");
    map_or_die(ROUNDUP(ro_end, PAGE_SIZE), (paddr_t)(uintptr_t)__image_end, PT_RW,
               "hypervisor data");
}

static bool is_firmware_or_ram(u32 type)
{
    return type == MEM_RAM || type == MEM_ACPI || type == MEM_NVS;
}

static void load_cr3_and_pat(void)
{
    wrmsr(MSR_PAT, PAT_VALUE);
    write_cr3(host_pt.root_pa);
}

void paging_init(const struct bootinfo *bi)
{
    if (pt_init(&host_pt, &pt_format_x86_64, &pt_ops_heap, NULL,
                cpuid(0x80000001).edx & (1u << 26)))
        panic("paging: no memory for the root page table");
    /* Low 1 MiB: BIOS data, EBDA and ROMs (ACPI RSDP scan, AP trampoline). */
    map_or_die(PAGE_SIZE, VGA_START, PT_RW, "low memory");
    map_or_die(VGA_START, VGA_END, PT_RW | PT_UC, "VGA memory");
    map_or_die(VGA_END, LOW_MEM_END, PT_RW, "BIOS ROM area");
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (is_firmware_or_ram(bi->mem[i].type) && bi->mem[i].start + bi->mem[i].size > LOW_MEM_END)
            map_or_die(MAX(bi->mem[i].start, LOW_MEM_END), bi->mem[i].start + bi->mem[i].size,
                       PT_RW, mem_type_name(bi->mem[i].type));
    map_image();
    load_cr3_and_pat();
    printk("Paging: identity map of RAM, W^X image, PAT programmed; page 0 unmapped\n");
}

void paging_init_cpu(void)
{
    load_cr3_and_pat();
}

static void *ioremap(paddr_t pa, u64 size, unsigned int flags)
{
    paddr_t start = ROUNDDOWN(pa, PAGE_SIZE), end = ROUNDUP(pa + size, PAGE_SIZE);
    paddr_t mapped;
    int rc = 0;

    if (!size || pa + size < pa || !start)
        return NULL;
    if (!host_pt.root_pa)       /* still on the boot tables: first 4 GiB mapped */
        return end <= (1ULL << 32) ? (void *)(uintptr_t)pa : NULL;
    spin_lock(&paging_lock);
    for (paddr_t p = start; p < end && !rc; p += PAGE_SIZE)
        if (pt_translate(&host_pt, p, &mapped, NULL, NULL))
            rc = pt_map(&host_pt, p, p, PAGE_SIZE, flags);
    spin_unlock(&paging_lock);
    /* Only not-present entries were filled in: no stale TLB entry exists. */
    return rc ? NULL : (void *)(uintptr_t)pa;
}

void *ioremap_uc(paddr_t pa, u64 size)
{
    return ioremap(pa, size, PT_RW | PT_UC);
}

void *ioremap_wb(paddr_t pa, u64 size)
{
    return ioremap(pa, size, PT_READ);
}

/* The ACPI parser's window onto firmware tables (include/xen/acpi.h). */
const void *acpi_map(paddr_t pa, size_t len)
{
    return ioremap_wb(pa, len);
}
