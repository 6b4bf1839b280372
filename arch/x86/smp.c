/*
 * CPU numbering (placeholder until SMP bring-up lands: one CPU).
 */
#include <asm/percpu.h>
#include <xen/smp.h>

unsigned int smp_processor_id(void) { return 0; }
unsigned int num_online_cpus(void) { return 1; }
void smp_send_stop(void) { }
