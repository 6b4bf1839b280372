/*
 * Guest ACPI tables for PVH domUs (policy in include/xen/acpi_guest.h).
 * The layouts are drivers/acpi/'s (acpi_tables.h), so the builder and the
 * parser that checks it in the unit test cannot disagree about a field.
 */
#include <xen/acpi_guest.h>
#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* Fixed offsets in the block; each table 16-byte aligned for tidiness. */
#define AG_XSDT 48                          /* after the 36-byte RSDP */
#define AG_XSDT_LEN (sizeof(struct acpi_table_header) + 2 * sizeof(u64))
#define AG_FADT 112
#define AG_DSDT (AG_FADT + ROUNDUP(sizeof(struct acpi_fadt), 16))
#define AG_MADT (AG_DSDT + ROUNDUP(sizeof(struct acpi_table_header), 16))

/*
 * ACPI 6.x FADT is revision 6; Linux (ACPICA) honours HW_REDUCED_ACPI from
 * revision 5 on. MADT revision 5 and DSDT revision 2 (64-bit AML integers)
 * are what ACPI 6.x firmware ships.
 */
#define AG_FADT_REV 6
#define AG_MADT_REV 5
#define AG_DSDT_REV 2
#define AG_XSDT_REV 1
#define AG_RSDP_REV 2

/* An xAPIC id of 0xff means "broadcast": such CPUs need an x2APIC entry. */
#define AG_XAPIC_ID_MAX 0xfe

_Static_assert(sizeof(struct acpi_rsdp) == ACPI_RSDP_V2_LEN, "ACPI 6.5 §5.2.5.3");
_Static_assert(sizeof(struct acpi_fadt) == 276, "ACPI 6.5 §5.2.9");
_Static_assert(AG_FADT >= AG_XSDT + AG_XSDT_LEN, "XSDT overlaps FADT");

static size_t ag_madt_len(unsigned int nr_vcpus)
{
    size_t len = sizeof(struct acpi_madt);

    for (unsigned int i = 0; i < nr_vcpus; i++)
        len += i <= AG_XAPIC_ID_MAX ? sizeof(struct acpi_madt_lapic)
                                    : sizeof(struct acpi_madt_x2apic);
    return len;
}

size_t acpi_guest_size(unsigned int nr_vcpus)
{
    return AG_MADT + ag_madt_len(nr_vcpus);
}

/* Header of a table at b + off: identity fields, checksum left for later. */
static struct acpi_table_header *ag_header(u8 *b, size_t off, const char sig[4],
                                           size_t len, u8 rev)
{
    struct acpi_table_header *h = (void *)(b + off);

    memcpy(h->signature, sig, 4);
    h->length = (u32)len;
    h->revision = rev;
    memcpy(h->oem_id, "XNLITH", 6);
    memcpy(h->oem_table_id, "XENOLITH", 8);
    h->oem_revision = 1;
    memcpy(&h->creator_id, "XNLT", 4);
    h->creator_revision = 1;
    return h;
}

static void ag_fix(struct acpi_table_header *h)
{
    h->checksum = 0;
    h->checksum = (u8)-acpi_checksum(h, h->length);
}

/*
 * Hardware-reduced FADT: no PM/GPE blocks, no SCI, no FACS (none needed
 * without the legacy sleep hardware), no VGA and no CMOS RTC, as Xen's PVH
 * domU. Both DSDT fields point to the same table (ACPICA accepts that).
 */
static void ag_fadt(u8 *b, u64 gpa)
{
    struct acpi_fadt *f = (void *)(b + AG_FADT);

    ag_header(b, AG_FADT, "FACP", sizeof(*f), AG_FADT_REV);
    f->dsdt = (u32)(gpa + AG_DSDT);
    f->x_dsdt = gpa + AG_DSDT;
    f->flags = ACPI_FADT_HW_REDUCED;
    f->iapc_boot_arch = ACPI_IAPC_NO_VGA | ACPI_IAPC_NO_CMOS_RTC;
    f->minor_revision = 0;
    ag_fix(&f->hdr);
}

/* Processor entries: xAPIC (type 0) while the id fits, as Xen's libacpi
 * and the ACPI spec want, x2APIC (type 9) beyond. Linux accepts both in
 * x2APIC mode, which our APIC_BASE MSR reports. */
static void ag_madt(u8 *b, unsigned int nr_vcpus)
{
    struct acpi_madt *m = (void *)(b + AG_MADT);
    u8 *p = (u8 *)(m + 1);

    ag_header(b, AG_MADT, "APIC", ag_madt_len(nr_vcpus), AG_MADT_REV);
    m->lapic_addr = ACPI_GUEST_LAPIC_ADDR;
    m->flags = 0;                           /* no PC-AT 8259 pair */
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        if (i <= AG_XAPIC_ID_MAX) {
            struct acpi_madt_lapic e = { { ACPI_MADT_LAPIC, sizeof(e) }, (u8)i, (u8)i,
                                         ACPI_MADT_ENABLED };
            memcpy(p, &e, sizeof(e));
            p += sizeof(e);
        } else {
            struct acpi_madt_x2apic e = { { ACPI_MADT_X2APIC, sizeof(e) }, 0, i,
                                          ACPI_MADT_ENABLED, i };
            memcpy(p, &e, sizeof(e));
            p += sizeof(e);
        }
    }
    ag_fix(&m->hdr);
}

static void ag_rsdp(u8 *b, u64 gpa)
{
    struct acpi_rsdp *r = (void *)b;

    memcpy(r->signature, ACPI_RSDP_SIG, 8);
    memcpy(r->oem_id, "XNLITH", 6);
    r->revision = AG_RSDP_REV;
    r->rsdt = 0;                            /* XSDT only, as Xen's PVH tables */
    r->length = ACPI_RSDP_V2_LEN;
    r->xsdt = gpa + AG_XSDT;
    r->checksum = (u8)-acpi_checksum(r, ACPI_RSDP_V1_LEN);
    r->ext_checksum = (u8)-acpi_checksum(r, ACPI_RSDP_V2_LEN);
}

int acpi_guest_build(void *buf, size_t size, u64 gpa, unsigned int nr_vcpus)
{
    u8 *b = buf;
    struct acpi_table_header *x;
    u64 ents[2];

    if (!nr_vcpus || nr_vcpus > ACPI_GUEST_MAX_VCPUS || gpa % 16 ||
        gpa + acpi_guest_size(nr_vcpus) > (1ULL << 32))
        return -EINVAL;
    if (size < acpi_guest_size(nr_vcpus))
        return -ENOSPC;
    memset(b, 0, size);
    ag_fix(ag_header(b, AG_DSDT, "DSDT", sizeof(struct acpi_table_header), AG_DSDT_REV));
    ag_fadt(b, gpa);
    ag_madt(b, nr_vcpus);
    ents[0] = gpa + AG_FADT;
    ents[1] = gpa + AG_MADT;
    x = ag_header(b, AG_XSDT, "XSDT", AG_XSDT_LEN, AG_XSDT_REV);
    memcpy(x + 1, ents, sizeof(ents));      /* XSDT entries are unaligned */
    ag_fix(x);
    ag_rsdp(b, gpa);
    return 0;
}
