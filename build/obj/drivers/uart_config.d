build/obj/drivers/uart_config.o: drivers/uart_config.c \
 include/xen/errno.h include/xen/param.h include/xen/compiler.h \
 include/xen/types.h include/xen/serial.h include/xen/string.h
include/xen/errno.h:
include/xen/param.h:
include/xen/compiler.h:
include/xen/types.h:
include/xen/serial.h:
include/xen/string.h:
