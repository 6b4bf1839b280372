/*
 * System time: nanoseconds since boot, from the calibrated TSC
 * (arch/x86/time.c). NOW() reads 0 until the TSC has been calibrated.
 */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef s64 s_time_t;

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s) ((s_time_t)(s) * 1000000000LL)

/* "Never": the deadline of an empty timer queue. */
#define STIME_MAX ((s_time_t)INT64_MAX)

s_time_t NOW(void);

/*
 * A fixed-point factor for converting between clocks without a division:
 * y = x * mul / 2^32 (one 64x64->128 multiply). time_scale_set() computes
 * it for y = x * num / den; den must be below 2^32.
 */
struct time_scale {
    u64 mul;
};

void time_scale_set(struct time_scale *s, u64 num, u64 den);

static inline u64 time_scale_apply(const struct time_scale *s, u64 x)
{
    return (u64)(((unsigned __int128)x * s->mul) >> 32);
}

#endif /* XEN_TIME_H */
