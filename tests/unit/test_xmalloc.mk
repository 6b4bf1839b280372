UNIT_SRCS_test_xmalloc := xen/page_alloc.c xen/xmalloc.c
