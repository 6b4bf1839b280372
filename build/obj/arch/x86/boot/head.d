build/obj/arch/x86/boot/head.o: arch/x86/boot/head.S \
 arch/x86/include/asm/boot.h
arch/x86/include/asm/boot.h:
