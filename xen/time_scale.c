/*
 * Fixed-point clock conversion factors (include/xen/time.h): computed once
 * with a division, applied with one multiply, so NOW() and the timer code
 * never divide. Pure arithmetic, unit-tested on the host.
 */
#include <xen/lib.h>
#include <xen/time.h>

/*
 * mul = num * 2^32 / den, split into whole and fractional parts so that
 * num may exceed 2^32 (only the remainder, below den < 2^32, is shifted).
 */
void time_scale_set(struct time_scale *s, u64 num, u64 den)
{
    ASSERT(den && den < (1ULL << 32));
    ASSERT(num / den < (1ULL << 32));
    s->mul = ((num / den) << 32) + (((num % den) << 32) / den);
}
