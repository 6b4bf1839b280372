UNIT_SRCS_test_uart_config := drivers/uart_config.c xen/cmdline.c
