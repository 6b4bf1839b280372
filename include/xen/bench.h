/*
 * Benchmark hooks the generic core may call (`make bench`, docs/performance.md).
 * They only read a clock: no behaviour depends on them.
 */
#ifndef XEN_BENCH_H
#define XEN_BENCH_H

#include <xen/types.h>

/*
 * The raw cycle counter (the TSC on x86), for timestamps that a guest can
 * compare with its own RDTSC: guests run with a TSC offset of 0, so both
 * read the same clock. Under Bochs (clock sync=none) one tick is one
 * emulated instruction. Callable from any CPU, any context.
 */
u64 arch_bench_cycles(void);

#endif /* XEN_BENCH_H */
