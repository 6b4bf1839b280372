/*
 * Builds xen/string.c under xen_* names: under its own names it would
 * replace the C library's functions, which the test harness itself uses.
 */
#define memcpy xen_memcpy
#define memmove xen_memmove
#define memset xen_memset
#define memcmp xen_memcmp
#define strlen xen_strlen
#define strnlen xen_strnlen
#define strcmp xen_strcmp
#define strncmp xen_strncmp
#define strchr xen_strchr
#define strlcpy xen_strlcpy
#include "../../xen/string.c"
