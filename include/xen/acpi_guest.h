/*
 * ACPI tables for a PVH domU, as Xen's libacpi gives them: RSDP v2 -> XSDT
 * -> FADT (hardware-reduced, -> an empty DSDT) and MADT (one processor
 * entry per vCPU, no IOAPIC, no 8259s). Pure: builds into a caller buffer
 * that the caller copies to guest-physical gpa. Unit-tested in
 * tests/unit/test_acpi_guest.c by parsing the result with drivers/acpi/.
 */
#ifndef XEN_ACPI_GUEST_H
#define XEN_ACPI_GUEST_H

#include <xen/compiler.h>
#include <xen/types.h>

/* The RSDP is at offset 0 of the built block (16-byte aligned as required). */
#define ACPI_GUEST_RSDP_OFFSET 0
/* Everything fits one page up to this many vCPUs (the MADT grows by 8 each). */
#define ACPI_GUEST_MAX_VCPUS 256
#define ACPI_GUEST_LAPIC_ADDR 0xfee00000U

/*
 * Bytes acpi_guest_build() needs for nr_vcpus vCPUs.
 */
size_t acpi_guest_size(unsigned int nr_vcpus);

/*
 * Build the tables for a guest with nr_vcpus vCPUs (1..ACPI_GUEST_MAX_VCPUS,
 * APIC id = ACPI processor id = vCPU id, the x2APIC ID our MSR 0x802
 * reports) into buf, which the guest will see at gpa (16-byte aligned,
 * below 4 GiB). Unused bytes up to size are zeroed. Returns 0, -EINVAL for
 * a bad vCPU count or address, -ENOSPC if size < acpi_guest_size().
 */
int __must_check acpi_guest_build(void *buf, size_t size, u64 gpa, unsigned int nr_vcpus);

#endif /* XEN_ACPI_GUEST_H */
