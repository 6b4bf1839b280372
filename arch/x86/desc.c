/*
 * GDT, TSS and IDT. Each CPU owns a struct arch_descriptors (GDT, TSS and
 * IST stacks); the IDT is one table shared by all CPUs, since every CPU
 * enters the same stubs and do_trap() finds the CPU through %gs.
 */
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/string.h>

#define IDT_ENTRIES 256

/* A 64-bit interrupt gate (SDM Vol. 3A §6.14.1, Figure 6-8). */
struct idt_gate {
    u16 offset_lo;
    u16 selector;
    u8 ist;                     /* bits 2:0: IST slot, 0 = no stack switch */
    u8 type_attr;               /* P | DPL | type */
    u16 offset_mid;
    u32 offset_hi;
    u32 rsvd;
} __packed;

BUILD_BUG_ON(sizeof(struct idt_gate) != 16);
BUILD_BUG_ON(sizeof(struct tss64) != 104);

/* Present, DPL 0, 64-bit interrupt gate (type 0xe): IF is cleared on
 * entry, so handlers run with interrupts off until they choose otherwise. */
#define GATE_INTR 0x8e

/* Flat code/data descriptors, identical to the boot GDT's (head.S). */
#define DESC_CODE64 0x00af9a000000ffffULL   /* L=1, P, DPL 0, execute/read */
#define DESC_DATA   0x00cf92000000ffffULL   /* G, D/B, P, DPL 0, read/write */
#define DESC_CODE32 0x00cf9a000000ffffULL   /* G, D/B, P, DPL 0, execute/read */
#define DESC_TSS64_AVAIL 0x89ULL            /* P, type 9: available 64-bit TSS */

/* Stacks that switch on entry: an NMI or #MC may arrive on any stack, and
 * #DF usually means the current stack is unusable (SDM Vol. 3A §6.14.5). */
static const u8 idt_ist[IDT_ENTRIES] = {
    [X86_EXC_NMI] = IST_NMI,
    [X86_EXC_DF] = IST_DF,
    [X86_EXC_MC] = IST_MC,
};

static struct idt_gate idt[IDT_ENTRIES] __aligned(16);

/* The 16-byte system descriptor for a TSS at base (SDM Vol. 3A §8.2.3). */
static void desc_set_tss(u64 *slot, const struct tss64 *tss)
{
    u64 base = (u64)tss, limit = sizeof(*tss) - 1;

    slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (DESC_TSS64_AVAIL << 40) |
              (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    slot[1] = base >> 32;
}

/*
 * GDT and TSS contents for one CPU. RSP0 is only used on a privilege
 * change, which the hypervisor never makes (it runs guests through VMX,
 * not by dropping to ring 3), but a valid value costs nothing.
 */
static void desc_fill(struct arch_descriptors *d, void *stack_top)
{
    memset(d->gdt, 0, sizeof(d->gdt));
    d->gdt[XEN_CS >> 3] = DESC_CODE64;
    d->gdt[XEN_DS >> 3] = DESC_DATA;
    d->gdt[XEN_CS32 >> 3] = DESC_CODE32;

    memset(&d->tss, 0, sizeof(d->tss));
    d->tss.rsp[0] = (u64)stack_top;
    for (unsigned int i = 0; i < IST_COUNT; i++)
        d->tss.ist[i] = (u64)&d->ist_stack[i][IST_STACK_SIZE];
    d->tss.iomap_base = sizeof(d->tss);
    /* A fresh descriptor is "available"; LTR marks it busy. */
    desc_set_tss(&d->gdt[XEN_TSS >> 3], &d->tss);
    d->stack_top = stack_top;
}

void desc_init_cpu(struct arch_descriptors *d, void *stack_top)
{
    struct desc_ptr gdtr = { .limit = sizeof(d->gdt) - 1, .base = (u64)d->gdt };
    /* Loading a null selector into GS may clear GS.base (Intel) or keep
     * it (AMD): save the per-CPU pointer and put it back explicitly. */
    u64 gs_base = rdmsr(MSR_GS_BASE);

    desc_fill(d, stack_top);
    lgdt(&gdtr);
    load_cs(XEN_CS);
    load_data_segments(XEN_DS);
    ltr(XEN_TSS);
    wrmsr(MSR_GS_BASE, gs_base);
}

unsigned int desc_ist_of(const struct arch_descriptors *d, u64 addr)
{
    for (unsigned int i = 0; i < IST_COUNT; i++) {
        u64 lo = (u64)d->ist_stack[i];

        if (addr >= lo && addr < lo + IST_STACK_SIZE)
            return i + 1;
    }
    return 0;
}

/* Every vector gets an interrupt gate; what a vector means is decided in
 * C (do_trap()), so the gates differ only in their stub and IST slot. */
void idt_init(void)
{
    for (unsigned int v = 0; v < IDT_ENTRIES; v++) {
        u64 target = trap_stub_table[v];

        idt[v] = (struct idt_gate){
            .offset_lo = target & 0xffff,
            .selector = XEN_CS,
            .ist = idt_ist[v],
            .type_attr = GATE_INTR,
            .offset_mid = (target >> 16) & 0xffff,
            .offset_hi = target >> 32,
        };
    }
}

void idt_load(void)
{
    struct desc_ptr idtr = { .limit = sizeof(idt) - 1, .base = (u64)idt };

    lidt(&idtr);
}
