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

/*
 * Run stmt and require that it panics: EXPECT_PANIC(free_mfns(bad, 0));
 * The panic message is then in unit_log.
 */
#include <setjmp.h>
extern jmp_buf unit_panic_env;
extern bool unit_panic_expected;
#define EXPECT_PANIC(stmt)                                                  \
    do {                                                                    \
        unit_panic_expected = true;                                         \
        if (setjmp(unit_panic_env) == 0) {                                  \
            stmt;                                                           \
            unit_panic_expected = false;                                    \
            fail_msg("expected a panic from: %s", #stmt);                   \
        }                                                                   \
        unit_panic_expected = false;                                        \
    } while (0)

#endif
