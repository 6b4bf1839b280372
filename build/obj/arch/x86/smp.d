build/obj/arch/x86/smp.o: arch/x86/smp.c arch/x86/include/asm/percpu.h \
 include/xen/types.h include/xen/smp.h
arch/x86/include/asm/percpu.h:
include/xen/types.h:
include/xen/smp.h:
