UNIT_SRCS_test_keyhandler := xen/keyhandler.c xen/serial_input.c
