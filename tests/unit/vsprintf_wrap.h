/*
 * The hypervisor's vsnprintf/snprintf (xen/vsprintf.c) under other names,
 * so a test can compare them with the C library's (tests/unit/vsprintf_wrap.c).
 */
#ifndef VSPRINTF_WRAP_H
#define VSPRINTF_WRAP_H

#include <stdarg.h>
#include <stddef.h>

int xen_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xen_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
