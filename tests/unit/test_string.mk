UNIT_SRCS_test_string := tests/unit/string_wrap.c
