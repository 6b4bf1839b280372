UNIT_SRCS_test_pvh_layout := xen/pvh_layout.c
