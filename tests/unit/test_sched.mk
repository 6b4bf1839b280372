UNIT_SRCS_test_sched := xen/sched.c xen/sched_debug.c xen/cmdline.c
