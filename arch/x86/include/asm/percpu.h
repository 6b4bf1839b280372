/*
 * Per-CPU data: one struct percpu per CPU, allocated at bring-up. GS.base
 * points at it and its first field points at itself, so this_cpu() is a
 * single %gs-relative load. Other CPUs may only read the fields marked
 * "shared" (through per_cpu()).
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <xen/compiler.h>
#include <xen/types.h>

#define NR_CPUS 64

struct percpu {
    struct percpu *self;        /* must stay first: %gs:0 */
    unsigned int cpu_id;        /* shared: logical CPU number, BSP = 0 */
    u32 apic_id;                /* shared: local APIC id (x2APIC id) */
    bool online;                /* shared: set once the CPU runs C code */
    void *stack_top;            /* top of the primary stack */
    struct arch_descriptors *desc;  /* GDT/TSS/IDT stacks (arch/x86/traps) */
    u64 tsc_khz;                /* calibrated TSC rate seen by this CPU */
    bool resched;               /* shared: re-pick before the next VM entry */
};

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;

    __asm__ __volatile__("mov %%gs:0, %0" : "=r"(p));
    return p;
}

/* Shared view of another CPU's data; NULL if that CPU was never started. */
struct percpu *per_cpu(unsigned int cpu);

/* Install p as the running CPU's per-CPU area: sets p->self and writes
 * GS.base, so %gs:0 == p. Load segment registers before, never after. */
void percpu_install(struct percpu *p);

/*
 * Publish p (p->cpu_id set) for per_cpu(). Returns 0, or -EINVAL if the
 * id is >= NR_CPUS, -EEXIST if that id is already registered.
 */
int __must_check percpu_register(struct percpu *p);

/* Install and register the boot CPU's static area (CPU 0, boot stack).
 * The very first thing __start_xen does. */
void percpu_init_bsp(void);

/* The running CPU's area, or NULL while GS.base is not yet installed.
 * For paths that may run that early (exception dumps, backtraces). */
struct percpu *percpu_current(void);

#endif /* ASM_PERCPU_H */
