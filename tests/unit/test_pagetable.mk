UNIT_SRCS_test_pagetable := arch/x86/pagetable.c
