build/obj/arch/x86/setup.o: arch/x86/setup.c arch/x86/include/asm/mm.h \
 include/xen/bootinfo.h include/xen/types.h include/xen/compiler.h \
 arch/x86/include/asm/processor.h arch/x86/include/asm/vmx.h \
 include/xen/acpi.h include/xen/arch.h include/xen/console.h \
 include/xen/lib.h include/xen/mm.h include/xen/multiboot2.h \
 include/xen/param.h include/xen/shutdown.h include/xen/string.h
arch/x86/include/asm/mm.h:
include/xen/bootinfo.h:
include/xen/types.h:
include/xen/compiler.h:
arch/x86/include/asm/processor.h:
arch/x86/include/asm/vmx.h:
include/xen/acpi.h:
include/xen/arch.h:
include/xen/console.h:
include/xen/lib.h:
include/xen/mm.h:
include/xen/multiboot2.h:
include/xen/param.h:
include/xen/shutdown.h:
include/xen/string.h:
