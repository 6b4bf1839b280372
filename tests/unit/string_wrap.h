/* The hypervisor's string functions under test names (string_wrap.c). */
#ifndef STRING_WRAP_H
#define STRING_WRAP_H

#include <stddef.h>

void *xen_memcpy(void *dst, const void *src, size_t n);
void *xen_memmove(void *dst, const void *src, size_t n);
void *xen_memset(void *dst, int c, size_t n);
int xen_memcmp(const void *a, const void *b, size_t n);
size_t xen_strlen(const char *s);
size_t xen_strnlen(const char *s, size_t max);
int xen_strcmp(const char *a, const char *b);
int xen_strncmp(const char *a, const char *b, size_t n);
char *xen_strchr(const char *s, int c);
size_t xen_strlcpy(char *dst, const char *src, size_t size);

#endif
