/*
 * Legacy and I/O interrupt controllers, silenced at boot: the 8259 PICs
 * are masked and every IOAPIC redirection entry is masked, so no device
 * interrupt reaches the hypervisor until something routes it on purpose.
 * IOAPIC register layout: Intel 82093AA datasheet §3.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/mm.h>
#include <xen/acpi.h>
#include <xen/lib.h>

#define PIC_MASTER_IMR 0x21
#define PIC_SLAVE_IMR 0xa1

/* Indirect access: select a register in IOREGSEL, move data via IOWIN. */
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VER 0x01             /* 7:0 version, 23:16 max entry */
#define IOAPIC_REG_REDTBL(n) (0x10 + 2 * (n))   /* low dword; high follows */
#define IOAPIC_RTE_MASKED (1u << 16)
#define IOAPIC_WINDOW_SIZE 0x20

static u32 ioapic_read(volatile u8 *base, u8 reg)
{
    *(volatile u32 *)(base + IOAPIC_REGSEL) = reg;
    return *(volatile u32 *)(base + IOAPIC_WIN);
}

static void ioapic_write(volatile u8 *base, u8 reg, u32 v)
{
    *(volatile u32 *)(base + IOAPIC_REGSEL) = reg;
    *(volatile u32 *)(base + IOAPIC_WIN) = v;
}

/* Masked first, then the destination cleared: never an unmasked entry
 * with a half-written route. */
static void ioapic_mask_one(const struct acpi_ioapic *io, unsigned int idx)
{
    volatile u8 *base = ioremap_uc(io->addr, IOAPIC_WINDOW_SIZE);
    u32 ver;
    unsigned int pins;

    if (!base) {
        printk(XENLOG_WARNING "IOAPIC %u: cannot map registers at %#x; its inputs stay as firmware left them\n",
               idx, io->addr);
        return;
    }
    ver = ioapic_read(base, IOAPIC_REG_VER);
    pins = ((ver >> 16) & 0xff) + 1;
    for (unsigned int pin = 0; pin < pins; pin++) {
        ioapic_write(base, IOAPIC_REG_REDTBL(pin), IOAPIC_RTE_MASKED);
        ioapic_write(base, IOAPIC_REG_REDTBL(pin) + 1, 0);
    }
    printk("IOAPIC %u: id %u at %#x, version %#x, %u pins (GSI %u-%u): masked and ready\n",
           idx, (ioapic_read(base, IOAPIC_REG_ID) >> 24) & 0xf, io->addr, ver & 0xff, pins,
           io->gsi_base, io->gsi_base + pins - 1);
}

void ioapic_init(void)
{
    const struct acpi_madt_info *madt = acpi_madt();

    /* Without a MADT assume a PC; with one, trust its PC-AT flag. */
    if (!madt || madt->pcat_compat) {
        outb(PIC_MASTER_IMR, 0xff);
        outb(PIC_SLAVE_IMR, 0xff);
        printk("PIC: 8259 interrupt controllers masked\n");
    }
    if (!madt || !madt->nr_ioapics) {
        printk(XENLOG_WARNING "IOAPIC: none described by ACPI; device interrupts unavailable\n");
        return;
    }
    for (unsigned int i = 0; i < madt->nr_ioapics && i < ACPI_MAX_IOAPICS; i++)
        ioapic_mask_one(&madt->ioapics[i], i);
}
