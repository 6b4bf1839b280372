/*
 * Firmware layouts of the ACPI structures we read (ACPI 6.5 chapter 5), and
 * the parsers shared between the files of drivers/acpi/. Only drivers/acpi/,
 * xen/acpi_guest.c (guest tables in the same layouts) and their unit tests
 * include this; everyone else uses <xen/acpi.h>.
 * All structures are packed: tables sit at arbitrary byte addresses.
 */
#ifndef XEN_ACPI_TABLES_H
#define XEN_ACPI_TABLES_H

#include <xen/acpi.h>
#include <xen/compiler.h>
#include <xen/types.h>

#define ACPI_RSDP_SIG "RSD PTR "
#define ACPI_RSDP_V1_LEN 20     /* the part covered by the first checksum */
#define ACPI_RSDP_V2_LEN 36

/* Tables beyond this are certainly corrupt (the largest DSDTs are ~1 MiB). */
#define ACPI_TABLE_MAX_LEN (16U << 20)

struct acpi_rsdp {
    char signature[8];
    u8 checksum;            /* bytes 0..19 sum to 0 */
    char oem_id[6];
    u8 revision;            /* 0 = ACPI 1.0, 2 = ACPI 2.0+ */
    u32 rsdt;
    /* revision >= 2 only: */
    u32 length;
    u64 xsdt;
    u8 ext_checksum;        /* bytes 0..length-1 sum to 0 */
    u8 reserved[3];
} __packed;

struct acpi_table_header {
    char signature[4];
    u32 length;             /* of the whole table, header included */
    u8 revision;
    u8 checksum;            /* whole table sums to 0 */
    char oem_id[6];
    char oem_table_id[8];
    u32 oem_revision;
    u32 creator_id;
    u32 creator_revision;
} __packed;

struct acpi_gas {
    u8 space_id;
    u8 bit_width;
    u8 bit_offset;
    u8 access_size;
    u64 address;
} __packed;

/* MADT ("APIC"): the header is followed by variable-length entries. */
struct acpi_madt {
    struct acpi_table_header hdr;
    u32 lapic_addr;
    u32 flags;              /* ACPI_MADT_PCAT_COMPAT */
} __packed;

#define ACPI_MADT_PCAT_COMPAT (1U << 0)

struct acpi_madt_entry {
    u8 type;
    u8 length;              /* of this entry, these two bytes included */
} __packed;

enum acpi_madt_type {
    ACPI_MADT_LAPIC = 0,
    ACPI_MADT_IOAPIC = 1,
    ACPI_MADT_OVERRIDE = 2,
    ACPI_MADT_NMI_SRC = 3,
    ACPI_MADT_LAPIC_NMI = 4,
    ACPI_MADT_LAPIC_ADDR = 5,
    ACPI_MADT_X2APIC = 9,
    ACPI_MADT_X2APIC_NMI = 0xa,
};

/* Processor local APIC / x2APIC flags. */
#define ACPI_MADT_ENABLED (1U << 0)
#define ACPI_MADT_ONLINE_CAPABLE (1U << 1)

struct acpi_madt_lapic {
    struct acpi_madt_entry e;
    u8 acpi_uid;
    u8 apic_id;
    u32 flags;
} __packed;

struct acpi_madt_ioapic {
    struct acpi_madt_entry e;
    u8 id;
    u8 reserved;
    u32 addr;
    u32 gsi_base;
} __packed;

struct acpi_madt_override {
    struct acpi_madt_entry e;
    u8 bus;
    u8 source;
    u32 gsi;
    u16 flags;
} __packed;

struct acpi_madt_nmi_src {
    struct acpi_madt_entry e;
    u16 flags;
    u32 gsi;
} __packed;

struct acpi_madt_lapic_nmi {
    struct acpi_madt_entry e;
    u8 acpi_uid;            /* 0xff = all processors */
    u16 flags;
    u8 lint;
} __packed;

struct acpi_madt_lapic_addr {
    struct acpi_madt_entry e;
    u16 reserved;
    u64 addr;
} __packed;

struct acpi_madt_x2apic {
    struct acpi_madt_entry e;
    u16 reserved;
    u32 x2apic_id;
    u32 flags;
    u32 acpi_uid;
} __packed;

struct acpi_madt_x2apic_nmi {
    struct acpi_madt_entry e;
    u16 flags;
    u32 acpi_uid;           /* 0xffffffff = all processors */
    u8 lint;
    u8 reserved[3];
} __packed;

/* FADT ("FACP"). Revision 1 ends after flags (116 bytes); 6.x is 276. */
struct acpi_fadt {
    struct acpi_table_header hdr;
    u32 firmware_ctrl;
    u32 dsdt;
    u8 int_model;
    u8 pm_profile;
    u16 sci_int;
    u32 smi_cmd;
    u8 acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
    u32 pm1a_evt_blk, pm1b_evt_blk;
    u32 pm1a_cnt_blk, pm1b_cnt_blk;
    u32 pm2_cnt_blk, pm_tmr_blk;
    u32 gpe0_blk, gpe1_blk;
    u8 pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
    u8 gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
    u16 p_lvl2_lat, p_lvl3_lat;
    u16 flush_size, flush_stride;
    u8 duty_offset, duty_width;
    u8 day_alrm, mon_alrm, century;
    u16 iapc_boot_arch;
    u8 reserved1;
    u32 flags;
    /* ACPI 2.0+ (revision >= 3 in practice; check the length instead). */
    struct acpi_gas reset_reg;
    u8 reset_value;
    u16 arm_boot_arch;
    u8 minor_revision;
    u64 x_firmware_ctrl;
    u64 x_dsdt;
    struct acpi_gas x_pm1a_evt_blk, x_pm1b_evt_blk;
    struct acpi_gas x_pm1a_cnt_blk, x_pm1b_cnt_blk;
    struct acpi_gas x_pm2_cnt_blk, x_pm_tmr_blk;
    struct acpi_gas x_gpe0_blk, x_gpe1_blk;
    struct acpi_gas sleep_control, sleep_status;
    u64 hypervisor_vendor;
} __packed;

#define ACPI_FADT_V1_LEN 116

/* True if field f of a FADT of length len is present in the table. */
#define ACPI_FADT_HAS(len, f) \
    (__builtin_offsetof(struct acpi_fadt, f) + \
     sizeof(((struct acpi_fadt *)0)->f) <= (len))

/* HPET ("HPET"), IA-PC HPET specification 1.0a section 3.2.4. */
struct acpi_hpet {
    struct acpi_table_header hdr;
    u32 block_id;
    struct acpi_gas base;
    u8 hpet_number;
    u16 min_tick;
    u8 page_protection;
} __packed;

/* ---- Shared between the files of drivers/acpi/ and their unit tests ---- */

/* Sum of len bytes modulo 256; a valid table sums to 0. */
u8 acpi_checksum(const void *p, size_t len);

/*
 * Map and validate the table at pa: header mappable, length in
 * [36, ACPI_TABLE_MAX_LEN), whole table mappable, checksum 0 and, if sig is
 * not NULL, the signature. Warns naming the table on failure. Returns the
 * mapped header or NULL.
 */
const struct acpi_table_header *acpi_table_map(paddr_t pa, const char *sig);

/*
 * Parsers of a mapped, already validated table. Each fills *out from
 * scratch, warns about and skips malformed parts, and returns 0 or -errno
 * when nothing usable is there.
 */
int __must_check acpi_madt_parse(const struct acpi_table_header *h,
                                 struct acpi_madt_info *out);
int __must_check acpi_fadt_parse(const struct acpi_table_header *h,
                                 struct acpi_fadt_info *out);
int __must_check acpi_hpet_parse(const struct acpi_table_header *h,
                                 struct acpi_hpet_info *out);

/*
 * Find the \_S5_ package in len bytes of AML and decode its first two
 * elements into *typ_a and *typ_b. Returns 0, -ENOENT if there is no _S5_
 * package, -EINVAL if it is malformed or truncated.
 */
int __must_check acpi_aml_find_s5(const u8 *aml, size_t len,
                                  u8 *typ_a, u8 *typ_b);

/* Reset the table directory and locate the RSDP and root table (tables.c). */
int __must_check acpi_tables_init(const struct bootinfo *bi);

#endif /* XEN_ACPI_TABLES_H */
