build/obj/arch/x86/time.o: arch/x86/time.c include/xen/time.h \
 include/xen/types.h
include/xen/time.h:
include/xen/types.h:
