/*
 * Where a byte typed on the serial console goes (Xen's console_rx): to the
 * hypervisor's debug keys or to the PV console of the domain that has the
 * input focus. Ctrl-A three times in a row moves the focus on: hypervisor
 * -> DOM1 -> DOM2 ... -> hypervisor, skipping ids without a console, and
 * says so as Xen does. Fewer than three Ctrl-As are passed on (as Xen).
 * CPU 0's scheduling loop only (keyhandler_run_pending), so no lock.
 */
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/pvcons.h>
#include <xen/sched.h>

#define SWITCH_CODE 0x01                /* Ctrl-A */
#define SWITCH_COUNT 3

static unsigned int focus;              /* domain id, 0 = the hypervisor */
static unsigned int switch_pressed;     /* Ctrl-As held back */

/* Has id a live domain with a console? */
static bool has_console(unsigned int id)
{
    struct domain *d = domain_get_by_id((domid_t)id);
    bool ok = d && d->pvcons;

    if (d)
        domain_put(d);
    return ok;
}

static void switch_focus(void)
{
    unsigned int id = focus + 1, max = pvcons_max_domid();

    while (id <= max && !has_console(id))
        id++;
    focus = id <= max ? id : 0;
    if (focus)
        printk("*** Serial input to DOM%u (type 'CTRL-a' three times to switch input)\n", focus);
    else
        printk("*** Serial input to Xen (type 'CTRL-a' three times to switch input)\n");
}

/* One byte for whoever has the focus; a vanished domain's bytes are lost. */
static void deliver(unsigned char key, unsigned char *xen_keys, unsigned int *nr)
{
    struct domain *d;

    if (!focus) {
        xen_keys[(*nr)++] = key;
        return;
    }
    d = domain_get_by_id((domid_t)focus);
    if (d) {
        (void)pvcons_put_input(d, (char)key);
        domain_put(d);
    }
}

unsigned int serial_input_route(unsigned char key, unsigned char xen_keys[SWITCH_COUNT])
{
    unsigned int nr = 0;

    if (key == SWITCH_CODE) {
        if (++switch_pressed == SWITCH_COUNT) {
            switch_pressed = 0;
            switch_focus();
        }
        return 0;
    }
    for (; switch_pressed; switch_pressed--)
        deliver(SWITCH_CODE, xen_keys, &nr);
    deliver(key, xen_keys, &nr);
    return nr;
}
