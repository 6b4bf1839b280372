/*
 * acpi_init(): runs the table discovery, then the MADT, FADT (+ \_S5_) and
 * HPET parsers, logs a summary per table and keeps the results for the
 * acpi_madt()/acpi_fadt()/acpi_hpet() accessors. Also parses the HPET
 * table itself, which is too small to deserve a file.
 */
#include <xen/acpi.h>
#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* Written on the boot CPU by acpi_init() only; read-only afterwards. */
static struct acpi_madt_info madt_info;
static struct acpi_fadt_info fadt_info;
static struct acpi_hpet_info hpet_info;
static bool have_madt, have_fadt, have_hpet;

/*
 * The HPET must be memory-mapped (HPET spec 1.0a 3.2.4); a base of 0 is
 * what some firmware leaves when the HPET is disabled in setup.
 */
int acpi_hpet_parse(const struct acpi_table_header *h,
                    struct acpi_hpet_info *out)
{
    const struct acpi_hpet *t = (const void *)h;

    memset(out, 0, sizeof(*out));
    if (h->length < sizeof(*t)) {
        printk(XENLOG_WARNING "ACPI: HPET: length %u too short (need %u), skipped\n",
               h->length, (unsigned int)sizeof(*t));
        return -EINVAL;
    }
    if (t->base.space_id != ACPI_GAS_MEMORY || !t->base.address) {
        printk(XENLOG_WARNING "ACPI: HPET: base 0x%lx in address space %u unusable, skipped\n",
               t->base.address, t->base.space_id);
        return -EINVAL;
    }
    out->address = t->base.address;
    out->block_id = t->block_id;
    /* Bits 12:8 hold the index of the last comparator (HPET spec 2.3.4). */
    out->nr_comparators = ((t->block_id >> 8) & 0x1f) + 1;
    out->legacy_capable = t->block_id & (1U << 15);
    out->vendor_id = t->block_id >> 16;
    out->hpet_number = t->hpet_number;
    out->min_tick = t->min_tick;
    return 0;
}

/*
 * The first valid table sig, or NULL after saying what is missing and what
 * that costs. Mapping again re-validates; that is cheap and keeps the
 * directory free of pointers.
 */
static const struct acpi_table_header *acpi_get(const char *sig,
                                                const char *missing)
{
    paddr_t pa = acpi_find_table(sig, 0);

    if (!pa) {
        printk(XENLOG_WARNING "ACPI: no %s table, %s\n", sig, missing);
        return NULL;
    }
    return acpi_table_map(pa, sig);
}

/* No MADT: the SMP code sees acpi_madt() == NULL and runs on the BSP. */
static void acpi_init_madt(void)
{
    const struct acpi_table_header *h =
        acpi_get("APIC", "assuming a single CPU");

    if (!h || acpi_madt_parse(h, &madt_info))
        return;
    have_madt = true;
    /* Boot tests grep for "MADT:"; keep these lines' shape. */
    printk("ACPI: MADT: %u CPUs (%u disabled), %u IOAPICs, lapic at 0x%lx\n",
           madt_info.nr_cpus, madt_info.nr_disabled, madt_info.nr_ioapics,
           madt_info.lapic_addr);
    printk("ACPI: MADT: %u IRQ overrides, %u NMI entries, %s\n",
           madt_info.nr_overrides, madt_info.nr_nmis,
           madt_info.pcat_compat ? "8259 PICs present" : "no 8259 PICs");
}

/*
 * \_S5_ from the DSDT. The DSDT is not listed in the root table; only the
 * FADT points at it. QEMU and Bochs both use SLP_TYP 0, the fallback, so a
 * missing or unreadable \_S5_ still powers those off.
 */
static void acpi_init_s5(struct acpi_fadt_info *f)
{
    const struct acpi_table_header *h = NULL;
    int rc = -ENOENT;

    if (f->dsdt)
        h = acpi_table_map(f->dsdt, "DSDT");
    if (h) {
        printk("ACPI: DSDT 0x%lx len %u rev %u\n", f->dsdt, h->length,
               h->revision);
        rc = acpi_aml_find_s5((const u8 *)(h + 1), h->length - sizeof(*h),
                              &f->slp_typ_a, &f->slp_typ_b);
    }
    if (rc) {
        printk(XENLOG_WARNING "ACPI: no usable \\_S5_ in the DSDT, assuming SLP_TYP 0 for power-off\n");
        f->slp_typ_a = f->slp_typ_b = 0;
        return;
    }
    f->s5_found = true;
}

/* Short address-space names for the FADT summary line. */
static const char *acpi_gas_space_name(u8 space)
{
    static const char *const names[] = {
        [ACPI_GAS_MEMORY] = "mem", [ACPI_GAS_IO] = "io",
        [ACPI_GAS_PCI_CONFIG] = "pcicfg" };

    return space < ARRAY_SIZE(names) ? names[space] : "?";
}

/*
 * No FADT: acpi_fadt() == NULL, so machine_power_off() halts instead and
 * machine_restart() skips straight to the legacy reset ports.
 */
static void acpi_init_fadt(void)
{
    const struct acpi_table_header *h =
        acpi_get("FACP", "no ACPI power-off or reset register");
    const struct acpi_fadt_info *f = &fadt_info;

    if (!h || acpi_fadt_parse(h, &fadt_info))
        return;
    acpi_init_s5(&fadt_info);
    have_fadt = true;
    if (f->has_reset)
        printk("ACPI: FADT: PM1a_CNT 0x%x, PM1b_CNT 0x%x, reset reg %s 0x%lx value 0x%x, SCI %u\n",
               f->pm1a_cnt, f->pm1b_cnt, acpi_gas_space_name(f->reset_reg.space_id),
               f->reset_reg.address, f->reset_value, f->sci_irq);
    else
        printk("ACPI: FADT: PM1a_CNT 0x%x, PM1b_CNT 0x%x, reset reg none, SCI %u\n",
               f->pm1a_cnt, f->pm1b_cnt, f->sci_irq);
    printk("ACPI: FADT: rev %u, S5 SLP_TYP %u/%u%s, PM timer 0x%x, century %u, boot flags 0x%x\n",
           f->revision, f->slp_typ_a, f->slp_typ_b,
           f->s5_found ? "" : " (default)", f->pm_tmr, f->century,
           f->iapc_boot_arch);
}

static void acpi_init_hpet(void)
{
    paddr_t pa = acpi_find_table("HPET", 0);
    const struct acpi_table_header *h;

    /* Not a warning: the PIT and LAPIC timer do without. */
    if (!pa) {
        printk("ACPI: no HPET table\n");
        return;
    }
    h = acpi_table_map(pa, "HPET");
    if (!h || acpi_hpet_parse(h, &hpet_info))
        return;
    have_hpet = true;
    printk("ACPI: HPET at 0x%lx, %u comparators, vendor 0x%x, block %u\n",
           hpet_info.address, hpet_info.nr_comparators, hpet_info.vendor_id,
           hpet_info.hpet_number);
}

/* Results of an earlier call are dropped first (unit tests call it often). */
int acpi_init(const struct bootinfo *bi)
{
    int rc;

    have_madt = have_fadt = have_hpet = false;
    rc = acpi_tables_init(bi);
    if (rc)
        return rc;
    acpi_init_madt();
    acpi_init_fadt();
    acpi_init_hpet();
    return 0;
}

/* Accessors: valid only after acpi_init(), read-only to callers. */
const struct acpi_madt_info *acpi_madt(void)
{
    return have_madt ? &madt_info : NULL;
}

const struct acpi_fadt_info *acpi_fadt(void)
{
    return have_fadt ? &fadt_info : NULL;
}

const struct acpi_hpet_info *acpi_hpet(void)
{
    return have_hpet ? &hpet_info : NULL;
}
