/*
 * Unit tests for drivers/acpi/: ACPI tables are synthesized in heap buffers
 * placed at fake physical addresses, served by this file's acpi_map(). Each
 * table gets a buffer of exactly its size, so any read past a table's end
 * is an ASan error rather than a silent pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/acpi.h>
#include <xen/acpi_tables.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include "unit_stubs.h"

/* ---- Fake physical memory ---- */

struct region {
    paddr_t pa;
    size_t len;
    u8 *buf;
};

static struct region regions[32];
static unsigned int nr_regions;

const void *acpi_map(paddr_t pa, size_t len)
{
    for (unsigned int i = 0; i < nr_regions; i++) {
        const struct region *r = &regions[i];

        if (pa >= r->pa && len <= r->len && pa - r->pa <= r->len - len)
            return r->buf + (pa - r->pa);
    }
    return NULL;
}

static u8 *mem_add(paddr_t pa, size_t len)
{
    assert_true(nr_regions < sizeof(regions) / sizeof(regions[0]));
    regions[nr_regions] = (struct region){ pa, len, calloc(1, len) };
    assert_non_null(regions[nr_regions].buf);
    return regions[nr_regions++].buf;
}

static int setup(void **state)
{
    nr_regions = 0;
    unit_log_reset();
    return 0;
}

static int teardown(void **state)
{
    for (unsigned int i = 0; i < nr_regions; i++)
        free(regions[i].buf);
    nr_regions = 0;
    return 0;
}

/* ---- Table builders ---- */

#define RSDT_PA 0x7fe0000
#define XSDT_PA 0x7fe0100
#define MADT_PA 0x7fe1000
#define FADT_PA 0x7fe2000
#define DSDT_PA 0x7fe3000
#define HPET_PA 0x7fe4000

static void tbl_fix(struct acpi_table_header *h)
{
    h->checksum = 0;
    h->checksum = -acpi_checksum(h, h->length);
}

/* A table at pa: header filled, body copied in, checksum fixed. */
static struct acpi_table_header *tbl_add(paddr_t pa, const char *sig, u8 rev,
                                         const void *body, size_t body_len)
{
    struct acpi_table_header *h = (void *)mem_add(pa, sizeof(*h) + body_len);

    memcpy(h->signature, sig, 4);
    h->length = sizeof(*h) + body_len;
    h->revision = rev;
    memcpy(h->oem_id, "XENOLI", 6);
    if (body_len)
        memcpy(h + 1, body, body_len);
    tbl_fix(h);
    return h;
}

static void rsdp_fill(u8 *p, u8 rev, u32 rsdt, u64 xsdt)
{
    struct acpi_rsdp *r = (void *)p;

    memset(r, 0, rev < 2 ? ACPI_RSDP_V1_LEN : ACPI_RSDP_V2_LEN);
    memcpy(r->signature, ACPI_RSDP_SIG, 8);
    memcpy(r->oem_id, "XENOLI", 6);
    r->revision = rev;
    r->rsdt = rsdt;
    r->checksum = -acpi_checksum(r, ACPI_RSDP_V1_LEN);
    if (rev < 2)
        return;
    r->length = ACPI_RSDP_V2_LEN;
    r->xsdt = xsdt;
    r->ext_checksum = -acpi_checksum(r, ACPI_RSDP_V2_LEN);
}

static struct bootinfo bi;

static void bi_rsdp(unsigned int tag_rev, u8 rsdp_rev)
{
    memset(&bi, 0, sizeof(bi));
    bi.rsdp_revision = tag_rev;
    rsdp_fill(bi.rsdp, rsdp_rev, RSDT_PA, XSDT_PA);
}

static void root_add(paddr_t pa, const char *sig, const paddr_t *ents,
                     unsigned int n)
{
    size_t esize = sig[0] == 'X' ? 8 : 4;
    u8 body[64 * 8];

    for (unsigned int i = 0; i < n; i++)
        memcpy(body + i * esize, &ents[i], esize);
    tbl_add(pa, sig, 1, body, n * esize);
}

/* Growable MADT body: lapic address and flags, then entries. */
struct madt_body {
    u8 b[8192];
    size_t len;
};

static void madt_start(struct madt_body *m, u32 lapic, u32 flags)
{
    memcpy(m->b, &lapic, 4);
    memcpy(m->b + 4, &flags, 4);
    m->len = 8;
}

static void madt_put(struct madt_body *m, const void *e, size_t len)
{
    memcpy(m->b + m->len, e, len);
    m->len += len;
}

static void madt_lapic(struct madt_body *m, u8 uid, u8 id, u32 flags)
{
    struct acpi_madt_lapic e = { { ACPI_MADT_LAPIC, sizeof(e) }, uid, id, flags };

    madt_put(m, &e, sizeof(e));
}

static void madt_x2apic(struct madt_body *m, u32 uid, u32 id, u32 flags)
{
    struct acpi_madt_x2apic e = { { ACPI_MADT_X2APIC, sizeof(e) }, 0, id, flags, uid };

    madt_put(m, &e, sizeof(e));
}

static void madt_ioapic(struct madt_body *m, u8 id, u32 addr, u32 gsi)
{
    struct acpi_madt_ioapic e = { { ACPI_MADT_IOAPIC, sizeof(e) }, id, 0, addr, gsi };

    madt_put(m, &e, sizeof(e));
}

static void madt_override(struct madt_body *m, u8 src, u32 gsi, u16 flags)
{
    struct acpi_madt_override e = { { ACPI_MADT_OVERRIDE, sizeof(e) }, 0, src, gsi, flags };

    madt_put(m, &e, sizeof(e));
}

/* Two CPUs, one IOAPIC, IRQ0 -> GSI2: what QEMU and Bochs describe. */
static void madt_simple(struct madt_body *m)
{
    madt_start(m, 0xfee00000, ACPI_MADT_PCAT_COMPAT);
    madt_lapic(m, 0, 0, ACPI_MADT_ENABLED);
    madt_lapic(m, 1, 1, ACPI_MADT_ENABLED);
    madt_ioapic(m, 2, 0xfec00000, 0);
    madt_override(m, 0, 2, 0);
}

/* AML for Name(_S5_, Package(4){5, 5, 0, 0}) */
static const u8 aml_s5_55[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
                                0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };

static struct acpi_fadt *fadt_base(struct acpi_fadt *f)
{
    memset(f, 0, sizeof(*f));
    f->dsdt = DSDT_PA;
    f->sci_int = 9;
    f->pm1a_cnt_blk = 0xb004;
    f->pm_tmr_blk = 0xb008;
    f->century = 0x32;
    f->iapc_boot_arch = ACPI_IAPC_8042;
    return f;
}

/* A FADT of the given length (116 = revision 1, 276 = revision 6). */
static void fadt_add(const struct acpi_fadt *f, u8 rev, size_t len)
{
    tbl_add(FADT_PA, "FACP", rev, &f->firmware_ctrl, len - sizeof(f->hdr));
}

static void hpet_add(paddr_t pa, u8 space, u64 addr)
{
    struct acpi_hpet h = { .block_id = 0x8086a201, .hpet_number = 0,
                           .min_tick = 0x80 };

    h.base.space_id = space;
    h.base.address = addr;
    tbl_add(pa, "HPET", 1, &h.block_id, sizeof(h) - sizeof(h.hdr));
}

/*
 * A whole machine: XSDT -> MADT, FADT, HPET; RSDT -> MADT, FADT only, so
 * a test can tell which root table was used by whether the HPET shows up.
 */
static void platform_add(void)
{
    const paddr_t xents[] = { MADT_PA, FADT_PA, HPET_PA };
    const paddr_t rents[] = { MADT_PA, FADT_PA };
    struct madt_body m;
    struct acpi_fadt f;

    root_add(XSDT_PA, "XSDT", xents, 3);
    root_add(RSDT_PA, "RSDT", rents, 2);
    madt_simple(&m);
    tbl_add(MADT_PA, "APIC", 3, m.b, m.len);
    fadt_add(fadt_base(&f), 1, ACPI_FADT_V1_LEN);
    tbl_add(DSDT_PA, "DSDT", 1, aml_s5_55, sizeof(aml_s5_55));
    hpet_add(HPET_PA, ACPI_GAS_MEMORY, 0xfed00000);
}

/* ---- RSDP and root tables ---- */

static void test_rsdp_v1_uses_rsdt(void **state)
{
    bi_rsdp(1, 0);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: RSDP v1 from boot loader, RSDT at 0x7fe0000"));
    assert_true(unit_log_contains("ACPI: APIC 0x7fe1000 len"));
    assert_non_null(acpi_madt());
    assert_non_null(acpi_fadt());
    assert_null(acpi_hpet());           /* only the XSDT lists it */
}

static void test_rsdp_v2_uses_xsdt(void **state)
{
    bi_rsdp(2, 2);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: RSDP v2 from boot loader, XSDT at 0x7fe0100"));
    assert_non_null(acpi_hpet());
    assert_int_equal(acpi_find_table("HPET", 0), HPET_PA);
}

/* A v1 tag holding a v2 RSDP: only 20 bytes are trusted. */
static void test_rsdp_v2_in_v1_tag(void **state)
{
    bi_rsdp(1, 2);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("RSDT at 0x7fe0000"));
    assert_null(acpi_hpet());
}

static void test_rsdp_v2_bad_ext_checksum(void **state)
{
    bi_rsdp(2, 2);
    bi.rsdp[32] ^= 0x55;                /* ext_checksum */
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("RSDP: bad extended checksum, using the RSDT"));
    assert_true(unit_log_contains("RSDT at 0x7fe0000"));
    assert_null(acpi_hpet());
    assert_non_null(acpi_madt());
}

static void test_rsdp_bad_checksum(void **state)
{
    bi_rsdp(2, 2);
    bi.rsdp[8] ^= 1;
    platform_add();
    assert_int_equal(acpi_init(&bi), -ENODEV);
    assert_true(unit_log_contains("RSDP: bad checksum"));
    assert_true(unit_log_contains("no RSDP found"));
    assert_null(acpi_madt());
    assert_null(acpi_fadt());
}

static void test_no_rsdp(void **state)
{
    /* A good init first, so stale results would show. */
    bi_rsdp(2, 2);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_non_null(acpi_madt());

    memset(&bi, 0, sizeof(bi));
    assert_int_equal(acpi_init(&bi), -ENODEV);
    assert_true(unit_log_contains("ACPI: no RSDP found"));
    assert_null(acpi_madt());
    assert_null(acpi_fadt());
    assert_null(acpi_hpet());
    assert_int_equal(acpi_find_table("APIC", 0), 0);
}

static void test_rsdp_scan_bios_rom(void **state)
{
    u8 *rom = mem_add(0xe0000, 0x20000);

    memset(&bi, 0, sizeof(bi));
    memcpy(rom + 0x100, "RSD PTR ", 8);     /* decoy with a bad checksum */
    rsdp_fill(rom + 0x15a40, 2, RSDT_PA, XSDT_PA);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: RSDP v2 at 0xf5a40, XSDT at 0x7fe0100"));
    assert_non_null(acpi_hpet());
}

static void test_rsdp_scan_ebda(void **state)
{
    u8 *bda = mem_add(0x400, 0x100);
    u8 *ebda = mem_add(0x9fc00, 0x400);
    u16 seg = 0x9fc0;

    memset(&bi, 0, sizeof(bi));
    memcpy(bda + 0xe, &seg, 2);
    /* Last slot a v1 RSDP fits in; 36 bytes would not map there. */
    rsdp_fill(ebda + 0x3e0, 0, RSDT_PA, 0);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: RSDP v1 at 0x9ffe0, RSDT at 0x7fe0000"));
}

static void test_xsdt_bad_falls_back(void **state)
{
    bi_rsdp(2, 2);
    platform_add();
    regions[0].buf[20] ^= 0xff;     /* XSDT is the first region added */
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: XSDT at 0x7fe0100: bad checksum"));
    assert_true(unit_log_contains("XSDT unusable, falling back to the RSDT"));
    assert_non_null(acpi_madt());
    assert_null(acpi_hpet());
}

static void test_table_bad_checksum_skipped(void **state)
{
    struct madt_body m;
    const paddr_t ents[] = { MADT_PA, FADT_PA };
    struct acpi_fadt f;
    struct acpi_table_header *h;

    bi_rsdp(1, 0);
    root_add(RSDT_PA, "RSDT", ents, 2);
    madt_simple(&m);
    h = tbl_add(MADT_PA, "APIC", 3, m.b, m.len);
    h->checksum++;
    fadt_add(fadt_base(&f), 1, ACPI_FADT_V1_LEN);
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("<1>ACPI: APIC at 0x7fe1000: bad checksum"));
    assert_true(unit_log_contains("no APIC table, assuming a single CPU"));
    assert_null(acpi_madt());
    assert_non_null(acpi_fadt());       /* the others are unaffected */
}

static void test_table_bad_lengths(void **state)
{
    const paddr_t ents[] = { 0x1000, 0x2000, 0x3000, 0x4000, 0 };
    struct acpi_table_header *h;

    bi_rsdp(1, 0);
    root_add(RSDT_PA, "RSDT", ents, 5);
    h = tbl_add(0x1000, "SSDT", 1, NULL, 0);
    h->length = 20;                         /* shorter than a header */
    h = tbl_add(0x2000, "SSDT", 1, "abcd", 4);
    h->length = 4096;                       /* beyond the mapped bytes */
    h = tbl_add(0x3000, "SSDT", 1, NULL, 0);
    h->length = 0x7fffffff;
    tbl_add(0x4000, "SSDT", 2, "ok", 2);
    /* the zero entry (padding) is ignored silently */
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: SSDT at 0x1000: bad length 20"));
    assert_true(unit_log_contains("ACPI: SSDT at 0x2000: length 4096 runs past mapped memory"));
    assert_true(unit_log_contains("ACPI: SSDT at 0x3000: bad length"));
    assert_int_equal(acpi_find_table("SSDT", 0), 0x4000);
    assert_int_equal(acpi_find_table("SSDT", 1), 0);
    assert_true(unit_log_contains("ACPI: no APIC table"));
}

static void test_root_entry_unmapped(void **state)
{
    const paddr_t ents[] = { 0x5000, 0x4000 };

    bi_rsdp(1, 0);
    root_add(RSDT_PA, "RSDT", ents, 2);
    tbl_add(0x4000, "SSDT", 2, "ok", 2);
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: table at 0x5000: header not mapped"));
    assert_int_equal(acpi_find_table("SSDT", 0), 0x4000);
}

static void test_rsdt_wrong_signature(void **state)
{
    bi_rsdp(1, 0);
    tbl_add(RSDT_PA, "XSDT", 1, NULL, 0);
    assert_int_equal(acpi_init(&bi), -ENODEV);
    assert_true(unit_log_contains("ACPI: RSDT at 0x7fe0000: signature is 'XSDT'"));
    assert_null(acpi_madt());
}

static void test_find_table_instances(void **state)
{
    const paddr_t ents[] = { 0x1000, 0x2000, 0x3000 };

    bi_rsdp(2, 2);
    root_add(XSDT_PA, "XSDT", ents, 3);
    tbl_add(RSDT_PA, "RSDT", 1, NULL, 0);
    tbl_add(0x1000, "SSDT", 1, "a", 1);
    tbl_add(0x2000, "BGRT", 1, "b", 1);
    tbl_add(0x3000, "SSDT", 1, "c", 1);
    assert_int_equal(acpi_init(&bi), 0);
    assert_int_equal(acpi_find_table("SSDT", 0), 0x1000);
    assert_int_equal(acpi_find_table("SSDT", 1), 0x3000);
    assert_int_equal(acpi_find_table("SSDT", 2), 0);
    assert_int_equal(acpi_find_table("BGRT", 0), 0x2000);
    assert_int_equal(acpi_find_table("FACP", 0), 0);
}

/* ---- MADT ---- */

/* Put a MADT body on a v1 RSDP/RSDT machine and run acpi_init(). */
static void madt_boot(const struct madt_body *m)
{
    const paddr_t ents[] = { MADT_PA };

    bi_rsdp(1, 0);
    root_add(RSDT_PA, "RSDT", ents, 1);
    tbl_add(MADT_PA, "APIC", 5, m->b, m->len);
    assert_int_equal(acpi_init(&bi), 0);
}

static void test_madt_full(void **state)
{
    struct acpi_madt_lapic_addr la = { { ACPI_MADT_LAPIC_ADDR, sizeof(la) }, 0, 0xfed00000 };
    struct acpi_madt_nmi_src ns = { { ACPI_MADT_NMI_SRC, sizeof(ns) }, 0xd, 23 };
    struct acpi_madt_lapic_nmi ln = { { ACPI_MADT_LAPIC_NMI, sizeof(ln) }, 0xff, 0x5, 1 };
    struct acpi_madt_x2apic_nmi xn = { { ACPI_MADT_X2APIC_NMI, sizeof(xn) }, 0, 7, 0, { 0 } };
    const u8 unknown[] = { 0x7f, 4, 0xaa, 0xbb };
    const u8 short_ioapic[] = { ACPI_MADT_IOAPIC, 6, 9, 0, 0, 0 };
    const struct acpi_madt_info *mi;
    struct madt_body m;

    madt_start(&m, 0xfee00000, ACPI_MADT_PCAT_COMPAT);
    madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
    madt_lapic(&m, 1, 1, ACPI_MADT_ENABLED);
    madt_lapic(&m, 2, 2, 0);                            /* disabled */
    madt_lapic(&m, 3, 3, ACPI_MADT_ONLINE_CAPABLE);     /* hot-plug */
    madt_put(&m, unknown, sizeof(unknown));
    madt_x2apic(&m, 7, 0x100, ACPI_MADT_ENABLED);
    madt_x2apic(&m, 8, 1, ACPI_MADT_ENABLED);           /* same CPU as uid 1 */
    madt_ioapic(&m, 2, 0xfec00000, 0);
    madt_ioapic(&m, 3, 0xfec01000, 24);
    madt_ioapic(&m, 2, 0xfec02000, 48);                 /* duplicate id */
    madt_put(&m, short_ioapic, sizeof(short_ioapic));
    madt_override(&m, 0, 2, 0);
    madt_override(&m, 9, 9, 0xd);
    madt_override(&m, 0, 5, 0);                         /* second IRQ0 */
    madt_put(&m, &ns, sizeof(ns));
    madt_put(&m, &ln, sizeof(ln));
    madt_put(&m, &xn, sizeof(xn));
    madt_put(&m, &la, sizeof(la));
    madt_boot(&m);

    mi = acpi_madt();
    assert_non_null(mi);
    assert_int_equal(mi->lapic_addr, 0xfed00000);
    assert_true(mi->pcat_compat);
    assert_int_equal(mi->nr_cpus, 3);
    assert_int_equal(mi->cpus[0].apic_id, 0);
    assert_int_equal(mi->cpus[1].apic_id, 1);
    assert_int_equal(mi->cpus[1].acpi_uid, 1);
    assert_false(mi->cpus[1].x2apic);
    assert_int_equal(mi->cpus[2].apic_id, 0x100);
    assert_int_equal(mi->cpus[2].acpi_uid, 7);
    assert_true(mi->cpus[2].x2apic);
    assert_int_equal(mi->nr_disabled, 2);
    assert_int_equal(mi->nr_online_capable, 1);
    assert_int_equal(mi->nr_ioapics, 2);
    assert_int_equal(mi->ioapics[1].id, 3);
    assert_int_equal(mi->ioapics[1].addr, 0xfec01000);
    assert_int_equal(mi->ioapics[1].gsi_base, 24);
    assert_int_equal(mi->nr_overrides, 2);
    assert_int_equal(mi->overrides[0].gsi, 2);
    assert_int_equal(mi->overrides[1].source_irq, 9);
    assert_int_equal(mi->overrides[1].flags, 0xd);
    assert_int_equal(mi->nr_nmis, 3);
    assert_false(mi->nmis[0].is_lapic);
    assert_int_equal(mi->nmis[0].gsi, 23);
    assert_int_equal(mi->nmis[1].acpi_uid, ACPI_UID_ALL);
    assert_int_equal(mi->nmis[1].lint, 1);
    assert_int_equal(mi->nmis[2].acpi_uid, 7);
    assert_int_equal(mi->warnings, 4);
    assert_true(unit_log_contains("duplicate APIC id 0x1"));
    assert_true(unit_log_contains("duplicate IOAPIC id 2"));
    assert_true(unit_log_contains("IOAPIC entry of length 6 (need 12)"));
    assert_true(unit_log_contains("second override for IRQ 0"));
    assert_true(unit_log_contains("ACPI: MADT: 3 CPUs (2 disabled), 2 IOAPICs, lapic at 0xfed00000"));
}

static void test_madt_zero_length_entry(void **state)
{
    const u8 zero[] = { ACPI_MADT_LAPIC, 0, 0, 0, 0, 0, 0, 0 };
    struct madt_body m;

    madt_start(&m, 0xfee00000, 0);
    madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
    madt_put(&m, zero, sizeof(zero));
    madt_lapic(&m, 1, 1, ACPI_MADT_ENABLED);    /* never reached */
    madt_boot(&m);
    assert_true(unit_log_contains("ACPI: MADT: truncated entry at offset 52 (length 0)"));
    assert_int_equal(acpi_madt()->nr_cpus, 1);
    assert_false(acpi_madt()->pcat_compat);
}

static void test_madt_truncated(void **state)
{
    struct madt_body m;

    madt_start(&m, 0xfee00000, 0);
    madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
    madt_lapic(&m, 1, 1, ACPI_MADT_ENABLED);
    m.len -= 3;                 /* the second entry runs past the end */
    madt_boot(&m);
    assert_true(unit_log_contains("truncated entry at offset 52 (length 8)"));
    assert_int_equal(acpi_madt()->nr_cpus, 1);

    /* One stray byte after the last entry. */
    teardown(state);
    setup(state);
    madt_start(&m, 0xfee00000, 0);
    madt_lapic(&m, 0, 0, ACPI_MADT_ENABLED);
    madt_put(&m, "\x00", 1);
    madt_boot(&m);
    assert_true(unit_log_contains("truncated entry at offset 52 (length 0)"));
    assert_int_equal(acpi_madt()->nr_cpus, 1);
}

static void test_madt_no_cpus_or_short(void **state)
{
    struct madt_body m;

    madt_start(&m, 0xfee00000, 0);
    madt_lapic(&m, 0, 0, 0);
    madt_boot(&m);
    assert_true(unit_log_contains("no enabled CPU listed"));
    assert_null(acpi_madt());

    teardown(state);
    setup(state);
    m.len = 4;                  /* no flags field */
    madt_boot(&m);
    assert_true(unit_log_contains("ACPI: MADT: length 40 too short"));
    assert_null(acpi_madt());
}

static void test_madt_too_many_cpus(void **state)
{
    struct madt_body m;

    madt_start(&m, 0xfee00000, 0);
    for (u32 i = 0; i < 300; i++)
        madt_x2apic(&m, i, i, ACPI_MADT_ENABLED);
    madt_boot(&m);
    assert_int_equal(acpi_madt()->nr_cpus, ACPI_MAX_CPUS);
    assert_int_equal(acpi_madt()->nr_dropped, 300 - ACPI_MAX_CPUS);
    assert_int_equal(acpi_madt()->cpus[255].apic_id, 255);
    assert_true(unit_log_contains("more than 256 CPUs"));
}

/* ---- FADT, DSDT and power-off values ---- */

static void fadt_boot(const struct acpi_fadt *f, u8 rev, size_t len,
                      const u8 *aml, size_t aml_len)
{
    const paddr_t ents[] = { FADT_PA };

    bi_rsdp(1, 0);
    root_add(RSDT_PA, "RSDT", ents, 1);
    fadt_add(f, rev, len);
    if (aml)
        tbl_add(DSDT_PA, "DSDT", 2, aml, aml_len);
    assert_int_equal(acpi_init(&bi), 0);
}

static void test_fadt_v1_short(void **state)
{
    struct acpi_fadt f;
    const struct acpi_fadt_info *fi;

    fadt_base(&f);
    f.flags = ACPI_FADT_RESET_REG_SUP;  /* but no room for the register */
    fadt_boot(&f, 1, ACPI_FADT_V1_LEN, aml_s5_55, sizeof(aml_s5_55));
    fi = acpi_fadt();
    assert_non_null(fi);
    assert_int_equal(fi->revision, 1);
    assert_int_equal(fi->pm1a_cnt, 0xb004);
    assert_int_equal(fi->pm1b_cnt, 0);
    assert_int_equal(fi->pm_tmr, 0xb008);
    assert_int_equal(fi->sci_irq, 9);
    assert_int_equal(fi->dsdt, DSDT_PA);
    assert_int_equal(fi->century, 0x32);
    assert_int_equal(fi->iapc_boot_arch, ACPI_IAPC_8042);
    assert_false(fi->has_reset);
    assert_true(fi->s5_found);
    assert_int_equal(fi->slp_typ_a, 5);
    assert_int_equal(fi->slp_typ_b, 5);
    assert_true(unit_log_contains("ACPI: FADT: PM1a_CNT 0xb004, PM1b_CNT 0x0, reset reg none, SCI 9"));
    assert_true(unit_log_contains("ACPI: DSDT 0x7fe3000 len 50"));
}

static void test_fadt_v6_x_fields(void **state)
{
    struct acpi_fadt f;
    const struct acpi_fadt_info *fi;

    fadt_base(&f);
    f.dsdt = 0xdead0000;                /* X_DSDT wins */
    f.x_dsdt = DSDT_PA;
    f.pm1a_cnt_blk = 0x1234;
    f.x_pm1a_cnt_blk = (struct acpi_gas){ ACPI_GAS_IO, 16, 0, 2, 0x604 };
    f.pm1b_cnt_blk = 0x700;
    f.x_pm1b_cnt_blk = (struct acpi_gas){ ACPI_GAS_MEMORY, 16, 0, 2, 0xfe000000 };
    f.flags = ACPI_FADT_RESET_REG_SUP;
    f.reset_reg = (struct acpi_gas){ ACPI_GAS_IO, 8, 0, 1, 0xcf9 };
    f.reset_value = 0x6;
    fadt_boot(&f, 6, sizeof(f), aml_s5_55, sizeof(aml_s5_55));
    fi = acpi_fadt();
    assert_non_null(fi);
    assert_int_equal(fi->dsdt, DSDT_PA);
    assert_int_equal(fi->pm1a_cnt, 0x604);
    assert_int_equal(fi->pm1b_cnt, 0x700);  /* memory-space X_ ignored */
    assert_true(unit_log_contains("X_PM1b_CNT_BLK space 0 address 0xfe000000 not an I/O port"));
    assert_true(fi->has_reset);
    assert_int_equal(fi->reset_reg.space_id, ACPI_GAS_IO);
    assert_int_equal(fi->reset_reg.address, 0xcf9);
    assert_int_equal(fi->reset_value, 6);
    assert_int_equal(fi->slp_typ_a, 5);
    assert_true(unit_log_contains("reset reg io 0xcf9 value 0x6, SCI 9"));
}

static void test_fadt_reset_unflagged(void **state)
{
    struct acpi_fadt f;

    fadt_base(&f);
    f.reset_reg = (struct acpi_gas){ ACPI_GAS_IO, 8, 0, 1, 0xcf9 };
    f.reset_value = 0x6;
    fadt_boot(&f, 6, sizeof(f), aml_s5_55, sizeof(aml_s5_55));
    assert_false(acpi_fadt()->has_reset);
}

static void test_fadt_too_short(void **state)
{
    struct acpi_fadt f;

    fadt_boot(fadt_base(&f), 1, 100, NULL, 0);
    assert_true(unit_log_contains("ACPI: FADT: length 100 too short (need 116)"));
    assert_null(acpi_fadt());
}

static void test_dsdt_without_s5(void **state)
{
    static const u8 aml[] = { 0x10, 0x05, '_', 'S', 'B', '_', 0x5b, 0x80,
                              '_', 'S', '5', '_', 0x14 };  /* decoy: not a package */
    struct acpi_fadt f;

    fadt_boot(fadt_base(&f), 1, ACPI_FADT_V1_LEN, aml, sizeof(aml));
    assert_non_null(acpi_fadt());
    assert_false(acpi_fadt()->s5_found);
    assert_int_equal(acpi_fadt()->slp_typ_a, 0);
    assert_true(unit_log_contains("<1>ACPI: no usable \\_S5_ in the DSDT, assuming SLP_TYP 0"));
}

static void test_dsdt_missing(void **state)
{
    struct acpi_fadt f;

    fadt_boot(fadt_base(&f), 1, ACPI_FADT_V1_LEN, NULL, 0);
    assert_true(unit_log_contains("ACPI: DSDT at 0x7fe3000: header not mapped"));
    assert_non_null(acpi_fadt());
    assert_false(acpi_fadt()->s5_found);
}

/* ---- HPET ---- */

static void test_hpet(void **state)
{
    const struct acpi_hpet_info *h;

    bi_rsdp(2, 2);
    platform_add();
    assert_int_equal(acpi_init(&bi), 0);
    h = acpi_hpet();
    assert_non_null(h);
    assert_int_equal(h->address, 0xfed00000);
    assert_int_equal(h->nr_comparators, 3);
    assert_int_equal(h->vendor_id, 0x8086);
    assert_true(h->legacy_capable);
    assert_int_equal(h->min_tick, 0x80);
    assert_true(unit_log_contains("ACPI: HPET at 0xfed00000, 3 comparators"));
}

static void test_hpet_bad(void **state)
{
    const paddr_t ents[] = { HPET_PA, HPET_PA + 0x100 };

    bi_rsdp(2, 2);
    root_add(XSDT_PA, "XSDT", ents, 2);
    hpet_add(HPET_PA, ACPI_GAS_IO, 0x1000);
    assert_int_equal(acpi_init(&bi), 0);
    assert_true(unit_log_contains("ACPI: HPET: base 0x1000 in address space 1 unusable"));
    assert_null(acpi_hpet());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rsdp_v1_uses_rsdt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_v2_uses_xsdt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_v2_in_v1_tag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_v2_bad_ext_checksum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_bad_checksum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_rsdp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_scan_bios_rom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdp_scan_ebda, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsdt_bad_falls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_bad_checksum_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_bad_lengths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root_entry_unmapped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsdt_wrong_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_table_instances, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_zero_length_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_no_cpus_or_short, setup, teardown),
        cmocka_unit_test_setup_teardown(test_madt_too_many_cpus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fadt_v1_short, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fadt_v6_x_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fadt_reset_unflagged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fadt_too_short, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dsdt_without_s5, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dsdt_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hpet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hpet_bad, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
