/*
 * Domains built from boot modules at boot (xen/dom0less.c).
 */
#ifndef XEN_DOM0LESS_H
#define XEN_DOM0LESS_H

#include <xen/bootinfo.h>

/* Build and start a domain for every "domain" module; returns how many
 * started. Errors are printed per module. */
unsigned int dom0less_create_domains(const struct bootinfo *bi);

#endif /* XEN_DOM0LESS_H */
