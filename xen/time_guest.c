/*
 * Guest time in Xen's format (xen-abi.md §5.1, §5.3): each vCPU's pvclock
 * (vcpu_time_info in its vcpu_info) and the domain's wallclock in
 * shared_info. The pvclock is rewritten whenever the vCPU is about to run
 * on a CPU, so a vCPU that moved to another CPU starts from a fresh
 * (TSC, system time) pair taken on that CPU.
 */
#include <xen/arch.h>
#include <xen/sched.h>
#include <xen/shared_page.h>

#define NS_PER_SEC 1000000000ULL

/*
 * Normalise the rate into (10^9, 2*10^9] ticks per second with a power of
 * two (the shift), so 10^9/rate is a fraction in [1/2, 1): mul keeps it
 * with 32 bits of precision (Xen's set_time_scale does the same).
 */
void pvclock_scale(u64 tsc_hz, u32 *mul, s8 *shift)
{
    s8 sh = 0;

    if (!tsc_hz)
        tsc_hz = NS_PER_SEC;            /* uncalibrated: 1 GHz, never divide by 0 */
    while (tsc_hz > 2 * NS_PER_SEC) {
        tsc_hz >>= 1;
        sh--;
    }
    while (tsc_hz <= NS_PER_SEC) {
        tsc_hz <<= 1;
        sh++;
    }
    *mul = (u32)((NS_PER_SEC << 32) / tsc_hz);
    *shift = sh;
}

/* Version protocol (§5.3): odd while we write, fenced both sides. */
static void time_info_write(struct vcpu_time_info *t, const struct arch_time_sample *s)
{
    u32 mul;
    s8 shift;

    pvclock_scale(s->tsc_khz * 1000, &mul, &shift);
    WRITE_ONCE(t->version, t->version + 1);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->tsc_timestamp = s->guest_tsc;
    t->system_time = (u64)s->stime;
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    t->flags = s->tsc_stable ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    WRITE_ONCE(t->version, t->version + 1);
}

void vcpu_update_time(struct vcpu *v)
{
    struct vcpu_info *vi = vcpu_vcpu_info(v);
    struct arch_time_sample s;

    if (!vi)
        return;
    arch_guest_time_sample(v->domain, &s);
    time_info_write(&vi->time, &s);
}

/*
 * The wallclock is the Unix time at system time 0. The RTC is not read
 * yet, so it is 0: a guest sees 1970-01-01 plus the time since boot.
 */
void domain_update_wallclock(struct domain *d)
{
    struct shared_info *si = d->shared_info;

    WRITE_ONCE(si->wc_version, si->wc_version + 1);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    si->wc_sec = 0;
    si->wc_nsec = 0;
    si->wc_sec_hi = 0;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    WRITE_ONCE(si->wc_version, si->wc_version + 1);
}
