build/obj/arch/x86/boot/multiboot2.o: arch/x86/boot/multiboot2.c \
 include/xen/errno.h include/xen/lib.h include/xen/compiler.h \
 include/xen/types.h include/xen/multiboot2.h include/xen/bootinfo.h \
 include/xen/string.h
include/xen/errno.h:
include/xen/lib.h:
include/xen/compiler.h:
include/xen/types.h:
include/xen/multiboot2.h:
include/xen/bootinfo.h:
include/xen/string.h:
