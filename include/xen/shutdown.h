/*
 * What the host does when no domain is left (xen/shutdown.c), chosen by
 * "on_last_domain=halt|poweroff|reboot" (default: halt, i.e. stay up idle).
 */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

/* Remember the free-page count before any domain exists (the summary
 * at the end compares against it). */
void shutdown_note_free_pages(void);

/* Print the summary line and act on "on_last_domain=". */
void last_domain_gone(void) __noreturn;

#endif /* XEN_SHUTDOWN_H */
