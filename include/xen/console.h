/*
 * Console interface used outside the console driver.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

/*
 * Wait until everything printed so far has left the UART, e.g. before the
 * machine is powered off or reset. Any CPU, any context.
 */
void console_flush(void);

#endif /* XEN_CONSOLE_H */
