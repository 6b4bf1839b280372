UNIT_SRCS_test_grant_entry := xen/grant_entry.c
