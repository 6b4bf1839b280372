/*
 * PV console backend: each PVH domain's console ring page (struct
 * xencons_interface, xen-abi.md §5.5) and its hypervisor-bound event
 * channel. Output is drained when the guest notifies the port (or by the
 * fallback poll) and printed line by line through guest_console_line();
 * input bytes from the serial line go into in[].
 *
 * The page belongs to the hypervisor, not to the guest's RAM: whatever the
 * guest does to its p2m (map shared_info over the frame, balloon it out),
 * the pointer here stays valid until the domain is released.
 */
#include <public/hvm/params.h>
#include <public/io/console.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall_ops.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/pvcons.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

struct pvcons {
    spinlock_t lock;                    /* the ring indices we own, line[] */
    struct xencons_interface *ring;     /* hypervisor mapping of the page */
    u64 gfn;
    evtchn_port_t port;
    bool reported_bad;                  /* out-of-range indices reported once */
    unsigned int line_len;
    s_time_t line_since;                /* when line[] got its first byte */
    char line[PVCONS_LINE_MAX + 1];
    unsigned long in_dropped;           /* input bytes lost to a full in[] */
};

static unsigned int max_domid;          /* written at build, read racily */
static s_time_t last_poll;              /* CPU 0 only */

static void pvcons_notified(struct domain *d, evtchn_port_t port);

/* ---- output ---- */

static void pvcons_flush_line(struct domain *d, struct pvcons *c)
{
    c->line[c->line_len] = '\0';
    guest_console_line(d, c->line);
    c->line_len = 0;
}

/* Control characters other than tab and escape are shown as '.', so a
 * guest cannot move the host terminal's cursor about or ring its bell. */
static void pvcons_put_byte(struct domain *d, struct pvcons *c, char ch, s_time_t now)
{
    if (ch == '\n') {
        pvcons_flush_line(d, c);
        return;
    }
    if (ch == '\r')
        return;
    if ((unsigned char)ch < 0x20 && ch != '\t' && ch != 0x1b)
        ch = '.';
    if (!c->line_len)
        c->line_since = now;
    c->line[c->line_len++] = ch;
    if (c->line_len == PVCONS_LINE_MAX)
        pvcons_flush_line(d, c);
}

/*
 * Consume out[out_cons..out_prod). The indices are the guest's to
 * scribble on: a distance beyond the ring is reported once and skipped,
 * never used to index. Returns whether anything was consumed. c->lock held.
 */
static bool pvcons_drain_locked(struct domain *d, struct pvcons *c, s_time_t now)
{
    struct xencons_interface *r = c->ring;
    XENCONS_RING_IDX cons = READ_ONCE(r->out_cons);
    XENCONS_RING_IDX prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);

    if (prod == cons)
        return false;
    if (prod - cons > sizeof(r->out)) {
        if (!c->reported_bad)
            printk(XENLOG_WARNING "d%u (%s): console ring indices out of range (prod %u, cons %u); output skipped\n",
                   d->domain_id, d->name, prod, cons);
        c->reported_bad = true;
        cons = prod;
    }
    for (; cons != prod; cons++)
        pvcons_put_byte(d, c, READ_ONCE(r->out[MASK_XENCONS_IDX(cons, r->out)]), now);
    /* Bytes read before the slots are handed back to the guest. */
    __atomic_store_n(&r->out_cons, cons, __ATOMIC_RELEASE);
    return true;
}

/* Drain, flush a partial line that waited long enough, notify back. */
static void pvcons_drain(struct domain *d, s_time_t now)
{
    struct pvcons *c = d->pvcons;
    bool consumed;

    spin_lock(&c->lock);
    consumed = pvcons_drain_locked(d, c, now);
    if (c->line_len && now - c->line_since >= MILLISECS(PVCONS_PARTIAL_FLUSH_MS))
        pvcons_flush_line(d, c);
    spin_unlock(&c->lock);
    if (consumed)
        evtchn_send_from_xen(d, c->port, pvcons_notified);
}

/* EVTCHNOP_send on the console port (include/xen/event.h). */
static void pvcons_notified(struct domain *d, evtchn_port_t port)
{
    if (d->pvcons)
        pvcons_drain(d, NOW());
}

/* ---- input ---- */

bool pvcons_put_input(struct domain *d, char ch)
{
    struct pvcons *c = d->pvcons;
    struct xencons_interface *r;
    XENCONS_RING_IDX prod;
    bool ok;

    if (!c)
        return false;
    r = c->ring;
    spin_lock(&c->lock);
    prod = READ_ONCE(r->in_prod);
    /* Full, or indices the guest broke: drop rather than overwrite. */
    ok = prod - __atomic_load_n(&r->in_cons, __ATOMIC_ACQUIRE) < sizeof(r->in);
    if (ok) {
        WRITE_ONCE(r->in[MASK_XENCONS_IDX(prod, r->in)], ch);
        __atomic_store_n(&r->in_prod, prod + 1, __ATOMIC_RELEASE);
    } else
        c->in_dropped++;
    spin_unlock(&c->lock);
    if (ok)
        evtchn_send_from_xen(d, c->port, pvcons_notified);
    return ok;
}

/* ---- lifecycle and polling ---- */

int pvcons_domain_init(struct domain *d, u64 gfn)
{
    struct pvcons *c = xzalloc(struct pvcons);
    int port = -ENOMEM;

    if (!c || !(c->ring = alloc_xenheap_page()))
        goto fail;
    memset(c->ring, 0, PAGE_SIZE);
    if ((port = arch_p2m_set_entry(d, gfn, maddr_to_mfn(virt_to_maddr(c->ring)))) ||
        (port = evtchn_alloc_xen_port(d, pvcons_notified)) < 0)
        goto fail;
    c->gfn = gfn;
    c->port = (evtchn_port_t)port;
    d->pvcons = c;
    hvm_param_init(d, HVM_PARAM_CONSOLE_PFN, gfn);
    hvm_param_init(d, HVM_PARAM_CONSOLE_EVTCHN, c->port);
    if (d->domain_id > max_domid)
        WRITE_ONCE(max_domid, d->domain_id);
    return 0;
fail:
    if (c)
        free_xenheap_page(c->ring);
    xfree(c);
    return port < 0 ? port : -ENOMEM;
}

/* The ports are closed already (evtchn_domain_destroy runs first), so
 * nobody calls in any more; the EPT goes with the domain. */
void pvcons_domain_destroy(struct domain *d)
{
    struct pvcons *c = d->pvcons;

    if (!c)
        return;
    pvcons_drain_locked(d, c, NOW());
    if (c->line_len)
        pvcons_flush_line(d, c);
    if (c->in_dropped)
        printk(XENLOG_WARNING "d%u (%s): %lu console input bytes dropped (ring full)\n",
               d->domain_id, d->name, c->in_dropped);
    d->pvcons = NULL;
    free_xenheap_page(c->ring);
    xfree(c);
}

bool pvcons_ring_gfn(const struct domain *d, u64 *gfn)
{
    if (!d->pvcons)
        return false;
    *gfn = d->pvcons->gfn;
    return true;
}

unsigned int pvcons_max_domid(void)
{
    return READ_ONCE(max_domid);
}

void pvcons_poll(s_time_t now)
{
    if (now - last_poll < MILLISECS(PVCONS_POLL_MS))
        return;
    last_poll = now;
    for (unsigned int id = DOMID_FIRST_BOOT; id <= pvcons_max_domid(); id++) {
        struct domain *d = domain_get_by_id((domid_t)id);

        if (!d)
            continue;
        if (d->pvcons)
            pvcons_drain(d, now);
        domain_put(d);
    }
}
