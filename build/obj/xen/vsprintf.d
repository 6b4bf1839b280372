build/obj/xen/vsprintf.o: xen/vsprintf.c include/xen/lib.h \
 include/xen/compiler.h include/xen/types.h include/xen/string.h
include/xen/lib.h:
include/xen/compiler.h:
include/xen/types.h:
include/xen/string.h:
