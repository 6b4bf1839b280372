UNIT_SRCS_test_cmdline := xen/cmdline.c
