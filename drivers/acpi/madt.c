/*
 * MADT ("APIC") parsing: processors, IOAPICs, ISA interrupt overrides and
 * NMI wiring (ACPI 6.5 section 5.2.12). The entry walk trusts nothing: an
 * entry that is too short, zero-length or runs past the table ends it.
 */
#include <xen/acpi.h>
#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* xAPIC id 0xff is the broadcast id, never a real processor. */
#define XAPIC_ID_INVALID 0xff
#define X2APIC_ID_INVALID 0xffffffffU
#define LAPIC_NMI_UID_ALL 0xff

/*
 * Count an entry that had no room left. One warning for the whole table is
 * enough: a 300-CPU machine should not print 44 lines about it.
 */
static void madt_drop(struct acpi_madt_info *out, const char *what,
                      unsigned int max)
{
    if (out->nr_dropped++ == 0)
        printk(XENLOG_WARNING "ACPI: MADT: more than %u %s, extra entries ignored\n",
               max, what);
}

static bool madt_has_cpu(const struct acpi_madt_info *out, u32 apic_id)
{
    for (unsigned int i = 0; i < out->nr_cpus; i++)
        if (out->cpus[i].apic_id == apic_id)
            return true;
    return false;
}

/*
 * Common to local APIC and x2APIC entries. Firmware may list one CPU in
 * both forms (x2APIC ids < 255 belong in type 0 entries, but some tables
 * repeat them): the first entry wins.
 */
static void madt_cpu_add(struct acpi_madt_info *out, u32 apic_id, u32 uid,
                         u32 flags, bool x2apic)
{
    if (!(flags & ACPI_MADT_ENABLED)) {
        /* Online-capable means hot-pluggable later, not usable at boot. */
        out->nr_disabled++;
        if (flags & ACPI_MADT_ONLINE_CAPABLE)
            out->nr_online_capable++;
        return;
    }
    if (madt_has_cpu(out, apic_id)) {
        printk(XENLOG_WARNING "ACPI: MADT: duplicate APIC id 0x%x (uid %u), ignored\n",
               apic_id, uid);
        out->warnings++;
        return;
    }
    if (out->nr_cpus == ACPI_MAX_CPUS) {
        madt_drop(out, "CPUs", ACPI_MAX_CPUS);
        return;
    }
    out->cpus[out->nr_cpus++] = (struct acpi_cpu){
        .apic_id = apic_id, .acpi_uid = uid, .x2apic = x2apic };
}

/*
 * The handlers below are called through madt_handlers[] with an entry
 * already known to be at least as long as their structure.
 */
static void madt_lapic(const struct acpi_madt_entry *e,
                       struct acpi_madt_info *out)
{
    const struct acpi_madt_lapic *l = (const void *)e;

    if (l->apic_id == XAPIC_ID_INVALID && (l->flags & ACPI_MADT_ENABLED)) {
        printk(XENLOG_WARNING "ACPI: MADT: enabled CPU with APIC id 0xff, ignored\n");
        out->warnings++;
        return;
    }
    madt_cpu_add(out, l->apic_id, l->acpi_uid, l->flags, false);
}

static void madt_x2apic(const struct acpi_madt_entry *e,
                        struct acpi_madt_info *out)
{
    const struct acpi_madt_x2apic *x = (const void *)e;

    if (x->x2apic_id == X2APIC_ID_INVALID && (x->flags & ACPI_MADT_ENABLED)) {
        printk(XENLOG_WARNING "ACPI: MADT: enabled CPU with x2APIC id 0xffffffff, ignored\n");
        out->warnings++;
        return;
    }
    madt_cpu_add(out, x->x2apic_id, x->acpi_uid, x->flags, true);
}

/* Two IOAPICs sharing an id or window would fight over the same GSIs. */
static void madt_ioapic(const struct acpi_madt_entry *e,
                        struct acpi_madt_info *out)
{
    const struct acpi_madt_ioapic *io = (const void *)e;

    for (unsigned int i = 0; i < out->nr_ioapics; i++) {
        if (out->ioapics[i].id == io->id || out->ioapics[i].addr == io->addr) {
            printk(XENLOG_WARNING "ACPI: MADT: duplicate IOAPIC id %u at 0x%x, ignored\n",
                   io->id, io->addr);
            out->warnings++;
            return;
        }
    }
    if (out->nr_ioapics == ACPI_MAX_IOAPICS) {
        madt_drop(out, "IOAPICs", ACPI_MAX_IOAPICS);
        return;
    }
    out->ioapics[out->nr_ioapics++] = (struct acpi_ioapic){
        .id = io->id, .addr = io->addr, .gsi_base = io->gsi_base };
}

/* An ISA IRQ can be routed to one GSI only; the first entry wins. */
static void madt_override(const struct acpi_madt_entry *e,
                          struct acpi_madt_info *out)
{
    const struct acpi_madt_override *o = (const void *)e;

    for (unsigned int i = 0; i < out->nr_overrides; i++) {
        if (out->overrides[i].source_irq == o->source) {
            printk(XENLOG_WARNING "ACPI: MADT: second override for IRQ %u, ignored\n",
                   o->source);
            out->warnings++;
            return;
        }
    }
    if (out->nr_overrides == ACPI_MAX_OVERRIDES) {
        madt_drop(out, "overrides", ACPI_MAX_OVERRIDES);
        return;
    }
    out->overrides[out->nr_overrides++] = (struct acpi_irq_override){
        .bus = o->bus, .source_irq = o->source, .gsi = o->gsi,
        .flags = o->flags };
}

static void madt_nmi_add(struct acpi_madt_info *out, struct acpi_nmi nmi)
{
    if (out->nr_nmis == ACPI_MAX_NMIS) {
        madt_drop(out, "NMI entries", ACPI_MAX_NMIS);
        return;
    }
    out->nmis[out->nr_nmis++] = nmi;
}

/* An IOAPIC input wired to NMI: the IOAPIC code must program it so. */
static void madt_nmi_src(const struct acpi_madt_entry *e,
                         struct acpi_madt_info *out)
{
    const struct acpi_madt_nmi_src *n = (const void *)e;

    madt_nmi_add(out, (struct acpi_nmi){
        .is_lapic = false, .acpi_uid = ACPI_UID_ALL, .gsi = n->gsi,
        .flags = n->flags });
}

/* A LINT pin wired to NMI; the 8-bit "all processors" uid is widened. */
static void madt_lapic_nmi(const struct acpi_madt_entry *e,
                           struct acpi_madt_info *out)
{
    const struct acpi_madt_lapic_nmi *n = (const void *)e;
    u32 uid = n->acpi_uid == LAPIC_NMI_UID_ALL ? ACPI_UID_ALL : n->acpi_uid;

    madt_nmi_add(out, (struct acpi_nmi){
        .is_lapic = true, .acpi_uid = uid, .lint = n->lint,
        .flags = n->flags });
}

static void madt_x2apic_nmi(const struct acpi_madt_entry *e,
                            struct acpi_madt_info *out)
{
    const struct acpi_madt_x2apic_nmi *n = (const void *)e;

    madt_nmi_add(out, (struct acpi_nmi){
        .is_lapic = true, .acpi_uid = n->acpi_uid, .lint = n->lint,
        .flags = n->flags });
}

/* The 64-bit override replaces the header's 32-bit address (type 5). */
static void madt_lapic_addr(const struct acpi_madt_entry *e,
                            struct acpi_madt_info *out)
{
    const struct acpi_madt_lapic_addr *a = (const void *)e;

    out->lapic_addr = a->addr;
}

/* How to read one MADT entry type. */
struct madt_handler {
    u8 min_len;             /* shorter entries are malformed */
    const char *name;
    void (*parse)(const struct acpi_madt_entry *e, struct acpi_madt_info *out);
};

/* Entry types we understand; any other type is skipped by its length. */
static const struct madt_handler madt_handlers[] = {
    [ACPI_MADT_LAPIC] = { sizeof(struct acpi_madt_lapic), "local APIC", madt_lapic },
    [ACPI_MADT_IOAPIC] = { sizeof(struct acpi_madt_ioapic), "IOAPIC", madt_ioapic },
    [ACPI_MADT_OVERRIDE] = { sizeof(struct acpi_madt_override), "override", madt_override },
    [ACPI_MADT_NMI_SRC] = { sizeof(struct acpi_madt_nmi_src), "NMI source", madt_nmi_src },
    [ACPI_MADT_LAPIC_NMI] = { sizeof(struct acpi_madt_lapic_nmi), "local APIC NMI", madt_lapic_nmi },
    [ACPI_MADT_LAPIC_ADDR] = { sizeof(struct acpi_madt_lapic_addr), "local APIC address", madt_lapic_addr },
    [ACPI_MADT_X2APIC] = { sizeof(struct acpi_madt_x2apic), "local x2APIC", madt_x2apic },
    [ACPI_MADT_X2APIC_NMI] = { sizeof(struct acpi_madt_x2apic_nmi), "local x2APIC NMI", madt_x2apic_nmi },
};

/*
 * Dispatch one entry. Unknown types (GIC, RINTC, ... for other
 * architectures, or types newer than we know) are skipped by length, as
 * the specification asks of OSes.
 */
static void madt_entry(const struct acpi_madt_entry *e,
                       struct acpi_madt_info *out)
{
    const struct madt_handler *h;

    if (e->type >= ARRAY_SIZE(madt_handlers) || !madt_handlers[e->type].parse)
        return;
    h = &madt_handlers[e->type];
    if (e->length < h->min_len) {
        printk(XENLOG_WARNING "ACPI: MADT: %s entry of length %u (need %u), ignored\n",
               h->name, e->length, h->min_len);
        out->warnings++;
        return;
    }
    h->parse(e, out);
}

/*
 * A MADT without one enabled CPU cannot be right (we run on one): it is
 * rejected, and the caller falls back to "just the boot CPU".
 */
int acpi_madt_parse(const struct acpi_table_header *h,
                    struct acpi_madt_info *out)
{
    const struct acpi_madt *m = (const void *)h;
    const u8 *p = (const u8 *)(m + 1);
    const u8 *end = (const u8 *)h + h->length;

    memset(out, 0, sizeof(*out));
    if (h->length < sizeof(*m)) {
        printk(XENLOG_WARNING "ACPI: MADT: length %u too short, skipped\n",
               h->length);
        return -EINVAL;
    }
    /* Entry type 5, if present, replaces this 32-bit address later. */
    out->lapic_addr = m->lapic_addr;
    out->pcat_compat = m->flags & ACPI_MADT_PCAT_COMPAT;

    while (p < end) {
        const struct acpi_madt_entry *e = (const void *)p;

        /* Length 0 would loop forever; past the end would read beyond. */
        if (end - p < (long)sizeof(*e) || e->length < sizeof(*e) ||
            e->length > end - p) {
            printk(XENLOG_WARNING "ACPI: MADT: truncated entry at offset %lu (length %u), rest ignored\n",
                   (unsigned long)(p - (const u8 *)h),
                   end - p < (long)sizeof(*e) ? 0U : e->length);
            out->warnings++;
            break;
        }
        madt_entry(e, out);
        p += e->length;
    }
    if (!out->nr_cpus) {
        printk(XENLOG_WARNING "ACPI: MADT: no enabled CPU listed, ignoring the MADT\n");
        return -ENODEV;
    }
    return 0;
}
