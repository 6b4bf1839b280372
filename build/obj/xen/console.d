build/obj/xen/console.o: xen/console.c include/xen/console.h \
 include/xen/types.h include/xen/errno.h include/xen/lib.h \
 include/xen/compiler.h include/xen/param.h include/xen/serial.h \
 include/xen/spinlock.h include/xen/string.h include/xen/time.h
include/xen/console.h:
include/xen/types.h:
include/xen/errno.h:
include/xen/lib.h:
include/xen/compiler.h:
include/xen/param.h:
include/xen/serial.h:
include/xen/spinlock.h:
include/xen/string.h:
include/xen/time.h:
