build/obj/xen/panic.o: xen/panic.c include/xen/arch.h \
 include/xen/compiler.h include/xen/types.h include/xen/console.h \
 include/xen/errno.h include/xen/lib.h include/xen/param.h \
 include/xen/power.h include/xen/smp.h include/xen/string.h
include/xen/arch.h:
include/xen/compiler.h:
include/xen/types.h:
include/xen/console.h:
include/xen/errno.h:
include/xen/lib.h:
include/xen/param.h:
include/xen/power.h:
include/xen/smp.h:
include/xen/string.h:
