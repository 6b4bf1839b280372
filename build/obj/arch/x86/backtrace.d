build/obj/arch/x86/backtrace.o: arch/x86/backtrace.c \
 arch/x86/include/asm/processor.h include/xen/types.h include/xen/arch.h \
 include/xen/compiler.h
arch/x86/include/asm/processor.h:
include/xen/types.h:
include/xen/arch.h:
include/xen/compiler.h:
