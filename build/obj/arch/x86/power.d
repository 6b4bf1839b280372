build/obj/arch/x86/power.o: arch/x86/power.c \
 arch/x86/include/asm/processor.h include/xen/types.h include/xen/power.h \
 include/xen/compiler.h
arch/x86/include/asm/processor.h:
include/xen/types.h:
include/xen/power.h:
include/xen/compiler.h:
