/*
 * Guest port I/O (arch/x86/ioport.c): a registry of port handlers shared
 * by all domains; unknown ports read all-ones and ignore writes (logged
 * once per port), like an empty ISA bus.
 */
#ifndef ASM_IOPORT_H
#define ASM_IOPORT_H

#include <xen/types.h>

struct domain;

struct io_access {
    u16 port;
    unsigned int size;      /* 1, 2 or 4 bytes */
    bool in;
    u32 value;              /* OUT: the data; IN: filled by the handler */
};

void ioport_access(struct domain *d, struct io_access *io);

#endif /* ASM_IOPORT_H */
