UNIT_SRCS_test_multiboot2 := arch/x86/boot/multiboot2.c
