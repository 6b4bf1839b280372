/*
 * The benchmark floor (bench_floor.h) and the cycle counter behind
 * include/xen/bench.h. The floor is the minimal VMCALL -> VMRESUME path:
 * the run loop's per-exit work, the exit record, one RIP advance; nothing
 * else. `make bench` compares every other exit round trip with it.
 */
#include <asm/processor.h>
#include <xen/bench.h>
#include <xen/param.h>

#include "bench_floor.h"

/* "bench_floor" on the hypervisor command line; off in normal runs. */
bool opt_bench_floor;
boolean_param("bench_floor", opt_bench_floor);

void bench_floor_handle(const struct vmx_exit *e)
{
    vmx_advance_rip(e);     /* the one piece of work every handled exit does */
}

u64 arch_bench_cycles(void)
{
    return rdtsc();
}
