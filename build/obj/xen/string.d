build/obj/xen/string.o: xen/string.c include/xen/string.h \
 include/xen/types.h
include/xen/string.h:
include/xen/types.h:
