/*
 * The hypervisor console (xen/console.c): printk's output to the serial
 * port(s) chosen by "console=" and "comN=", and an in-memory log ring that
 * keeps every message (read later by "xl dmesg").
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/*
 * Bring up the configured outputs (after cmdline_parse()) and replay every
 * message logged so far, so nothing printed before this point is lost.
 */
void console_init(void);

/*
 * From now on send serial output without waiting for the UART (the
 * scheduler and timers run): queued bytes go out from a timer on CPU 0.
 */
void console_start_async(void);

/* Wait until the serial output has left the UART (before power-off etc). */
void console_flush(void);

/*
 * Take the console lock away from whoever holds it: used by panic and the
 * crash dump, where the holder may never come back. Output may interleave.
 */
void console_force_unlock(void);

/*
 * Copy ring bytes from *pos (0 = oldest retained) into buf; advances *pos.
 * Returns the number of bytes copied (0 when caught up).
 */
size_t console_ring_read(char *buf, size_t size, u64 *pos);

/* Bytes ever written to the ring (older ones are overwritten). */
u64 console_ring_written(void);

/* Read one byte from the console input, -1 if none is waiting. */
int console_getc(void);

#endif /* XEN_CONSOLE_H */
