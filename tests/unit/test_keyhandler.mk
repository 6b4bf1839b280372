UNIT_SRCS_test_keyhandler := xen/keyhandler.c
