UNIT_SRCS_test_symbols := xen/symbols.c
