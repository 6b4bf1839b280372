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

s_time_t NOW(void);

#endif /* XEN_TIME_H */
