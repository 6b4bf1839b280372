/*
 * Constants shared by the boot assembly and C: boot GDT selectors and the
 * control-register / page-table bits the entry code needs (Intel SDM Vol. 3A
 * §2.5 control registers, §4.5 4-level paging, §2.2.1 EFER).
 */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

#define BOOT_CS64 0x08
#define BOOT_DS 0x10
#define BOOT_CS32 0x18

#define BOOT_STACK_SIZE (16 * 1024)

#define CR0_PE (1 << 0)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_PG 0x80000000
#define CR4_PAE (1 << 5)
#define CR4_PGE (1 << 7)

#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PTE_P (1 << 0)
#define PTE_RW (1 << 1)
#define PTE_PS (1 << 7)


#endif /* ASM_BOOT_H */
