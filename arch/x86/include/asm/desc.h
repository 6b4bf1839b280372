/*
 * Descriptor tables: each CPU's GDT and 64-bit TSS (with the IST stacks
 * for NMI, #DF and #MC) in one struct arch_descriptors, and the IDT that
 * all CPUs share (Intel SDM Vol. 3A §3.4.5 segment descriptors, §7.7 the
 * 64-bit TSS, §6.14 64-bit interrupt handling).
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <asm/boot.h>
#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Selectors. The first three equal the boot GDT's (asm/boot.h), so code
 * and saved selectors stay valid across the switch from the boot GDT.
 */
#define XEN_CS      BOOT_CS64   /* 0x08: 64-bit code, DPL 0 */
#define XEN_DS      BOOT_DS     /* 0x10: flat data (DS/ES/SS) */
#define XEN_CS32    BOOT_CS32   /* 0x18: flat 32-bit code (AP trampoline) */
#define XEN_TSS     0x20        /* 64-bit TSS; its descriptor takes 2 slots */
#define GDT_ENTRIES 6

/* IST slots (1-based, as in the IDT gate's IST field). */
#define IST_DF  1
#define IST_NMI 2
#define IST_MC  3
#define IST_COUNT 3
#define IST_STACK_SIZE (8 * 1024)

/* Every CPU's primary stack is this large; stack_top - CPU_STACK_SIZE is
 * its lowest byte (the backtrace walker relies on it). */
#define CPU_STACK_SIZE BOOT_STACK_SIZE

/* The 64-bit TSS (SDM Vol. 3A §7.7, Figure 7-11). */
struct tss64 {
    u32 rsvd0;
    u64 rsp[3];                 /* stacks for CPL 0-2 on a privilege change */
    u64 rsvd1;
    u64 ist[7];                 /* ist[n - 1] is IST slot n */
    u64 rsvd2;
    u16 rsvd3;
    u16 iomap_base;             /* >= limit: no I/O permission bitmap */
} __packed;

/* One CPU's descriptors. Lives as long as the CPU runs (never freed). */
struct arch_descriptors {
    u64 gdt[GDT_ENTRIES] __aligned(16);
    struct tss64 tss __aligned(16);
    void *stack_top;            /* the primary stack given to desc_init_cpu */
    u8 ist_stack[IST_COUNT][IST_STACK_SIZE] __aligned(16);
};

/*
 * Fill d for the running CPU and load it: LGDT, CS through LRETQ, DS/ES/SS
 * = XEN_DS, FS/GS = null, LTR. GS.base (the per-CPU pointer) is saved and
 * written back afterwards, so it survives the segment loads on every
 * vendor. stack_top is the CPU's primary stack (CPU_STACK_SIZE bytes
 * below it); it also becomes TSS.RSP0. Called once per CPU by the BSP's
 * traps_init_bsp() and by the AP bring-up path, which must also set
 * this_cpu()->desc = d and call idt_load().
 */
void desc_init_cpu(struct arch_descriptors *d, void *stack_top);

/* Build the shared IDT: gate n enters trap_stub_table[n] (arch/x86/entry.S);
 * NMI, #DF and #MC switch to their IST stacks. Once, on the BSP. */
void idt_init(void);

/* Load the shared IDT on the running CPU (after idt_init()). */
void idt_load(void);

/* Which IST stack of d contains addr: IST slot (1..IST_COUNT), or 0. */
unsigned int desc_ist_of(const struct arch_descriptors *d, u64 addr);

/* One-line wrappers for the descriptor-table instructions (SDM Vol. 2). */
struct desc_ptr {
    u16 limit;
    u64 base;
} __packed;

static inline void lgdt(const struct desc_ptr *p)
{
    __asm__ __volatile__("lgdt %0" : : "m"(*p) : "memory");
}

static inline void lidt(const struct desc_ptr *p)
{
    __asm__ __volatile__("lidt %0" : : "m"(*p) : "memory");
}

static inline void ltr(u16 sel)
{
    __asm__ __volatile__("ltr %0" : : "rm"(sel) : "memory");
}

/* Reload CS: a far return to the next instruction with the new selector. */
static inline void load_cs(u16 sel)
{
    __asm__ __volatile__("pushq %q0\n\t"
                         "leaq 1f(%%rip), %%rax\n\t"
                         "pushq %%rax\n\t"
                         "lretq\n"
                         "1:"
                         : : "r"((u64)sel) : "rax", "memory");
}

static inline void load_data_segments(u16 data_sel)
{
    __asm__ __volatile__("mov %0, %%ds\n\t"
                         "mov %0, %%es\n\t"
                         "mov %0, %%ss\n\t"
                         "mov %1, %%fs\n\t"
                         "mov %1, %%gs"
                         : : "r"((u32)data_sel), "r"(0u) : "memory");
}

#endif /* ASM_DESC_H */
