/*
 * The guest port registry (vendor-neutral): a table of port ranges and
 * handlers. 0xE9 is the Bochs/QEMU-style debug console (bytes become
 * "(name) ..." lines on the host console); 0x80 (POST codes) is a sink.
 */
#include <asm/ioport.h>
#include <xen/lib.h>
#include <xen/sched.h>

#define DEBUGCON_PORT 0xe9
#define DEBUGCON_LINE 120

struct port_handler {
    u16 first, last;
    void (*handle)(struct domain *d, struct io_access *io);
};

/* One partial line per domain id (small ids: boot domains). */
static char debug_line[64][DEBUGCON_LINE + 1];
static unsigned int debug_len[64];
static u8 logged_ports[65536 / 8];

static void debugcon(struct domain *d, struct io_access *io)
{
    unsigned int id = d->domain_id % 64;
    char c = (char)io->value;

    if (io->in) {
        io->value = DEBUGCON_PORT;      /* reads identify the port, as in Bochs */
        return;
    }
    if (c != '\n' && debug_len[id] < DEBUGCON_LINE) {
        debug_line[id][debug_len[id]++] = (c >= 0x20 && c < 0x7f) ? c : '.';
        return;
    }
    debug_line[id][debug_len[id]] = '\0';
    guest_console_line(d, debug_line[id]);
    debug_len[id] = 0;
}

static void port_sink(struct domain *d, struct io_access *io)
{
    if (io->in)
        io->value = 0xffffffff;
}

static const struct port_handler port_table[] = {
    { 0x80, 0x80, port_sink },
    { DEBUGCON_PORT, DEBUGCON_PORT, debugcon },
};

void ioport_access(struct domain *d, struct io_access *io)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(port_table); i++)
        if (io->port >= port_table[i].first && io->port <= port_table[i].last) {
            port_table[i].handle(d, io);
            return;
        }
    if (!(logged_ports[io->port / 8] & (1u << (io->port % 8)))) {
        logged_ports[io->port / 8] |= (u8)(1u << (io->port % 8));
        printk(XENLOG_WARNING "d%u (%s): %s of unemulated port %#x (reads all-ones; logged once)\n",
               d->domain_id, d->name, io->in ? "read" : "write", io->port);
    }
    port_sink(d, io);
}
