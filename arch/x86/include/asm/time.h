/*
 * The TSC as the hypervisor's clock (arch/x86/time.c, tsc_calibrate.c):
 * its rate, conversions between TSC ticks and system time (ns since
 * boot, NOW()), and busy-wait delays.
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <xen/time.h>
#include <xen/types.h>

/*
 * Find the TSC rate (CPUID 0x15/0x16, else HPET, else PIT channel 2) and
 * start NOW(). Logs "TSC: <MHz> MHz (<source>)" and the invariant-TSC bit.
 * Boot CPU, after acpi_init() (the HPET comes from ACPI), before SMP.
 */
void time_init(void);

/* Record the TSC rate in the calling CPU's per-CPU area (APs). */
void time_init_cpu(void);

/* Calibrated TSC rate in kHz; 0 before time_init(). */
u64 tsc_khz(void);

/* TSC value at which system time reads t (t >= 0). */
u64 stime_to_tsc(s_time_t t);

/* TSC ticks in ns nanoseconds. */
u64 ns_to_tsc(s_time_t ns);

/* Spin for at least us microseconds / ns nanoseconds (after time_init()). */
void udelay(unsigned int us);
void ndelay(s_time_t ns);

/*
 * Measure the TSC rate against a reference clock (tsc_calibrate.c).
 * Returns kHz, or 0 if no source gave a usable answer; *source names the
 * one used. "tsc_calib=cpuid|hpet|pit" forces one source (test hook).
 */
u64 tsc_calibrate(const char **source);

#endif /* ASM_TIME_H */
