/*
 * printk/panic for host unit tests: printk appends to unit_log (echoed
 * when UNIT_VERBOSE is set); panic fails the running cmocka test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/lib.h>
#include "unit_stubs.h"

char unit_log[65536];
jmp_buf unit_panic_env;
bool unit_panic_expected;
static size_t unit_log_len;

void unit_log_reset(void)
{
    unit_log_len = 0;
    unit_log[0] = '\0';
}

bool unit_log_contains(const char *needle)
{
    return strstr(unit_log, needle) != NULL;
}

void vprintk(const char *fmt, va_list ap)
{
    size_t room = sizeof(unit_log) - unit_log_len;
    va_list copy;

    va_copy(copy, ap);
    int n = vsnprintf(unit_log + unit_log_len, room, fmt, ap);
    if (n > 0)
        unit_log_len += (size_t)n < room ? (size_t)n : room - 1;
    if (getenv("UNIT_VERBOSE"))
        vfprintf(stderr, fmt, copy);
    va_end(copy);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/*
 * The hypervisor's strlcpy (include/xen/string.h); glibc before 2.38 lacks
 * it, and linking xen/string.c would replace libc's memcpy under ASan.
 */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

void boot_fail(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    panic("boot_fail: %s", msg);
}

void panic(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk("panic: %s\n", msg);
    if (unit_panic_expected)
        longjmp(unit_panic_env, 1);
    fail_msg("panic: %s", msg);
    abort();
}
