UNIT_SRCS_test_console := xen/cmdline.c drivers/uart_config.c
