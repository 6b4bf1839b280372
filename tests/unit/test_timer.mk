UNIT_SRCS_test_timer := xen/timer.c xen/time_scale.c
