/*
 * CPU numbering and cross-CPU operations, implemented by the arch
 * (arch/x86/smp.c). Logical CPU 0 is the boot CPU.
 */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/types.h>

/* Logical number of the running CPU. */
unsigned int smp_processor_id(void);

/* Number of CPUs that are online (running hypervisor code). */
unsigned int num_online_cpus(void);

/* Stop every other CPU (used by panic and power-off). */
void smp_send_stop(void);

#endif /* XEN_SMP_H */
