UNIT_SRCS_test_event_channel := xen/event_channel.c
