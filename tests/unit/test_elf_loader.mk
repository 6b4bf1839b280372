UNIT_SRCS_test_elf_loader := xen/elf_loader.c
