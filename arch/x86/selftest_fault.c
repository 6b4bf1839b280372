/*
 * "selftest_fault=<pf|gp|ud|de|df|bp|int3|nmi|irq>": fault on purpose right
 * after the trap tables are loaded, a few real call frames below
 * __start_xen, so boot tests can check the exception dump and its
 * symbolized call trace. Every fault panics except the breakpoint, an NMI
 * and an interrupt nobody registered, which must all resume.
 */
#include <asm/traps.h>
#include <xen/compiler.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

/* Real frames: no inlining, no cloning under another name, no tail calls
 * (each caller has code after its call). */
#define SELFTEST_FRAME __attribute__((noinline, noclone))

struct selftest_fault {
    const char *name;
    void (*trigger)(void);
    const char *resumes;        /* what survived, if the handler returns */
};

/* #PF: write at 8 GiB, above the boot identity map of the first 4 GiB. */
static SELFTEST_FRAME void selftest_fault_pf(void)
{
    *(volatile u64 *)0x200000000ULL = 0;
}

/* #GP with a selector error code: GDT index 0x246 does not exist. */
static SELFTEST_FRAME void selftest_fault_gp(void)
{
    __asm__ __volatile__("mov %0, %%ds" : : "r"(0x1230u));
}

static SELFTEST_FRAME void selftest_fault_ud(void)
{
    __asm__ __volatile__("ud2");
}

static SELFTEST_FRAME void selftest_fault_de(void)
{
    __asm__ __volatile__("xor %%ecx, %%ecx\n\tdiv %%ecx" : : : "rax", "rcx", "rdx");
}

/*
 * #DF: point RSP at unmapped memory and push. The #PF cannot be delivered
 * on that stack either, so the CPU raises #DF (SDM Vol. 3A §6.15,
 * "Interrupt 8"), which can only be reported on its IST stack. RSP is
 * useless to the backtrace here, so the stack slot below makes GCC set up
 * a frame (it omits it in functions that never touch the stack).
 */
static SELFTEST_FRAME void selftest_fault_df(void)
{
    volatile u64 keep_frame = 0;

    __asm__ __volatile__("mov %%rsp, %%rax\n\t"
                         "mov %0, %%rsp\n\t"
                         "push %%rax\n\t"
                         "mov %%rax, %%rsp"
                         : : "r"(0x200000000ULL) : "rax", "memory");
    (void)keep_frame;
}

static SELFTEST_FRAME void selftest_fault_int3(void)
{
    __asm__ __volatile__("int3");
}

/* A software INT 2 takes the NMI gate (and its IST stack) without
 * blocking NMIs: enough to exercise the handler's "log once" path. */
static SELFTEST_FRAME void selftest_fault_nmi(void)
{
    __asm__ __volatile__("int $2\n\tint $2");
}

/* An unregistered interrupt vector is logged once and ignored. */
static SELFTEST_FRAME void selftest_fault_irq(void)
{
    __asm__ __volatile__("int $0xe0\n\tint $0xe0");
}

static const struct selftest_fault selftest_faults[] = {
    { "pf", selftest_fault_pf, NULL },
    { "gp", selftest_fault_gp, NULL },
    { "ud", selftest_fault_ud, NULL },
    { "de", selftest_fault_de, NULL },
    { "df", selftest_fault_df, NULL },
    { "bp", selftest_fault_int3, "int3" },
    { "int3", selftest_fault_int3, "int3" },
    { "nmi", selftest_fault_nmi, "nmi" },
    { "irq", selftest_fault_irq, "unexpected irq" },
};

static const struct selftest_fault *selftest_fault_chosen;

static int parse_selftest_fault(const char *val)
{
    for (unsigned int i = 0; val && i < ARRAY_SIZE(selftest_faults); i++)
        if (!strcmp(val, selftest_faults[i].name)) {
            selftest_fault_chosen = &selftest_faults[i];
            return 0;
        }
    return -EINVAL;
}
custom_param("selftest_fault", parse_selftest_fault);

static SELFTEST_FRAME void selftest_fault_trigger(const struct selftest_fault *f)
{
    f->trigger();
    barrier();
}

static SELFTEST_FRAME void selftest_fault_inner(const struct selftest_fault *f)
{
    selftest_fault_trigger(f);
    barrier();
}

static SELFTEST_FRAME void selftest_fault_outer(const struct selftest_fault *f)
{
    selftest_fault_inner(f);
    barrier();
}

void selftest_fault_run(void)
{
    const struct selftest_fault *f = selftest_fault_chosen;

    if (!f)
        return;
    printk(XENLOG_WARNING "selftest: triggering fault '%s' (selftest_fault=%s)\n", f->name,
           f->name);
    selftest_fault_outer(f);
    if (!f->resumes)
        panic("selftest: fault '%s' did not trap; the exception path is broken", f->name);
    printk(XENLOG_WARNING "selftest: survived %s\n", f->resumes);
}
