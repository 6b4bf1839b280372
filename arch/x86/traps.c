/*
 * Trap dispatch. do_trap() sends exceptions (vectors 0-31) to a handler
 * per vector and interrupts to the handler registered for the vector.
 * An exception in the hypervisor is our bug: dump and panic. Only a
 * breakpoint continues, and an NMI halts the CPU when a stop was requested.
 */
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/symbols.h>

static void exc_fatal(struct cpu_user_regs *regs);
static void exc_nmi(struct cpu_user_regs *regs);
static void exc_breakpoint(struct cpu_user_regs *regs);

/* Per exception vector; a missing entry is fatal. */
static const irq_handler_t exception_handlers[X86_NR_EXCEPTIONS] = {
    [X86_EXC_NMI] = exc_nmi,
    [X86_EXC_BP] = exc_breakpoint,
};

/* Interrupt handlers by vector; written by set_irq_handler() before the
 * vector is enabled, read locklessly by any CPU. */
static irq_handler_t irq_handlers[256];
/* One bit per vector: "unexpected interrupt" already logged. */
static u64 irq_unexpected_logged[256 / 64];

static bool stop_requested;
static bool nmi_logged;
/* Set while a CPU dumps a fatal exception: a fault inside the dump must
 * not recurse into another dump. */
static bool in_fatal_dump[NR_CPUS];

static struct arch_descriptors bsp_descriptors;

/*
 * An exception in the hypervisor is a broken host invariant (style.md:
 * panic). Guests never reach this path: their exceptions arrive as VM
 * exits, not through the IDT.
 */
static void exc_fatal(struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id() % NR_CPUS;
    u64 off = 0, size;
    const char *fn = symbols_lookup(regs->rip, &off, &size);

    if (in_fatal_dump[cpu]) {
        printk(XENLOG_ERR "traps: nested exception vector %lu at RIP %016lx while dumping an exception; halting CPU %u\n",
               regs->vector, regs->rip, cpu);
        arch_halt_forever();
    }
    in_fatal_dump[cpu] = true;
    /* We may have faulted inside printk with the console lock held. */
    console_force_unlock();
    trap_dump(regs);
    panic("FATAL TRAP: vector %lu %s (%s) at %s+0x%lx in hypervisor context", regs->vector,
          trap_mnemonic(regs->vector), trap_name(regs->vector), fn ? fn : "(unknown)", off);
}

/* int3 is a trap: RIP already points past it, so returning resumes. */
static void exc_breakpoint(struct cpu_user_regs *regs)
{
    printk(XENLOG_ERR "traps: breakpoint (int3) in hypervisor context; dumping state and continuing\n");
    trap_dump(regs);
}

/*
 * NMIs stay blocked until the next IRET (SDM Vol. 3A §6.7.1), so a CPU
 * halting here cannot be disturbed by further NMIs.
 */
static void exc_nmi(struct cpu_user_regs *regs)
{
    if (READ_ONCE(stop_requested))
        arch_halt_forever();
    if (!__atomic_exchange_n(&nmi_logged, true, __ATOMIC_RELAXED))
        printk(XENLOG_ERR "traps: NMI received on CPU %u at RIP %016lx (logged once)\n",
               smp_processor_id(), regs->rip);
}

/* No EOI is sent for a vector nobody owns: we do not know its source. */
static void irq_unexpected(u8 vector)
{
    u64 bit = 1ULL << (vector % 64);

    if (__atomic_fetch_or(&irq_unexpected_logged[vector / 64], bit, __ATOMIC_RELAXED) & bit)
        return;
    printk(XENLOG_WARNING "traps: unexpected interrupt vector 0x%02x on CPU %u ignored (no handler; logged once per vector)\n",
           vector, smp_processor_id());
}

void do_trap(struct cpu_user_regs *regs)
{
    irq_handler_t fn;

    if (regs->vector < X86_NR_EXCEPTIONS) {
        fn = exception_handlers[regs->vector];
        (fn ? fn : exc_fatal)(regs);
        return;
    }
    fn = READ_ONCE(irq_handlers[regs->vector & 0xff]);
    if (fn)
        fn(regs);
    else
        irq_unexpected(regs->vector);
}

void set_irq_handler(u8 vector, irq_handler_t fn)
{
    if (vector < FIRST_IRQ_VECTOR)
        panic("set_irq_handler: vector %u is an exception vector, not an interrupt", vector);
    WRITE_ONCE(irq_handlers[vector], fn);
}

void traps_request_stop(void)
{
    WRITE_ONCE(stop_requested, true);
}

/* The IDT is built once and shared; the descriptors are per CPU, and the
 * BSP's are static because no allocator exists yet. */
void traps_init_bsp(void)
{
    struct percpu *p = percpu_current();

    if (!p)
        panic("traps_init_bsp: no per-CPU area; call percpu_init_bsp() first");
    idt_init();
    desc_init_cpu(&bsp_descriptors, p->stack_top);
    idt_load();
    p->desc = &bsp_descriptors;
}
