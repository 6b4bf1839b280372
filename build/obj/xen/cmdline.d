build/obj/xen/cmdline.o: xen/cmdline.c include/xen/errno.h \
 include/xen/lib.h include/xen/compiler.h include/xen/types.h \
 include/xen/param.h include/xen/string.h
include/xen/errno.h:
include/xen/lib.h:
include/xen/compiler.h:
include/xen/types.h:
include/xen/param.h:
include/xen/string.h:
