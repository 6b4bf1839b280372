UNIT_SRCS_test_acpi_aml := drivers/acpi/aml.c drivers/acpi/fadt.c
