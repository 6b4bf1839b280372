UNIT_SRCS_test_xz := xen/xz.c xen/lzma.c xen/lzma2.c xen/xz_bcj.c xen/xz_check.c xen/bzimage.c \
    xen/kernel_image.c
# Streams made by the xz CLI at build time (tests/unit/xz_fixtures.sh).
XZ_FIXTURES := $(BUILD)/unit/xz
$(XZ_FIXTURES)/stamp: tests/unit/xz_fixtures.sh
	$(Q)sh tests/unit/xz_fixtures.sh $(XZ_FIXTURES)
	$(Q)touch $@
$(BUILD)/unit/test_xz: $(XZ_FIXTURES)/stamp
$(BUILD)/unit/test_xz: UNIT_CFLAGS += -DXZ_FIXTURES='"$(XZ_FIXTURES)"'
