UNIT_SRCS_test_vsprintf := tests/unit/vsprintf_wrap.c
