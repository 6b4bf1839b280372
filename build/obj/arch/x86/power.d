build/obj/arch/x86/power.o: arch/x86/power.c arch/x86/include/asm/io.h \
 include/xen/types.h include/xen/acpi.h include/xen/bootinfo.h \
 include/xen/compiler.h include/xen/console.h include/xen/lib.h \
 include/xen/power.h
arch/x86/include/asm/io.h:
include/xen/types.h:
include/xen/acpi.h:
include/xen/bootinfo.h:
include/xen/compiler.h:
include/xen/console.h:
include/xen/lib.h:
include/xen/power.h:
