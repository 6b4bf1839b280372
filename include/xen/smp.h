/*
 * CPU numbering and cross-CPU operations, implemented by the arch
 * (arch/x86/smp.c, arch/x86/smpboot.c). Logical CPU 0 is the boot CPU.
 * CPU sets are u64 bitmasks: bit n = logical CPU n.
 */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/compiler.h>
#include <xen/types.h>

/* Must equal asm/percpu.h's (a different value fails the build there). */
#define NR_CPUS 64

#define CPU_MASK(cpu) (1ULL << (cpu))

/* Number of CPUs in mask (no libgcc popcount in the hypervisor). */
static inline unsigned int cpumask_weight(u64 mask)
{
    unsigned int n = 0;

    for (; mask; mask &= mask - 1)
        n++;
    return n;
}

/* Logical number of the running CPU. */
unsigned int smp_processor_id(void);

/* Number of CPUs that are online (running hypervisor code). */
unsigned int num_online_cpus(void);

/* The set of online CPUs, and whether cpu is in it. */
u64 cpu_online_map(void);
bool cpu_online(unsigned int cpu);

/* Stop every other CPU (used by panic and power-off). */
void smp_send_stop(void);

typedef void (*smp_call_fn_t)(void *data);

/*
 * Run fn(data) on every online CPU in mask (the caller included, if it is
 * in mask, directly). Remote CPUs run it from an IPI, interrupts off, so
 * fn must be short and must not take locks the caller may hold. With wait,
 * return after every CPU has finished fn; else after every CPU has picked
 * the call up (so data may go out of scope only with wait). One call at a
 * time system-wide. Returns 0, or -ETIMEDOUT (logged, naming the CPUs) if
 * some CPU did not answer within a second.
 */
int __must_check on_selected_cpus(u64 mask, smp_call_fn_t fn, void *data, bool wait);

/* on_selected_cpus() on all online CPUs, or all but the caller. */
int __must_check on_each_cpu(smp_call_fn_t fn, void *data, bool wait);
int __must_check smp_call_function(smp_call_fn_t fn, void *data, bool wait);

#endif /* XEN_SMP_H */
