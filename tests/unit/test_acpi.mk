UNIT_SRCS_test_acpi := drivers/acpi/tables.c drivers/acpi/madt.c drivers/acpi/fadt.c drivers/acpi/aml.c drivers/acpi/acpi.c
