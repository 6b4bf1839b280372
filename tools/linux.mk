# Stock Debian Linux guest images (tools/fetch-linux.sh; never committed).
#
#   make linux-images   build/linux/{vmlinux,bzImage,initramfs.cpio}
#
# Always runs the script, which skips every step whose output is up to
# date; the download happens once and is cached in build/linux/debs.

.PHONY: linux-images
linux-images:
	$(Q)sh tools/fetch-linux.sh --out $(BUILD)/linux
