/*
 * Local APIC driver: x2APIC or xAPIC mode, per-CPU enable, EOI, IPIs
 * (fixed, NMI, INIT, STARTUP) and the error/spurious interrupts. The
 * timer lives in apic_timer.c, the IOAPICs in ioapic.c. References are to
 * Intel SDM Vol. 3A chapter 11 ("Advanced Programmable Interrupt
 * Controller").
 */
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/spinlock.h>

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1u << 10)       /* x2APIC mode (§11.12.1) */
#define APIC_BASE_EN (1u << 11)
#define APIC_BASE_ADDR_MASK 0xffffff000ULL
#define MSR_X2APIC_FIRST 0x800
#define CPUID1_ECX_X2APIC (1u << 21)
#define APIC_DEFAULT_PHYS 0xfee00000ULL

#define APIC_SVR_ENABLE (1u << 8)

/* ICR fields (§11.6.1, Figure 11-12). */
#define ICR_DM_FIXED (0u << 8)
#define ICR_DM_NMI (4u << 8)
#define ICR_DM_INIT (5u << 8)
#define ICR_DM_STARTUP (6u << 8)
#define ICR_BUSY (1u << 12)             /* xAPIC delivery status */
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_ALLBUTSELF (3u << 18)
/* A busy ICR clears within a few bus cycles; this bounds a dead APIC. */
#define ICR_MAX_POLLS 1000000u

/* At most this many APIC errors are logged; later ones are only counted. */
#define APIC_ERRORS_LOGGED 8

static bool x2apic_opt = true;
boolean_param("x2apic", x2apic_opt);

/* Set by apic_init_bsp() before any AP runs; read-only afterwards. */
static bool x2apic_mode;
static volatile u8 *xapic_mmio;
static bool apic_up;

static unsigned int apic_errors;        /* atomic */
static unsigned int apic_spurious;      /* atomic */

u32 apic_read(unsigned int reg)
{
    if (x2apic_mode)
        return (u32)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
    return *(volatile u32 *)(xapic_mmio + reg);
}

void apic_write(unsigned int reg, u32 v)
{
    if (x2apic_mode)
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
    else
        *(volatile u32 *)(xapic_mmio + reg) = v;
}

bool apic_ready(void)
{
    return apic_up;
}

u32 apic_id(void)
{
    /* xAPIC ids are the top byte of the ID register (§11.4.6). */
    return x2apic_mode ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

/*
 * x2APIC: one 64-bit ICR write, destination in bits 63:32 (§11.12.9).
 * WRMSR to it is not serializing, so fence first: whatever the IPI
 * announces must be visible before it lands. xAPIC: destination register,
 * then the low word, which sends (§11.6.1); interrupts off in between so
 * a handler's IPI can't interleave.
 */
static void apic_icr_write(u32 dest, u32 low)
{
    unsigned long flags;
    unsigned int polls = 0;

    __asm__ __volatile__("mfence" ::: "memory");
    if (x2apic_mode) {
        wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4), ((u64)dest << 32) | low);
        return;
    }
    flags = arch_irq_save();
    while ((apic_read(APIC_ICR) & ICR_BUSY) && ++polls < ICR_MAX_POLLS)
        cpu_relax();
    apic_write(APIC_ICR2, dest << 24);
    apic_write(APIC_ICR, low);
    arch_irq_restore(flags);
}

void apic_send_ipi(u32 dest_apic_id, u8 vector)
{
    apic_icr_write(dest_apic_id, ICR_DM_FIXED | ICR_LEVEL_ASSERT | vector);
}

void apic_send_ipi_allbutself(u8 vector)
{
    apic_icr_write(0, ICR_ALLBUTSELF | ICR_DM_FIXED | ICR_LEVEL_ASSERT | vector);
}

void apic_send_nmi(u32 dest_apic_id)
{
    apic_icr_write(dest_apic_id, ICR_DM_NMI | ICR_LEVEL_ASSERT);
}

void apic_send_nmi_allbutself(void)
{
    apic_icr_write(0, ICR_ALLBUTSELF | ICR_DM_NMI | ICR_LEVEL_ASSERT);
}

/* No INIT level de-assert: not needed since the Pentium 4 and not
 * supported in x2APIC mode (§9.4.4.1, §11.12.9). */
void apic_send_init(u32 dest_apic_id)
{
    apic_icr_write(dest_apic_id, ICR_DM_INIT | ICR_LEVEL_ASSERT);
}

void apic_send_sipi(u32 dest_apic_id, u8 page)
{
    apic_icr_write(dest_apic_id, ICR_DM_STARTUP | page);
}

/* ESR must be written before it is read: the write latches the errors
 * collected since the last write (§11.5.3). */
static void apic_error_interrupt(struct cpu_user_regs *regs)
{
    u32 esr;

    apic_write(APIC_ESR, 0);
    esr = apic_read(APIC_ESR);
    apic_eoi();
    if (__atomic_fetch_add(&apic_errors, 1, __ATOMIC_RELAXED) < APIC_ERRORS_LOGGED)
        printk(XENLOG_WARNING "APIC: error interrupt on APIC ID %u, ESR %#x\n", apic_id(), esr);
}

/* A spurious interrupt gets no EOI (§11.9). */
static void apic_spurious_interrupt(struct cpu_user_regs *regs)
{
    __atomic_fetch_add(&apic_spurious, 1, __ATOMIC_RELAXED);
}

/* LVT entries beyond LINT0/1, error and timer exist only if the version
 * register says so; in x2APIC mode touching a missing one faults. */
static void apic_mask_optional_lvts(void)
{
    unsigned int max_lvt = (apic_read(APIC_LVR) >> 16) & 0xff;

    if (max_lvt >= 4)
        apic_write(APIC_LVT_PMC, APIC_LVT_MASKED);
    if (max_lvt >= 5)
        apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
    if (max_lvt >= 6)
        apic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
}

/* xAPIC -> x2APIC must pass through "enabled, xAPIC" (§11.12.5). */
static void apic_enable_mode(void)
{
    u64 base = rdmsr(MSR_APIC_BASE);

    if (!(base & APIC_BASE_EN))
        wrmsr(MSR_APIC_BASE, base |= APIC_BASE_EN);
    if (x2apic_mode && !(base & APIC_BASE_EXTD))
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
}

void apic_init_cpu(void)
{
    apic_enable_mode();
    this_cpu()->apic_id = apic_id();
    apic_write(APIC_TPR, 0);                /* accept every vector */
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LAPIC_TIMER_VECTOR);
    /* The 8259s are masked and cut off: LINT0 (ExtINT) is not needed.
     * LINT1 carries the platform NMI on PC wiring. */
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, APIC_LVT_DM_NMI);
    apic_mask_optional_lvts();
    apic_write(APIC_ESR, 0);                /* clear stale errors (twice: */
    apic_write(APIC_ESR, 0);                /* latch, then clear) */
    apic_write(APIC_LVT_ERROR, LAPIC_ERROR_VECTOR);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
    apic_eoi();                             /* drop anything in service */
}

/* The xAPIC page: MADT (with its 64-bit override) or the MSR. */
static bool apic_map_xapic(void)
{
    const struct acpi_madt_info *madt = acpi_madt();
    paddr_t pa = madt && madt->lapic_addr ? madt->lapic_addr :
                 (rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR_MASK);

    xapic_mmio = ioremap_uc(pa ? pa : APIC_DEFAULT_PHYS, PAGE_SIZE);
    return xapic_mmio != NULL;
}

void apic_init_bsp(void)
{
    bool has_x2apic = cpuid(1).ecx & CPUID1_ECX_X2APIC;
    /* Firmware that already switched to x2APIC can't go back without
     * disabling the APIC: stay in x2APIC mode then. */
    bool firmware_x2apic = rdmsr(MSR_APIC_BASE) & APIC_BASE_EXTD;

    x2apic_mode = firmware_x2apic || (has_x2apic && x2apic_opt);
    if (!x2apic_mode && !apic_map_xapic())
        panic("APIC: cannot map the local APIC registers");
    set_irq_handler(LAPIC_ERROR_VECTOR, apic_error_interrupt);
    set_irq_handler(SPURIOUS_VECTOR, apic_spurious_interrupt);
    ioapic_init();
    apic_init_cpu();
    apic_up = true;
    printk("APIC: %s mode%s, boot CPU APIC ID %u, version %#x\n",
           x2apic_mode ? "x2APIC" : "xAPIC",
           has_x2apic && !x2apic_mode ? " (x2APIC available, x2apic=0)" : "",
           apic_id(), apic_read(APIC_LVR) & 0xff);
    apic_timer_init_bsp();
}
