/*
 * Host stand-ins for the hypervisor's printk and panic, linked into every
 * unit test. printk output is kept so tests can assert on warnings.
 */
#ifndef UNIT_STUBS_H
#define UNIT_STUBS_H

#include <stdbool.h>

/* Everything printk'd since the last unit_log_reset(). */
extern char unit_log[65536];
void unit_log_reset(void);
/* True if the log contains needle. */
bool unit_log_contains(const char *needle);

#endif
