/*
 * FADT ("FACP") parsing: the fixed-hardware power-management ports, the
 * reset register, the SCI and the DSDT address (ACPI 6.5 section 5.2.9),
 * plus the PM1 control value that enters a sleep state. Revision 1 FADTs
 * (116 bytes) stop before every 64-bit field, so each one is read only if
 * the table is long enough to hold it.
 */
#include <xen/acpi.h>
#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

#define IO_PORT_MAX 0xffff

/*
 * An I/O port block: the 64-bit X_ field if the table has it and it names
 * an I/O-space address, else the 32-bit legacy field. The legacy field is
 * always I/O space; an X_ block in memory space is fine for ACPI but not
 * for our port I/O, so we fall back to the legacy one.
 */
static u16 fadt_port(u32 legacy, const struct acpi_gas *x, const char *name)
{
    if (x && x->address) {
        if (x->space_id == ACPI_GAS_IO && x->address <= IO_PORT_MAX)
            return x->address;
        printk(XENLOG_WARNING "ACPI: FADT: X_%s space %u address 0x%lx not an I/O port, using the legacy field\n",
               name, x->space_id, x->address);
    }
    if (legacy > IO_PORT_MAX) {
        printk(XENLOG_WARNING "ACPI: FADT: %s 0x%x is not an I/O port, ignored\n",
               name, legacy);
        return 0;
    }
    return legacy;
}

/* Unpack a GAS so that users need not know the packed layout. */
static struct acpi_gas_info fadt_gas(const struct acpi_gas *g)
{
    return (struct acpi_gas_info){
        .space_id = g->space_id, .bit_width = g->bit_width,
        .bit_offset = g->bit_offset, .access_size = g->access_size,
        .address = g->address };
}

/*
 * The reset register exists from ACPI 2.0 on, and only if flagged: older
 * or unflagged tables may hold garbage there. Only the three address
 * spaces the specification allows for it are accepted.
 */
static void fadt_reset(const struct acpi_fadt *f, struct acpi_fadt_info *out)
{
    u8 space;

    if (!(out->flags & ACPI_FADT_RESET_REG_SUP) ||
        !ACPI_FADT_HAS(f->hdr.length, reset_value) || !f->reset_reg.address)
        return;
    space = f->reset_reg.space_id;
    if (space != ACPI_GAS_MEMORY && space != ACPI_GAS_IO &&
        space != ACPI_GAS_PCI_CONFIG) {
        printk(XENLOG_WARNING "ACPI: FADT: reset register in address space %u, ignored\n",
               space);
        return;
    }
    out->has_reset = true;
    out->reset_reg = fadt_gas(&f->reset_reg);
    out->reset_value = f->reset_value;
}

/* Address of an X_ field, or NULL when the table is too short to have it. */
#define FADT_X(f, field) \
    (ACPI_FADT_HAS((f)->hdr.length, field) ? &(f)->field : NULL)

/*
 * Every field up to flags exists in all revisions (116 bytes); later ones
 * go through ACPI_FADT_HAS/FADT_X. The revision number is not trusted for
 * this: firmware is known to claim a revision whose fields it lacks.
 */
int acpi_fadt_parse(const struct acpi_table_header *h,
                    struct acpi_fadt_info *out)
{
    const struct acpi_fadt *f = (const void *)h;

    memset(out, 0, sizeof(*out));
    if (h->length < ACPI_FADT_V1_LEN) {
        printk(XENLOG_WARNING "ACPI: FADT: length %u too short (need %u), skipped\n",
               h->length, ACPI_FADT_V1_LEN);
        return -EINVAL;
    }
    out->revision = h->revision;
    out->flags = f->flags;
    out->iapc_boot_arch = f->iapc_boot_arch;
    out->sci_irq = f->sci_int;
    out->century = f->century;
    out->dsdt = f->dsdt;
    if (ACPI_FADT_HAS(h->length, x_dsdt) && f->x_dsdt)
        out->dsdt = f->x_dsdt;
    out->pm1a_cnt = fadt_port(f->pm1a_cnt_blk, FADT_X(f, x_pm1a_cnt_blk),
                              "PM1a_CNT_BLK");
    out->pm1b_cnt = fadt_port(f->pm1b_cnt_blk, FADT_X(f, x_pm1b_cnt_blk),
                              "PM1b_CNT_BLK");
    out->pm_tmr = fadt_port(f->pm_tmr_blk, FADT_X(f, x_pm_tmr_blk),
                            "PM_TMR_BLK");
    fadt_reset(f, out);
    return 0;
}

/* Read-modify-write: SCI_EN and the other PM1_CNT bits must survive. */
u16 acpi_pm1_sleep_value(u16 cur, u8 slp_typ)
{
    u16 v = cur & ~(ACPI_PM1_SLP_TYP_MASK | ACPI_PM1_SLP_EN);

    return v | ((slp_typ << ACPI_PM1_SLP_TYP_SHIFT) & ACPI_PM1_SLP_TYP_MASK) |
           ACPI_PM1_SLP_EN;
}
