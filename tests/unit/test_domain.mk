UNIT_SRCS_test_domain := xen/domain.c xen/sched.c xen/sched_debug.c xen/cmdline.c xen/page_alloc.c xen/xmalloc.c
