/*
 * One-line wrappers for privileged instructions (Intel SDM Vol. 2).
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/types.h>

struct cpuid_regs { u32 eax, ebx, ecx, edx; };

static inline struct cpuid_regs cpuid_count(u32 leaf, u32 subleaf)
{
    struct cpuid_regs r;

    __asm__ __volatile__("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                         : "a"(leaf), "c"(subleaf));
    return r;
}

static inline struct cpuid_regs cpuid(u32 leaf) { return cpuid_count(leaf, 0); }

static inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
    __asm__ __volatile__("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                              \
    static inline u64 read_cr##n(void)                                      \
    {                                                                       \
        u64 v;                                                              \
        __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));               \
        return v;                                                           \
    }                                                                       \
    static inline void write_cr##n(u64 v)                                   \
    {                                                                       \
        __asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory");      \
    }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)

static inline void halt(void) { __asm__ __volatile__("hlt" ::: "memory"); }
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }

/* Stop this CPU for good: interrupts off, halt in a loop (NMIs return here). */
static inline __attribute__((noreturn)) void halt_forever(void)
{
    for (;;)
        __asm__ __volatile__("cli; hlt" ::: "memory");
}

#define MSR_GS_BASE 0xc0000101

#endif /* ASM_PROCESSOR_H */
