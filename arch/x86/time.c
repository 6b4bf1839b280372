/*
 * System time from the TSC: NOW() is nanoseconds since the hypervisor was
 * entered (head.S reads the TSC first thing), converted with a fixed-point
 * factor so reading the time never divides. All CPUs share one scale: the
 * TSCs are assumed synchronized (true for invariant TSCs reset together).
 */
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/time.h>

/* Used when no reference clock answers: delays and timestamps are then
 * approximate, but every bounded wait still ends. */
#define TSC_FALLBACK_KHZ 1000000ULL

#define CPUID_EXT_MAX 0x80000000u
#define CPUID_APM 0x80000007u
#define APM_EDX_INVARIANT_TSC (1u << 8)     /* SDM Vol. 3B §19.17.1 */

extern u64 boot_tsc_entry;                  /* arch/x86/boot/head.S */

/* Written once by time_init() before any AP runs; read-only afterwards. */
static u64 tsc_rate_khz;
static struct time_scale tsc_to_ns_scale;
static struct time_scale ns_to_tsc_scale;

s_time_t NOW(void)
{
    s64 delta = (s64)(rdtsc() - boot_tsc_entry);

    /* An AP whose TSC trails the BSP's by a little must not see time
     * before boot (and a huge unsigned value). */
    return delta > 0 ? (s_time_t)time_scale_apply(&tsc_to_ns_scale, (u64)delta) : 0;
}

u64 tsc_khz(void)
{
    return tsc_rate_khz;
}

/* Negative durations (deadlines already past) are zero ticks. */
u64 ns_to_tsc(s_time_t ns)
{
    return ns > 0 ? time_scale_apply(&ns_to_tsc_scale, (u64)ns) : 0;
}

u64 stime_to_tsc(s_time_t t)
{
    return boot_tsc_entry + ns_to_tsc(t);
}

void ndelay(s_time_t ns)
{
    u64 end = rdtsc() + ns_to_tsc(ns);

    /* Signed difference: correct even if the TSC wraps in between. */
    while ((s64)(rdtsc() - end) < 0)
        cpu_relax();
}

void udelay(unsigned int us)
{
    ndelay(MICROSECS(us));
}

static bool tsc_is_invariant(void)
{
    return cpuid(CPUID_EXT_MAX).eax >= CPUID_APM &&
           (cpuid(CPUID_APM).edx & APM_EDX_INVARIANT_TSC);
}

/* Every CPU uses the BSP's rate: one calibration, one scale for NOW(). */
void time_init_cpu(void)
{
    this_cpu()->tsc_khz = tsc_rate_khz;
}

void time_init(void)
{
    const char *source = "assumed";
    u64 khz = tsc_calibrate(&source);

    if (!khz) {
        printk(XENLOG_WARNING "TSC: no clock to calibrate against (CPUID, HPET, PIT all failed); assuming %llu MHz, timeouts will be approximate\n",
               TSC_FALLBACK_KHZ / 1000);
        khz = TSC_FALLBACK_KHZ;
    }
    /* ticks = ns * kHz / 10^6 and back; both factors fixed from now on. */
    time_scale_set(&ns_to_tsc_scale, khz, 1000000);
    time_scale_set(&tsc_to_ns_scale, 1000000, khz);
    tsc_rate_khz = khz;
    time_init_cpu();
    printk("TSC: %llu.%03llu MHz (%s), %s\n", (unsigned long long)(khz / 1000),
           (unsigned long long)(khz % 1000), source,
           tsc_is_invariant() ? "invariant" : "not invariant: rate may change with power states");
}
