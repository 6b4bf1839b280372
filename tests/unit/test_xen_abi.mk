UNIT_SRCS_test_xen_abi := xen/time_guest.c xen/hypercall_page.c
