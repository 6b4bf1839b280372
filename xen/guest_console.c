/*
 * Guest console output on the host console: every line is prefixed with
 * the domain's name, and each domain gets a token bucket (a burst of
 * GUEST_CONSOLE_BURST lines, then GUEST_CONSOLE_RATE lines per second), so
 * a guest printing in a loop cannot drown the host's messages or slow the
 * host down. Suppressed lines are counted and reported once output flows
 * again (style.md: rate-limit any message a guest can trigger).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/time.h>

#define GUEST_CONSOLE_BURST 200
#define GUEST_CONSOLE_RATE 100          /* lines per second, sustained */

/* Protects the console_* fields of every domain. Leaf lock. */
static DEFINE_SPINLOCK(guest_console_lock);

/* Top up d's tokens for the time passed; returns lines suppressed so far
 * if output may resume now (and resets that count), else 0. */
static bool take_token(struct domain *d, unsigned long *dropped)
{
    s_time_t now = NOW(), per_line = SECONDS(1) / GUEST_CONSOLE_RATE;
    bool ok;

    if (!d->console_refill) {           /* first line: a full burst */
        d->console_tokens = GUEST_CONSOLE_BURST;
        d->console_refill = now;
    }
    while (now - d->console_refill >= per_line && d->console_tokens < GUEST_CONSOLE_BURST) {
        d->console_tokens++;
        d->console_refill += per_line;
    }
    if (d->console_tokens == GUEST_CONSOLE_BURST)
        d->console_refill = now;
    ok = d->console_tokens > 0;
    *dropped = 0;
    if (!ok) {
        d->console_dropped++;
        return false;
    }
    d->console_tokens--;
    /* Report suppressed lines at most once a second, so the reports do not
     * become a flood of their own; the rest is reported at destruction. */
    if (d->console_dropped && now - d->console_reported >= SECONDS(1)) {
        *dropped = d->console_dropped;
        d->console_dropped = 0;
        d->console_reported = now;
    }
    return true;
}

void guest_console_line(struct domain *d, const char *line)
{
    unsigned long dropped;
    bool ok;

    spin_lock(&guest_console_lock);
    ok = take_token(d, &dropped);
    spin_unlock(&guest_console_lock);
    if (dropped)
        printk(XENLOG_WARNING "(%s) [%lu lines suppressed: console rate limit]\n", d->name,
               dropped);
    if (ok)
        printk("(%s) %s\n", d->name, line);
}
