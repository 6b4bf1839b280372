build/obj/arch/x86/pagetable.o: arch/x86/pagetable.c \
 include/xen/compiler.h include/xen/errno.h include/xen/lib.h \
 include/xen/types.h include/xen/pagetable.h include/xen/string.h
include/xen/compiler.h:
include/xen/errno.h:
include/xen/lib.h:
include/xen/types.h:
include/xen/pagetable.h:
include/xen/string.h:
