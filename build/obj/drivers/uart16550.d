build/obj/drivers/uart16550.o: drivers/uart16550.c \
 arch/x86/include/asm/io.h include/xen/types.h include/xen/serial.h
arch/x86/include/asm/io.h:
include/xen/types.h:
include/xen/serial.h:
