/*
 * Secondary CPU bring-up: the real-mode trampoline page, INIT-SIPI-SIPI
 * for each enabled MADT CPU (Intel SDM Vol. 3A §9.4.4, "MP
 * Initialization Example"), a bounded wait for each, and the AP's own C
 * entry start_secondary(), which ends in the idle loop.
 */
#include <asm/apic.h>
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/sched_arch.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

/* From INIT to "online": AP start-up takes well under a millisecond of
 * instructions; 100 ms is also ~400k instructions of Bochs time. */
#define AP_START_TIMEOUT MILLISECS(100)
#define INIT_DELAY_US 10000             /* §9.4.4.1: 10 ms after INIT */
#define SIPI_DELAY_US 200               /* 200 us after each SIPI */
/* The trampoline page: conventional memory, below the EBDA. */
#define TRAMP_MIN 0x1000ULL
#define TRAMP_MAX 0x9f000ULL

static unsigned int maxcpus = NR_CPUS;
integer_param("maxcpus", maxcpus);
static bool nosmp;
boolean_param("nosmp", nosmp);
/*
 * Test hook: no STARTUP IPI goes to this APIC id, so the test suite can
 * exercise the "did not start" path (the CPU stays in wait-for-SIPI).
 */
static u32 smp_test_skip_apic = ~0u;
integer_param("smp_test_skip_apic", smp_test_skip_apic);

/* Trampoline symbols (trampoline.S) and the boot GDT pointer (head.S). */
extern char trampoline_start[], trampoline_end[], trampoline_32[];
extern char tramp_gdtr[], tramp_far32[], tramp_efer[];
extern const struct desc_ptr boot_gdt_ptr;

/*
 * Hand-over to the AP being started, written by the BSP before its SIPI.
 * ap_boot_cr3/ap_boot_stack are read by ap_entry64 (trampoline.S).
 */
u64 ap_boot_cr3;
u64 ap_boot_stack;
static struct percpu *ap_boot_percpu;

/* How far the AP being started got; it writes, the BSP polls. */
enum ap_stage { AP_SILENT, AP_ALIVE, AP_READY };
static unsigned int ap_stage;

void start_secondary(void) __noreturn;

/* Interrupt handlers run out of hlt; sti's one-instruction shadow keeps
 * an interrupt from slipping in between sti and hlt. */
static void __noreturn smp_idle(void)
{
    for (;;) {
        if (sched_arch_started())
            schedule_loop();
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
}

/* The AP's first C code: paging attributes, per-CPU area, descriptors,
 * APIC and timer, then it reports in and idles. */
void start_secondary(void)
{
    struct percpu *p = READ_ONCE(ap_boot_percpu);

    paging_init_cpu();                  /* CR3 is set already; this adds PAT */
    /* GS.base first: desc_init_cpu() keeps it across its segment loads,
     * and any exception from here on can name the CPU. */
    percpu_install(p);
    desc_init_cpu(p->desc, p->stack_top);
    idt_load();
    __atomic_store_n(&ap_stage, AP_ALIVE, __ATOMIC_RELEASE);
    apic_init_cpu();
    apic_timer_init_cpu();
    time_init_cpu();
    __atomic_store_n(&ap_stage, AP_READY, __ATOMIC_RELEASE);
    smp_idle();
}

/* Smallest page-allocator order holding bytes. */
static unsigned int smp_order_for(size_t bytes)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/* Per-CPU area, primary stack and descriptor tables for a new CPU. */
static struct percpu *smp_alloc_cpu(unsigned int cpu, u32 apic)
{
    struct percpu *p = xzalloc(struct percpu);
    u8 *stack = alloc_xenheap_pages(smp_order_for(CPU_STACK_SIZE));
    struct arch_descriptors *d = alloc_xenheap_pages(smp_order_for(sizeof(*d)));

    if (!p || !stack || !d) {
        xfree(p);
        free_xenheap_pages(stack, smp_order_for(CPU_STACK_SIZE));
        free_xenheap_pages(d, smp_order_for(sizeof(*d)));
        return NULL;
    }
    p->cpu_id = cpu;
    p->apic_id = apic;
    p->stack_top = stack + CPU_STACK_SIZE;
    p->desc = d;
    return p;
}

/* Any RAM page in conventional memory will do: the page allocator
 * reserves the whole first MiB, so nobody else uses it. */
static paddr_t smp_find_trampoline_page(const struct bootinfo *bi)
{
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_region *m = &bi->mem[i];
        paddr_t start = ROUNDUP(MAX(m->start, TRAMP_MIN), PAGE_SIZE);
        paddr_t end = ROUNDDOWN(MIN(m->start + m->size, TRAMP_MAX), PAGE_SIZE);

        if (m->type == MEM_RAM && start + PAGE_SIZE <= end)
            return start;
    }
    return 0;
}

/* Copy the trampoline and fill in what only run time knows. */
static void smp_setup_trampoline(paddr_t pa)
{
    u8 *page = maddr_to_virt(pa);
    struct { u16 limit; u32 base; } __packed gdtr = {
        boot_gdt_ptr.limit, (u32)boot_gdt_ptr.base,
    };
    /* Real mode can only reach the page itself, so every absolute address
     * the trampoline needs is stored inside it. */
    u32 far32 = (u32)pa + (u32)(trampoline_32 - trampoline_start);
    u32 efer = (u32)rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE);

    memcpy(page, trampoline_start, (size_t)(trampoline_end - trampoline_start));
    memcpy(page + (tramp_gdtr - trampoline_start), &gdtr, sizeof(gdtr));
    memcpy(page + (tramp_far32 - trampoline_start), &far32, sizeof(far32));
    memcpy(page + (tramp_efer - trampoline_start), &efer, sizeof(efer));
    /* The AP switches from the boot tables to ours in ap_entry64. */
    ap_boot_cr3 = read_cr3();
}

/* INIT, 10 ms, SIPI, 200 us, SIPI (the second only if the first was
 * missed), as in the SDM's MP initialization example (§9.4.4.1). */
static void smp_kick_ap(u32 apic, paddr_t tramp)
{
    apic_send_init(apic);
    udelay(INIT_DELAY_US);
    if (apic == smp_test_skip_apic)
        return;
    for (unsigned int i = 0; i < 2; i++) {
        apic_send_sipi(apic, (u8)(tramp >> PAGE_SHIFT));
        udelay(SIPI_DELAY_US);
        if (__atomic_load_n(&ap_stage, __ATOMIC_ACQUIRE) != AP_SILENT)
            break;
    }
}

static unsigned int smp_wait_ap(void)
{
    s_time_t deadline = NOW() + AP_START_TIMEOUT;
    unsigned int stage;

    while ((stage = __atomic_load_n(&ap_stage, __ATOMIC_ACQUIRE)) != AP_READY &&
           NOW() < deadline)
        cpu_relax();
    return stage;
}

/*
 * A CPU that did not make it is put back into wait-for-SIPI with an INIT,
 * so it can't wake up later on a stack that is handed to the next CPU.
 * Its memory is not freed: it may have been using it when reset.
 */
static int smp_start_ap(unsigned int cpu, u32 apic, paddr_t tramp)
{
    struct percpu *p = smp_alloc_cpu(cpu, apic);
    unsigned int stage;

    if (!p) {
        printk(XENLOG_WARNING "SMP: no memory for CPU with APIC ID %u; skipped\n", apic);
        return -ENOMEM;
    }
    ap_boot_percpu = p;
    ap_boot_stack = (u64)p->stack_top;
    __atomic_store_n(&ap_stage, AP_SILENT, __ATOMIC_RELEASE);
    smp_kick_ap(apic, tramp);
    stage = smp_wait_ap();
    if (stage != AP_READY) {
        apic_send_init(apic);
        if (stage == AP_SILENT)
            printk(XENLOG_WARNING "SMP: CPU with APIC ID %u did not start; skipped\n", apic);
        else
            printk(XENLOG_WARNING "SMP: CPU with APIC ID %u started but did not finish its set-up within 100 ms; skipped\n",
                   apic);
        return -ETIMEDOUT;
    }
    if (percpu_register(p))
        panic("SMP: CPU%u registered twice", cpu);
    smp_set_online(cpu, true);
    printk("SMP: CPU%u is up (APIC ID %u)\n", cpu, apic);
    return 0;
}

/* How many CPUs may be online in all, the boot CPU included. */
static unsigned int smp_cpu_limit(void)
{
    if (nosmp)
        return 1;
    return maxcpus ? MIN(maxcpus, (unsigned int)NR_CPUS) : 1;
}

/* Start the MADT's CPUs in table order (firmware lists the BSP first). */
static void smp_start_all(const struct acpi_madt_info *madt, paddr_t tramp)
{
    unsigned int limit = smp_cpu_limit(), next = 1, not_started = 0;
    u32 self = apic_id();

    /* One AP at a time: they share the hand-over variables above, and a
     * serial start keeps logical CPU numbers in MADT order. */
    for (unsigned int i = 0; i < madt->nr_cpus; i++) {
        u32 apic = madt->cpus[i].apic_id;

        if (apic == self)
            continue;
        if (next >= limit) {
            not_started++;
            continue;
        }
        if (!smp_start_ap(next, apic, tramp))
            next++;
    }
    if (not_started)
        printk("SMP: %u more CPU%s not started (%s)\n", not_started,
               not_started == 1 ? "" : "s", nosmp ? "nosmp" : "maxcpus/NR_CPUS limit");
}

void smp_boot_cpus(const struct bootinfo *bi)
{
    const struct acpi_madt_info *madt = acpi_madt();
    unsigned int n;
    paddr_t tramp = 0;

    smp_call_init();
    if (!madt)
        printk(XENLOG_WARNING "SMP: no ACPI MADT; only the boot CPU runs\n");
    else if (madt->nr_cpus > 1 && smp_cpu_limit() == 1)
        printk("SMP: %u more CPU%s not started (%s)\n", madt->nr_cpus - 1,
               madt->nr_cpus == 2 ? "" : "s", nosmp ? "nosmp" : "maxcpus=1");
    else if (madt->nr_cpus > 1 && !(tramp = smp_find_trampoline_page(bi)))
        printk(XENLOG_WARNING "SMP: no free RAM page below 636 KiB for the start-up code; only the boot CPU runs\n");
    else if (madt->nr_cpus > 1) {
        smp_setup_trampoline(tramp);
        smp_start_all(madt, tramp);
    }
    n = num_online_cpus();
    printk("SMP: %u CPU%s online\n", n, n == 1 ? "" : "s");
    smp_check_timers();
    smp_check_cross_call();
}
