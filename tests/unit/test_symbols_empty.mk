UNIT_SRCS_test_symbols_empty := xen/symbols.c
