/*
 * machine_power_off() and machine_restart(): the order in which the x86
 * power-off and reset mechanisms are tried, and the port writes themselves.
 * What the firmware says (PM1 ports, SLP_TYP, reset register) comes from
 * drivers/acpi/, where it is parsed and unit-tested.
 */
#include <asm/io.h>
#include <xen/acpi.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/power.h>

/* Port 0x80 (POST codes): a write does nothing and takes about 1 us. */
#define PORT_DELAY 0x80

/*
 * PIIX/ICH Reset Control Register: SYS_RST selects a full reset, RST_CPU
 * going 0 -> 1 performs it; hence two writes.
 */
#define PORT_RST_CNT 0xcf9
#define RST_CNT_SYS_RST 0x02
#define RST_CNT_RST_CPU 0x04

/* 8042 keyboard controller: command 0xFE pulses the CPU reset line. */
#define KBC_STATUS 0x64
#define KBC_CMD 0x64
#define KBC_STATUS_IBF 0x02     /* input buffer full: not ready for a command */
#define KBC_CMD_PULSE_RESET 0xfe
#define KBC_WAIT_US 100000

/* PCI configuration mechanism #1, for a reset register in PCI config space. */
#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc
#define PCI_CONF_ENABLE 0x80000000U

/*
 * How long to wait for one mechanism to act before trying the next. Real
 * chipsets act within microseconds; an emulator on a busy host (QEMU under
 * load) has been seen to take longer than 100 ms.
 */
#define POWER_SETTLE_US 1000000

static void power_delay_us(unsigned int us)
{
    while (us--)
        outb(PORT_DELAY, 0);
}

/*
 * The only inline asm here: interrupts off and a halt loop, plus the triple
 * fault below. Nothing else may run once we have started turning off.
 */
static inline void power_irq_disable(void)
{
    __asm__ __volatile__("cli" ::: "memory");
}

static void __noreturn power_halt(void)
{
    for (;;)
        __asm__ __volatile__("cli; hlt" ::: "memory");
}

/*
 * Write SLP_TYP first, then SLP_EN, to each PM1 control block, as ACPI
 * OSes do: some chipsets act on SLP_EN only once SLP_TYP is already set.
 */
static void power_pm1_s5(const struct acpi_fadt_info *f)
{
    u16 a = acpi_pm1_sleep_value(inw(f->pm1a_cnt), f->slp_typ_a);
    u16 b = f->pm1b_cnt ? acpi_pm1_sleep_value(inw(f->pm1b_cnt), f->slp_typ_b) : 0;

    outw(f->pm1a_cnt, a & ~ACPI_PM1_SLP_EN);
    if (f->pm1b_cnt)
        outw(f->pm1b_cnt, b & ~ACPI_PM1_SLP_EN);
    outw(f->pm1a_cnt, a);
    if (f->pm1b_cnt)
        outw(f->pm1b_cnt, b);
}

void machine_power_off(void)
{
    const struct acpi_fadt_info *f = acpi_fadt();

    power_irq_disable();
    if (f && f->pm1a_cnt) {
        printk("Powering off (ACPI S5, PM1a_CNT 0x%x, SLP_TYP %u)\n",
               f->pm1a_cnt, f->slp_typ_a);
        console_flush();
        power_pm1_s5(f);
        power_delay_us(POWER_SETTLE_US);
        printk(XENLOG_ERR "ACPI S5 power-off did not take effect; halting. You can turn the machine off now.\n");
    } else {
        printk(XENLOG_ERR "No ACPI power-off (no usable FADT); halting. You can turn the machine off now.\n");
    }
    console_flush();
    power_halt();
}

/* Bus 0 device/function/offset as encoded in a PCI-config-space GAS. */
static void power_pci_conf_writeb(u64 gas_addr, u8 v)
{
    u32 dev = (gas_addr >> 32) & 0x1f, fn = (gas_addr >> 16) & 0x7;
    u32 off = gas_addr & 0xff;

    outl(PCI_CONF_ADDR, PCI_CONF_ENABLE | dev << 11 | fn << 8 | (off & ~3U));
    outb(PCI_CONF_DATA + (off & 3), v);
}

static bool power_has_reset_reg(void)
{
    const struct acpi_fadt_info *f = acpi_fadt();

    return f && f->has_reset;
}

/* The FADT reset register is 8 bits wide by definition (ACPI 5.2.9). */
static void power_reset_reg(void)
{
    const struct acpi_fadt_info *f = acpi_fadt();

    if (f->reset_reg.space_id == ACPI_GAS_IO)
        outb(f->reset_reg.address, f->reset_value);
    else if (f->reset_reg.space_id == ACPI_GAS_MEMORY)
        /* Identity-mapped: a physical address is a valid pointer. */
        *(volatile u8 *)(unsigned long)f->reset_reg.address = f->reset_value;
    else
        power_pci_conf_writeb(f->reset_reg.address, f->reset_value);
}

static void power_reset_cf9(void)
{
    outb(PORT_RST_CNT, RST_CNT_SYS_RST);
    power_delay_us(10);
    outb(PORT_RST_CNT, RST_CNT_SYS_RST | RST_CNT_RST_CPU);
}

static void power_reset_kbc(void)
{
    for (unsigned int us = 0; us < KBC_WAIT_US; us++) {
        if (!(inb(KBC_STATUS) & KBC_STATUS_IBF))
            break;
        power_delay_us(1);
    }
    outb(KBC_CMD, KBC_CMD_PULSE_RESET);
}

/* Mechanisms in order of preference; usable == NULL means always try it. */
static const struct power_reset_method {
    const char *name;
    bool (*usable)(void);
    void (*reset)(void);
} power_reset_methods[] = {
    { "ACPI reset register", power_has_reset_reg, power_reset_reg },
    { "port 0xcf9", NULL, power_reset_cf9 },
    { "keyboard controller", NULL, power_reset_kbc },
};

/* An empty IDT turns the next exception into a triple fault, i.e. reset. */
static void __noreturn power_triple_fault(void)
{
    static const struct {
        u16 limit;
        u64 base;
    } __packed null_idt = { 0, 0 };

    __asm__ __volatile__("lidt %0; int3" : : "m"(null_idt) : "memory");
    power_halt();
}

void machine_restart(void)
{
    power_irq_disable();
    for (unsigned int i = 0; i < ARRAY_SIZE(power_reset_methods); i++) {
        const struct power_reset_method *m = &power_reset_methods[i];

        if (m->usable && !m->usable())
            continue;
        printk("Restarting via %s\n", m->name);
        console_flush();
        m->reset();
        power_delay_us(POWER_SETTLE_US);
    }
    printk(XENLOG_ERR "Restart: every reset mechanism failed, forcing a triple fault\n");
    console_flush();
    power_triple_fault();
}
