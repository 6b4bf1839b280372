/*
 * ACPI table parsing (drivers/acpi/): what the firmware tables tell the
 * hypervisor about CPUs, interrupt controllers, power control and the HPET.
 * Everything is parsed once, on the boot CPU, by acpi_init(); afterwards the
 * results are read-only and may be read from any CPU without locking.
 */
#ifndef XEN_ACPI_H
#define XEN_ACPI_H

#include <xen/bootinfo.h>
#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Map len bytes of firmware memory at physical address pa for reading.
 * Provided by the arch (identity in the hypervisor) and by unit tests (over
 * synthesized buffers). Returns NULL if the range cannot be mapped; the
 * mapping stays valid for the life of the hypervisor.
 */
const void *acpi_map(paddr_t pa, size_t len);

/* Generic Address Structure, decoded (ACPI 6.5 section 5.2.3.2). */
struct acpi_gas_info {
    u8 space_id;            /* ACPI_GAS_* */
    u8 bit_width;
    u8 bit_offset;
    u8 access_size;
    u64 address;
};

#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1
#define ACPI_GAS_PCI_CONFIG 2

/* Array bounds of struct acpi_madt_info; extra entries are counted, dropped. */
#define ACPI_MAX_CPUS 256
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_NMIS 8

/* One enabled processor (MADT type 0 or 9). */
struct acpi_cpu {
    u32 apic_id;            /* xAPIC id (< 255) or x2APIC id */
    u32 acpi_uid;           /* processor UID, matches NMI entries */
    bool x2apic;            /* came from a local x2APIC entry */
};

struct acpi_ioapic {
    u8 id;
    u32 addr;               /* MMIO base of the register window */
    u32 gsi_base;           /* first GSI routed through this IOAPIC */
};

/* ISA IRQ -> GSI remapping (MADT type 2). */
struct acpi_irq_override {
    u8 bus;                 /* always 0 = ISA */
    u8 source_irq;
    u32 gsi;
    u16 flags;              /* MPS INTI flags: polarity bits 1:0, trigger 3:2 */
};

/* NMI wiring: MADT type 3 (gsi valid) or type 4/0xA (lint valid). */
struct acpi_nmi {
    bool is_lapic;          /* local APIC LINT pin, else an IOAPIC GSI */
    u32 acpi_uid;           /* ACPI_UID_ALL = every processor */
    u8 lint;
    u32 gsi;
    u16 flags;              /* MPS INTI flags */
};

#define ACPI_UID_ALL 0xffffffffU
#define ACPI_MPS_POLARITY_MASK 0x3
#define ACPI_MPS_TRIGGER_MASK 0xc

struct acpi_madt_info {
    paddr_t lapic_addr;     /* type 5 override applied */
    bool pcat_compat;       /* dual 8259s present: mask them before use */
    unsigned int nr_cpus;   /* enabled CPUs in cpus[] */
    unsigned int nr_disabled;   /* not enabled (including hot-pluggable) */
    unsigned int nr_online_capable; /* of those, may be brought online */
    unsigned int nr_dropped;    /* entries that did not fit an array */
    unsigned int nr_ioapics;
    unsigned int nr_overrides;
    unsigned int nr_nmis;
    unsigned int warnings;  /* malformed or duplicate entries skipped */
    struct acpi_cpu cpus[ACPI_MAX_CPUS];
    struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
    struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
    struct acpi_nmi nmis[ACPI_MAX_NMIS];
};

struct acpi_fadt_info {
    u8 revision;            /* FADT header revision */
    u32 flags;              /* ACPI_FADT_* */
    u16 iapc_boot_arch;     /* ACPI_IAPC_* */
    u16 sci_irq;
    u8 century;             /* CMOS index of the century, 0 = none */
    paddr_t dsdt;           /* X_DSDT if set, else DSDT; 0 = none */
    u16 pm1a_cnt;           /* I/O ports, 0 = absent */
    u16 pm1b_cnt;
    u16 pm_tmr;
    bool has_reset;         /* reset_reg/reset_value are usable */
    struct acpi_gas_info reset_reg;
    u8 reset_value;
    bool s5_found;          /* \_S5_ found in the DSDT; else typ = 0 */
    u8 slp_typ_a;           /* SLP_TYP for PM1a_CNT to enter S5 */
    u8 slp_typ_b;
};

#define ACPI_FADT_RESET_REG_SUP (1U << 10)
#define ACPI_FADT_HW_REDUCED (1U << 20)
#define ACPI_IAPC_LEGACY_DEVICES (1U << 0)
#define ACPI_IAPC_8042 (1U << 1)
#define ACPI_IAPC_NO_VGA (1U << 2)
#define ACPI_IAPC_NO_CMOS_RTC (1U << 5)

/* PM1x_CNT bits (ACPI 6.5 section 4.8.3.2.1). */
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_TYP_MASK (7U << ACPI_PM1_SLP_TYP_SHIFT)
#define ACPI_PM1_SLP_EN (1U << 13)

struct acpi_hpet_info {
    paddr_t address;        /* MMIO base of event timer block 0 */
    u32 block_id;           /* raw event timer block id */
    unsigned int nr_comparators;
    u16 vendor_id;          /* PCI vendor id of the HPET */
    bool legacy_capable;    /* can replace PIT/RTC interrupts */
    u8 hpet_number;
    u16 min_tick;           /* minimum periodic tick, in counter ticks */
};

/*
 * Find the RSDP (bi's copy, else a BIOS area scan), walk the RSDT/XSDT and
 * parse MADT, FADT (+ \_S5_ from the DSDT) and HPET; log one "ACPI:" line per
 * table and per summary. Bad tables are skipped with a warning. Boot CPU
 * only, before SMP. Returns 0, or -ENODEV when no valid RSDP/root table was
 * found (then every accessor below returns NULL).
 */
int __must_check acpi_init(const struct bootinfo *bi);

/*
 * Physical address of the instance'th (0-based) valid table with signature
 * sig among those listed by the root table; 0 if there is none.
 */
paddr_t acpi_find_table(const char sig[4], unsigned int instance);

/* Parsed results, NULL when the table was absent or unusable. */
const struct acpi_madt_info *acpi_madt(void);
const struct acpi_fadt_info *acpi_fadt(void);
const struct acpi_hpet_info *acpi_hpet(void);

/*
 * The value to write to a PM1x_CNT register whose current contents are cur
 * to enter the sleep state slp_typ: other bits kept, SLP_TYP replaced,
 * SLP_EN set.
 */
u16 acpi_pm1_sleep_value(u16 cur, u8 slp_typ);

#endif /* XEN_ACPI_H */
