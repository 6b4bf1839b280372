/*
 * x86 SMP internals (arch/x86/smpboot.c, smp.c, smp_check.c); generic
 * code uses include/xen/smp.h instead.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <xen/bootinfo.h>
#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Start every enabled CPU of the MADT (up to "maxcpus=", none with
 * "nosmp") with INIT-SIPI-SIPI, waiting a bounded time for each; a silent
 * CPU is reported by APIC id and skipped. Then prove the timer interrupt
 * and cross-CPU calls on every online CPU. Logs "SMP: N CPUs online".
 * Boot CPU, after apic_init_bsp() and apic_timer_init_bsp(); bi supplies
 * the memory map (for the real-mode trampoline page).
 */
void smp_boot_cpus(const struct bootinfo *bi);

/* Mark the calling CPU online / offline in the online map. */
void smp_set_online(unsigned int cpu, bool online);

/*
 * Run up(cpu, &why) on every other online CPU (e.g. vmx_cpu_up). A CPU
 * whose call fails logs "CPU<n>: <why>" and leaves the online map (it
 * stays parked, idle); a CPU that does not answer is reported too.
 * Returns the number of CPUs taken offline. Boot CPU, interrupts off.
 */
unsigned int smp_cpu_up_others(int (*up)(unsigned int cpu, const char **why));

/* The boot-time self-checks (smp_check.c): timer interrupt on each CPU,
 * then one cross-CPU call to all of them. */
void smp_check_timers(void);
void smp_check_cross_call(void);

/* The cross-call IPI's work, also polled by a CPU waiting for the call
 * lock (smp.c); and its interrupt handler registration. */
void smp_call_init(void);

#endif /* ASM_SMP_H */
