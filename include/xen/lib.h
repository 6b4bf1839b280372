/*
 * printk, panic and assertions: the hypervisor's ways of saying something.
 * See style.md "Errors and messages": return -errno, crash a domain, or
 * panic only for a broken host invariant or a failed boot.
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdarg.h>
#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Log levels, Xen style: a message may start with one of these prefixes;
 * messages without one are XENLOG_INFO. The console prints only messages at
 * or above the threshold set by "loglvl=" (default: info), but every
 * message is kept in the log ring.
 */
#define XENLOG_ERR "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO "<2>"
#define XENLOG_DEBUG "<3>"

enum log_level { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG, LOG_NONE = -1 };

/* Print a formatted message on the console and into the log ring. */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

/* Format into buf (always NUL-terminated); returns the untruncated length. */
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Report a fatal host error, then halt/reboot/power off per "panic=". */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

/*
 * Stop a boot that cannot go on for a reason the user can fix (no VT-x,
 * bad firmware setting): prints the message, without a backtrace, then
 * acts as "panic=" says.
 */
void boot_fail(const char *fmt, ...) __noreturn __printf(1, 2);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)
#define ASSERT(c) do { if (unlikely(!(c))) panic("Assertion '%s' failed at %s:%d", #c, __FILE__, __LINE__); } while (0)

#endif /* XEN_LIB_H */
