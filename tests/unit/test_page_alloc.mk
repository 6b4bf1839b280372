UNIT_SRCS_test_page_alloc := xen/page_alloc.c xen/page_alloc_boot.c
