UNIT_SRCS_test_acpi_guest := xen/acpi_guest.c drivers/acpi/tables.c drivers/acpi/madt.c drivers/acpi/fadt.c drivers/acpi/aml.c drivers/acpi/acpi.c
