UNIT_SRCS_test_mmio_decode := arch/x86/mmio_decode.c
