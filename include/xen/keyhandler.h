/*
 * Debug keys (xen/keyhandler.c), as in Xen: a key typed on the serial
 * console makes the hypervisor dump some of its state; 'h' lists the keys.
 * Input is polled, not interrupt driven: a timer on CPU 0 moves received
 * bytes into a small queue, and CPU 0's scheduling loop runs the handlers.
 */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

#include <xen/compiler.h>
#include <xen/types.h>

/* How often CPU 0 looks at the UART: well inside the 16-byte FIFO's reach
 * (16 characters take 1.4 ms at 115200 baud, but nobody types that fast). */
#define KEYHANDLER_POLL_MS 30

/* Keys waiting for CPU 0's scheduling loop; more are dropped (and counted). */
#define KEYHANDLER_QUEUE_LEN 32

/*
 * Start polling the console input every KEYHANDLER_POLL_MS on CPU 0.
 * Boot CPU, once, after timers work and before schedule_loop().
 */
void keyhandler_init(void);

/*
 * Run the handler of every queued key, in the order typed. Called by the
 * scheduling loop on each decision; does nothing except on CPU 0. The
 * caller holds no lock (the handlers take the domain list, run-queue, heap
 * and console locks) and has interrupts off (so the poll timer, which
 * fills the queue from an interrupt on the same CPU, cannot race with it).
 */
void keyhandler_run_pending(unsigned int cpu);

/*
 * Queue one received byte (the poll timer's producer side; exposed for
 * tests). Returns false, counting a drop, if the queue is full.
 */
bool keyhandler_queue_key(unsigned char key);

/*
 * Run the handler for key now, or print that it has none. Same context
 * rules as keyhandler_run_pending(); exposed for tests.
 */
void keyhandler_dispatch(unsigned char key);

/*
 * Route one received byte (xen/serial_input.c): Ctrl-A x3 switches the
 * input focus; a domain with the focus gets the byte in its PV console;
 * the bytes the hypervisor gets as debug keys (up to 3: held-back Ctrl-As
 * first) are written to xen_keys and counted in the return value.
 */
unsigned int serial_input_route(unsigned char key, unsigned char xen_keys[3]);

#endif /* XEN_KEYHANDLER_H */
