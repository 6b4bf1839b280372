UNIT_SRCS_test_domain_config := xen/domain_config.c xen/cmdline.c
