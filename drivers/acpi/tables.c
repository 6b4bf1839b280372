/*
 * ACPI table discovery: the RSDP (from the boot loader's copy or a scan of
 * the BIOS areas), the RSDT/XSDT walk, per-table header validation and the
 * directory of valid tables that acpi_find_table() searches.
 * All firmware memory is reached through acpi_map().
 */
#include <xen/acpi.h>
#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

/* Tables beyond this many in the root table are ignored (with a warning). */
#define ACPI_MAX_TABLES 64

/* BIOS areas holding the RSDP on legacy systems (ACPI 6.5 5.2.5.1). */
#define BDA_EBDA_SEG 0x40e      /* u16: real-mode segment of the EBDA */
#define EBDA_SCAN_LEN 1024
#define EBDA_END 0xa0000        /* conventional memory ends here */
#define BIOS_ROM_START 0xe0000
#define BIOS_ROM_END 0x100000
#define RSDP_ALIGN 16

struct acpi_dir_entry {
    char sig[4];
    paddr_t pa;
};

/* Valid tables named by the root table; written only by acpi_tables_init. */
static struct acpi_dir_entry acpi_dir[ACPI_MAX_TABLES];
static unsigned int acpi_nr_tables;

/* What the RSDP points at. */
struct acpi_root {
    unsigned int rev;       /* 1 or 2: which RSDP layout was validated */
    paddr_t rsdt;
    paddr_t xsdt;           /* 0 unless a valid v2 RSDP gave one */
};

/* Every ACPI structure is protected by a byte sum (ACPI 6.5 5.2.5.3). */
u8 acpi_checksum(const void *p, size_t len)
{
    const u8 *b = p;
    u8 sum = 0;

    while (len--)
        sum += *b++;
    return sum;
}

/* Signatures come from firmware: make them safe to print. */
static void acpi_sig_str(const char *sig, char out[5])
{
    for (unsigned int i = 0; i < 4; i++)
        out[i] = (sig[i] >= 0x20 && sig[i] < 0x7f) ? sig[i] : '?';
    out[4] = '\0';
}

/*
 * Second half of acpi_table_map(): length, mapping and checksum. The length
 * is checked before the whole table is mapped, so a garbage length can
 * neither make us read far beyond the table nor wrap an address.
 */
static const struct acpi_table_header *
acpi_table_check(paddr_t pa, const struct acpi_table_header *h,
                 const char *name)
{
    u32 len = h->length;
    u8 sum;

    if (len < sizeof(*h) || len >= ACPI_TABLE_MAX_LEN) {
        printk(XENLOG_WARNING "ACPI: %s at 0x%lx: bad length %u, skipped\n",
               name, pa, len);
        return NULL;
    }
    h = acpi_map(pa, len);
    if (!h) {
        printk(XENLOG_WARNING "ACPI: %s at 0x%lx: length %u runs past mapped memory, skipped\n",
               name, pa, len);
        return NULL;
    }
    sum = acpi_checksum(h, len);
    if (sum) {
        printk(XENLOG_WARNING "ACPI: %s at 0x%lx: bad checksum (sum 0x%x), skipped\n",
               name, pa, sum);
        return NULL;
    }
    return h;
}

/* Header first: its length says how much more to map. */
const struct acpi_table_header *acpi_table_map(paddr_t pa, const char *sig)
{
    const struct acpi_table_header *h = acpi_map(pa, sizeof(*h));
    char name[5];

    if (!h) {
        printk(XENLOG_WARNING "ACPI: %s at 0x%lx: header not mapped, skipped\n",
               sig ? sig : "table", pa);
        return NULL;
    }
    acpi_sig_str(h->signature, name);
    if (sig && memcmp(h->signature, sig, 4)) {
        printk(XENLOG_WARNING "ACPI: %s at 0x%lx: signature is '%s', skipped\n",
               sig, pa, name);
        return NULL;
    }
    return acpi_table_check(pa, h, name);
}

/*
 * Validate an RSDP of which avail bytes are readable; fill *root. A v2 RSDP
 * whose extended part is bad still yields the RSDT: the first checksum
 * vouches for it, and ACPI 1.0 OSes rely on exactly that.
 */
static int acpi_rsdp_check(const struct acpi_rsdp *r, size_t avail,
                           struct acpi_root *root)
{
    if (memcmp(r->signature, ACPI_RSDP_SIG, 8))
        return -EINVAL;
    if (acpi_checksum(r, ACPI_RSDP_V1_LEN)) {
        printk(XENLOG_WARNING "ACPI: RSDP: bad checksum, ignored\n");
        return -EINVAL;
    }
    root->rev = 1;
    root->rsdt = r->rsdt;
    root->xsdt = 0;
    if (r->revision < 2 || avail < ACPI_RSDP_V2_LEN)
        return 0;
    if (r->length < ACPI_RSDP_V2_LEN || r->length > avail) {
        printk(XENLOG_WARNING "ACPI: RSDP: bad v2 length %u, using the RSDT\n",
               r->length);
        return 0;
    }
    if (acpi_checksum(r, r->length)) {
        printk(XENLOG_WARNING "ACPI: RSDP: bad extended checksum, using the RSDT\n");
        return 0;
    }
    root->rev = 2;
    root->xsdt = r->xsdt;
    return 0;
}

/*
 * Look for the RSDP on 16-byte boundaries of [start, start + len). Where a
 * v2 RSDP would run past the mappable memory, only its v1 part is read.
 */
static paddr_t acpi_rsdp_scan_range(paddr_t start, size_t len,
                                    struct acpi_root *root)
{
    for (paddr_t pa = start; pa + ACPI_RSDP_V1_LEN <= start + len;
         pa += RSDP_ALIGN) {
        const struct acpi_rsdp *r = acpi_map(pa, ACPI_RSDP_V2_LEN);
        size_t avail = ACPI_RSDP_V2_LEN;

        if (!r) {
            r = acpi_map(pa, ACPI_RSDP_V1_LEN);
            avail = ACPI_RSDP_V1_LEN;
        }
        if (r && !acpi_rsdp_check(r, avail, root))
            return pa;
    }
    return 0;
}

/* Legacy BIOS: first KiB of the EBDA, then the BIOS ROM area. */
static paddr_t acpi_rsdp_scan(struct acpi_root *root)
{
    const u16 *seg = acpi_map(BDA_EBDA_SEG, sizeof(*seg));
    paddr_t pa = 0;

    /* A segment pointing outside conventional memory is BDA garbage. */
    if (seg && *seg && ((paddr_t)*seg << 4) + EBDA_SCAN_LEN <= EBDA_END)
        pa = acpi_rsdp_scan_range((paddr_t)*seg << 4, EBDA_SCAN_LEN, root);
    if (!pa)
        pa = acpi_rsdp_scan_range(BIOS_ROM_START,
                                  BIOS_ROM_END - BIOS_ROM_START, root);
    return pa;
}

/*
 * RSDP from the multiboot2 tag copy, else from a scan; logs what it found.
 * Under UEFI the scan finds nothing (no BIOS areas), so the loader's copy
 * is the only source there; the scan is for loaders that omit the tag.
 */
static int acpi_rsdp_find(const struct bootinfo *bi, struct acpi_root *root)
{
    size_t avail = bi && bi->rsdp_revision >= 2 ? ACPI_RSDP_V2_LEN
                                                : ACPI_RSDP_V1_LEN;
    paddr_t pa;

    if (bi && bi->rsdp_revision) {
        if (acpi_rsdp_check((const void *)bi->rsdp, avail, root) == 0) {
            printk("ACPI: RSDP v%u from boot loader, %s at 0x%lx\n", root->rev,
                   root->xsdt ? "XSDT" : "RSDT",
                   root->xsdt ? root->xsdt : root->rsdt);
            return 0;
        }
        printk(XENLOG_WARNING "ACPI: RSDP from boot loader invalid, scanning BIOS areas\n");
    }
    pa = acpi_rsdp_scan(root);
    if (!pa) {
        printk(XENLOG_WARNING "ACPI: no RSDP found, running without ACPI tables\n");
        return -ENODEV;
    }
    printk("ACPI: RSDP v%u at 0x%lx, %s at 0x%lx\n", root->rev, pa,
           root->xsdt ? "XSDT" : "RSDT", root->xsdt ? root->xsdt : root->rsdt);
    return 0;
}

/* Entry i of the root table; entries are not naturally aligned. */
static paddr_t acpi_root_entry(const struct acpi_table_header *h,
                               size_t esize, unsigned int i)
{
    const u8 *p = (const u8 *)(h + 1) + i * esize;
    u64 v = 0;

    memcpy(&v, p, esize);   /* little-endian host: low bytes first */
    return v;
}

/*
 * Record one table named by the root table, if it is valid. A zero entry
 * is padding some firmware leaves, not an error. Only valid tables enter
 * the directory, so acpi_find_table() never returns a corrupt one.
 */
static void acpi_dir_add(paddr_t pa)
{
    const struct acpi_table_header *h;
    char name[5];

    if (!pa)
        return;
    h = acpi_table_map(pa, NULL);
    if (!h)
        return;
    acpi_sig_str(h->signature, name);
    printk("ACPI: %s 0x%lx len %u rev %u\n", name, pa, h->length, h->revision);
    if (acpi_nr_tables == ACPI_MAX_TABLES) {
        printk(XENLOG_WARNING "ACPI: more than %u tables, %s ignored\n",
               ACPI_MAX_TABLES, name);
        return;
    }
    memcpy(acpi_dir[acpi_nr_tables].sig, h->signature, 4);
    acpi_dir[acpi_nr_tables++].pa = pa;
}

/*
 * Validate the XSDT (preferred: 64-bit entries, and the only root table
 * an ACPI 2.0+ OS is required to use) or the RSDT, and record every table
 * it lists. A length that is not a whole number of entries is reported but
 * the whole entries are still used.
 */
static int acpi_root_walk(const struct acpi_root *root)
{
    const struct acpi_table_header *h = NULL;
    size_t esize = 8;
    unsigned int n;

    if (root->xsdt) {
        h = acpi_table_map(root->xsdt, "XSDT");
        if (!h)
            printk(XENLOG_WARNING "ACPI: XSDT unusable, falling back to the RSDT\n");
    }
    if (!h && root->rsdt) {
        esize = 4;
        h = acpi_table_map(root->rsdt, "RSDT");
    }
    if (!h)
        return -ENODEV;
    if ((h->length - sizeof(*h)) % esize)
        printk(XENLOG_WARNING "ACPI: %s length %u is not a whole number of entries\n",
               esize == 8 ? "XSDT" : "RSDT", h->length);
    n = (h->length - sizeof(*h)) / esize;
    for (unsigned int i = 0; i < n; i++)
        acpi_dir_add(acpi_root_entry(h, esize, i));
    return 0;
}

/* Start from an empty directory, so a second call forgets the first. */
int acpi_tables_init(const struct bootinfo *bi)
{
    struct acpi_root root;
    int rc;

    acpi_nr_tables = 0;
    rc = acpi_rsdp_find(bi, &root);
    if (rc)
        return rc;
    rc = acpi_root_walk(&root);
    if (rc)
        printk(XENLOG_WARNING "ACPI: no usable RSDT/XSDT, running without ACPI tables\n");
    return rc;
}

paddr_t acpi_find_table(const char sig[4], unsigned int instance)
{
    for (unsigned int i = 0; i < acpi_nr_tables; i++)
        if (!memcmp(acpi_dir[i].sig, sig, 4) && instance-- == 0)
            return acpi_dir[i].pa;
    return 0;
}
