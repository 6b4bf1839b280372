/*
 * The exception dump: what a hypervisor fault looks like on the console.
 * Names the exception, decodes its error code, prints the registers and
 * a symbolized call trace, one greppable XENLOG_ERR line per item.
 */
#include <asm/backtrace.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/symbols.h>

/* Writes a " [...]" explanation of an error code into buf (or ""). */
typedef void (*ec_decoder_t)(u64 ec, char *buf, size_t size);

/*
 * What the dump says about each exception vector. decode doubles as the
 * "has an error code" flag, so it must be set exactly for the vectors
 * whose stubs in entry.S keep the CPU's error code (ERRCODE_VECTORS).
 */
struct exc_info {
    const char *mnemonic;
    const char *name;
    ec_decoder_t decode;
};

static void trap_decode_none(u64 ec, char *buf, size_t size);
static void trap_decode_selector(u64 ec, char *buf, size_t size);
static void trap_decode_pf(u64 ec, char *buf, size_t size);

/* Intel SDM Vol. 3A §6.3.1 Table 6-1 (28-30: AMD APM Vol. 2 §8.2). */
static const struct exc_info exc_info[X86_NR_EXCEPTIONS] = {
    [X86_EXC_DE] = { "#DE", "Divide error" },
    [X86_EXC_DB] = { "#DB", "Debug" },
    [X86_EXC_NMI] = { "NMI", "Non-maskable interrupt" },
    [X86_EXC_BP] = { "#BP", "Breakpoint" },
    [X86_EXC_OF] = { "#OF", "Overflow" },
    [X86_EXC_BR] = { "#BR", "BOUND range exceeded" },
    [X86_EXC_UD] = { "#UD", "Invalid opcode" },
    [X86_EXC_NM] = { "#NM", "Device not available" },
    [X86_EXC_DF] = { "#DF", "Double fault", trap_decode_none },
    [9] = { "#CSO", "Coprocessor segment overrun" },
    [X86_EXC_TS] = { "#TS", "Invalid TSS", trap_decode_selector },
    [X86_EXC_NP] = { "#NP", "Segment not present", trap_decode_selector },
    [X86_EXC_SS] = { "#SS", "Stack-segment fault", trap_decode_selector },
    [X86_EXC_GP] = { "#GP", "General protection", trap_decode_selector },
    [X86_EXC_PF] = { "#PF", "Page fault", trap_decode_pf },
    [X86_EXC_MF] = { "#MF", "x87 floating-point error" },
    [X86_EXC_AC] = { "#AC", "Alignment check", trap_decode_none },
    [X86_EXC_MC] = { "#MC", "Machine check" },
    [X86_EXC_XM] = { "#XM", "SIMD floating-point exception" },
    [X86_EXC_VE] = { "#VE", "Virtualization exception" },
    [X86_EXC_CP] = { "#CP", "Control protection", trap_decode_none },
    [X86_EXC_HV] = { "#HV", "Hypervisor injection" },
    [X86_EXC_VC] = { "#VC", "VMM communication", trap_decode_none },
    [X86_EXC_SX] = { "#SX", "Security exception", trap_decode_none },
};

const char *trap_mnemonic(unsigned int vector)
{
    if (vector >= X86_NR_EXCEPTIONS)
        return "IRQ";
    return exc_info[vector].mnemonic ? exc_info[vector].mnemonic : "#RSVD";
}

const char *trap_name(unsigned int vector)
{
    if (vector >= X86_NR_EXCEPTIONS)
        return "External interrupt";
    return exc_info[vector].name ? exc_info[vector].name : "Reserved";
}

/* #DF, #AC: the error code is always 0; #CP, #VC, #SX: printed raw. */
static void trap_decode_none(u64 ec, char *buf, size_t size)
{
    buf[0] = '\0';
}

/*
 * Selector error code (SDM Vol. 3A §6.13, Figure 6-6): bit 0 EXT (an
 * external event caused it), bit 1 IDT, bit 2 TI (LDT if IDT is clear),
 * bits 15:3 the descriptor index. Zero means no selector was involved,
 * e.g. a #GP from a non-canonical address.
 */
static void trap_decode_selector(u64 ec, char *buf, size_t size)
{
    static const char *const tables[] = { "GDT", "IDT", "LDT", "IDT" };

    if ((ec & 0xffff) == 0) {
        snprintf(buf, size, " [no selector]");
        return;
    }
    snprintf(buf, size, " [%s index 0x%lx%s]", tables[(ec >> 1) & 3], (ec & 0xffff) >> 3,
             ec & 1 ? ", external event" : "");
}

/* Page-fault error code (SDM Vol. 3A §4.7, Figure 4-12): each bit is
 * named, or its clear state too where that carries meaning (P, W, U). */
static void trap_decode_pf(u64 ec, char *buf, size_t size)
{
    static const struct { u64 bit; const char *set, *clear; } bits[] = {
        { 1u << 0, "protection", "not-present" },   /* P */
        { 1u << 1, "write", "read" },               /* W/R */
        { 1u << 2, "user", "supervisor" },          /* U/S */
        { 1u << 3, "reserved-bit", NULL },          /* RSVD */
        { 1u << 4, "instruction-fetch", NULL },     /* I/D */
        { 1u << 5, "protection-key", NULL },        /* PK */
        { 1u << 6, "shadow-stack", NULL },          /* SS */
        { 1u << 15, "sgx", NULL },                  /* SGX */
    };
    size_t len = snprintf(buf, size, " [");

    for (unsigned int i = 0; i < ARRAY_SIZE(bits) && len < size; i++) {
        const char *word = ec & bits[i].bit ? bits[i].set : bits[i].clear;

        if (word)
            len += snprintf(buf + len, size - len, "%s%s", len > 2 ? " " : "", word);
    }
    if (len < size)
        snprintf(buf + len, size - len, "]");
}

/* The headline: which exception, its error code, which CPU. */
static void trap_dump_header(const struct cpu_user_regs *regs)
{
    unsigned int v = regs->vector;
    char ec[96] = "";

    if (v < X86_NR_EXCEPTIONS && exc_info[v].decode) {
        exc_info[v].decode(regs->error_code, ec, sizeof(ec));
        printk(XENLOG_ERR "*** Exception %s (%s), vector %u, error code 0x%04lx%s, CPU %u ***\n",
               trap_mnemonic(v), trap_name(v), v, regs->error_code, ec, smp_processor_id());
    } else {
        printk(XENLOG_ERR "*** Exception %s (%s), vector %u, CPU %u ***\n",
               trap_mnemonic(v), trap_name(v), v, smp_processor_id());
    }
    if (v == X86_EXC_PF)
        printk(XENLOG_ERR "CR2 (faulting address): %016lx\n", read_cr2());
}

/* Where it happened: RIP with its symbol, and the rest of the hardware
 * frame (RSP and SS as pushed by the CPU, not the handler's). */
static void trap_dump_rip(const struct cpu_user_regs *regs)
{
    u64 off, size;
    const char *name = symbols_lookup(regs->rip, &off, &size);

    if (name)
        printk(XENLOG_ERR "RIP: %04lx:[<%016lx>] %s+0x%lx/0x%lx\n", regs->cs, regs->rip, name,
               off, size);
    else
        printk(XENLOG_ERR "RIP: %04lx:[<%016lx>] (unknown)\n", regs->cs, regs->rip);
    printk(XENLOG_ERR "RFLAGS: %016lx  CS: %04lx  SS: %04lx  RSP: %016lx\n", regs->rflags,
           regs->cs, regs->ss, regs->rsp);
}

#define GPR(r) { #r, __builtin_offsetof(struct cpu_user_regs, r) }

/* Three registers per line, in the order Xen's dumps use. */
static void trap_dump_gprs(const struct cpu_user_regs *regs)
{
    static const struct { const char *name; size_t off; } gprs[] = {
        GPR(rax), GPR(rbx), GPR(rcx), GPR(rdx), GPR(rsi), GPR(rdi), GPR(rbp), GPR(r8),
        GPR(r9), GPR(r10), GPR(r11), GPR(r12), GPR(r13), GPR(r14), GPR(r15),
    };
    const u8 *base = (const u8 *)regs;

    for (unsigned int i = 0; i + 2 < ARRAY_SIZE(gprs); i += 3)
        printk(XENLOG_ERR "%s: %016lx  %s: %016lx  %s: %016lx\n",
               gprs[i].name, *(const u64 *)(base + gprs[i].off),
               gprs[i + 1].name, *(const u64 *)(base + gprs[i + 1].off),
               gprs[i + 2].name, *(const u64 *)(base + gprs[i + 2].off));
}

/* Which stack the handler runs on: proves NMI/#DF/#MC used their IST. */
static void trap_dump_stack(const struct cpu_user_regs *regs)
{
    static const char *const ist_names[IST_COUNT + 1] = {
        [IST_DF] = "#DF", [IST_NMI] = "NMI", [IST_MC] = "#MC",
    };
    const struct percpu *p = percpu_current();
    unsigned int ist = p && p->desc ? desc_ist_of(p->desc, (u64)regs) : 0;

    if (ist)
        printk(XENLOG_ERR "Handler stack: IST%u (%s stack), frame at %p\n", ist,
               ist_names[ist], (const void *)regs);
    else
        printk(XENLOG_ERR "Handler stack: interrupted stack, frame at %p\n", (const void *)regs);
}

void trap_dump(const struct cpu_user_regs *regs)
{
    trap_dump_header(regs);
    trap_dump_rip(regs);
    trap_dump_gprs(regs);
    /* CR2 also matters for a #DF raised while delivering a #PF. */
    printk(XENLOG_ERR "cr0: %016lx  cr2: %016lx  cr3: %016lx  cr4: %016lx\n", read_cr0(),
           read_cr2(), read_cr3(), read_cr4());
    trap_dump_stack(regs);
    backtrace_show_regs(regs);
}
