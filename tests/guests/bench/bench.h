/*
 * What the bench guest's modes share: sample statistics and the floor
 * (main.c), and the entry of the two-domain ipc mode (ipc.c).
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_SAMPLES	4096	/* most iterations (n=) a mode may run */

/* Sort the n samples of s; min and median (the lower middle one). */
void bench_summarize(uint32_t *s, unsigned int n, uint64_t *min, uint64_t *median);
/*
 * Time n floor VMCALLs (hypervisor option bench_floor), net of the RDTSC
 * cost: min and median. False, with an ERROR recorded, without the floor.
 */
bool bench_floor(unsigned int n, uint64_t *min, uint64_t *median);
/* ipc mode (role=recv|send peer=<domid>): see ipc.c. */
void bench_ipc(unsigned int n);

#endif /* BENCH_BENCH_H */
