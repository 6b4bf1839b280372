/*
 * Builds xen/vsprintf.c as xen_vsnprintf/xen_snprintf: under its own names
 * it would replace the C library's, which the test harness itself uses.
 */
#define vsnprintf xen_vsnprintf
#define snprintf xen_snprintf
#include "../../xen/vsprintf.c"
