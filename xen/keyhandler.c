/*
 * Debug keys: the key table, the queue between the UART poll (a CPU 0
 * timer) and the handlers, and the handlers themselves, which dump
 * domains and vCPUs, run queues, VM-exit counts, memory and console state.
 * Messages follow Xen's: "'d' pressed -> dumping domain info (now = ...)".
 */
#include <xen/arch.h>
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/pvcons.h>
#include <xen/sched.h>
#include <xen/scheduler.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

struct keyhandler {
    unsigned char key;
    void (*fn)(unsigned char key);
    const char *desc;       /* what it dumps; also the "pressed -> ..." text */
};

static void key_help(unsigned char key);
static void key_console(unsigned char key);
static void key_domains(unsigned char key);
static void key_exits(unsigned char key);
static void key_memory(unsigned char key);
static void key_runqueues(unsigned char key);

/* Sorted by key, so 'h' prints them in alphabetical order. */
static const struct keyhandler key_table[] = {
    { 'c', key_console,   "dumping console and debug-key statistics" },
    { 'd', key_domains,   "dumping domain info" },
    { 'e', key_exits,     "dumping VM-exit counts by reason" },
    { 'h', key_help,      "showing the list of debug keys" },
    { 'm', key_memory,    "dumping memory statistics" },
    { 'r', key_runqueues, "dumping run queues" },
};

/*
 * The queue: filled by poll_fn() in CPU 0's timer interrupt, drained by
 * keyhandler_run_pending() on CPU 0 with interrupts off, so producer and
 * consumer never run at the same time and no lock is needed. Free-running
 * indices; head - tail is the number queued.
 */
static unsigned char key_queue[KEYHANDLER_QUEUE_LEN];
static unsigned int key_head, key_tail;
static unsigned long keys_received, keys_dropped;
static struct timer poll_timer;

static const struct keyhandler *key_lookup(unsigned char key)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(key_table); i++)
        if (key_table[i].key == key)
            return &key_table[i];
    return NULL;
}

/* "'d'" for a printable key, "'\x0d'" otherwise, so nothing odd reaches
 * the terminal. */
static const char *key_name(unsigned char key, char buf[8])
{
    if (key >= 0x20 && key < 0x7f)
        snprintf(buf, 8, "'%c'", key);
    else
        snprintf(buf, 8, "'\\x%02x'", key);
    return buf;
}

void keyhandler_dispatch(unsigned char key)
{
    const struct keyhandler *h = key_lookup(key);
    s_time_t now = NOW();
    char name[8];

    if (!h) {
        printk("%s pressed -> no handler; press 'h' for help\n", key_name(key, name));
        return;
    }
    printk("%s pressed -> %s (now = %lld.%06lld s)\n", key_name(key, name), h->desc,
           (long long)(now / 1000000000), (long long)(now % 1000000000) / 1000);
    h->fn(key);
}

bool keyhandler_queue_key(unsigned char key)
{
    keys_received++;
    if (key_head - key_tail >= KEYHANDLER_QUEUE_LEN) {
        keys_dropped++;
        return false;
    }
    key_queue[key_head++ % KEYHANDLER_QUEUE_LEN] = key;
    return true;
}

/* Move every received byte from the UART to the queue (CPU 0 only). */
static void key_poll_uart(void)
{
    int c;

    while ((c = console_getc()) >= 0)
        keyhandler_queue_key((unsigned char)c);
}

/*
 * The loop polls the UART itself as well as the timer: under Bochs the
 * LAPIC timer interrupt was never seen on CPU 0 while a guest ran there
 * (no external-interrupt exits at all), whereas the loop comes back here
 * at every slice end (sched_slice_ms), so keys still arrive.
 */
void keyhandler_run_pending(unsigned int cpu)
{
    unsigned char xen_keys[3];

    if (cpu != 0)
        return;
    key_poll_uart();
    /* Only keys typed while the hypervisor has the input focus are ours;
     * the rest go to a domain's PV console (xen/serial_input.c). */
    while (key_tail != key_head) {
        unsigned int nr = serial_input_route(key_queue[key_tail++ % KEYHANDLER_QUEUE_LEN],
                                             xen_keys);

        for (unsigned int i = 0; i < nr; i++)
            keyhandler_dispatch(xen_keys[i]);
    }
    pvcons_poll(NOW());     /* console rings of guests that did not notify */
}

/*
 * Interrupt context: only move bytes from the UART to the queue. The
 * handlers take locks that the interrupted code may hold (a printk in
 * progress holds the console lock), so they must not run here. The
 * interrupt also ends arch_idle(), so an idle CPU 0 reaches
 * keyhandler_run_pending() right after.
 */
static void poll_fn(void *data)
{
    key_poll_uart();
    set_timer(&poll_timer, NOW() + MILLISECS(KEYHANDLER_POLL_MS));
}

void keyhandler_init(void)
{
    init_timer(&poll_timer, poll_fn, NULL, 0);
    set_timer(&poll_timer, NOW() + MILLISECS(KEYHANDLER_POLL_MS));
}

/* ---- the handlers ---- */

static void key_help(unsigned char key)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(key_table); i++)
        printk(" '%c' %s\n", key_table[i].key, key_table[i].desc);
}

static void key_console(unsigned char key)
{
    printk("  console: %llu bytes logged; keys received %lu, dropped %lu (queue of %u)\n",
           (unsigned long long)console_ring_written(), keys_received, keys_dropped,
           KEYHANDLER_QUEUE_LEN);
}

/*
 * Scheduler fields belong to the vCPU's run-queue lock, which may not be
 * taken under domlist_lock (held here by for_each_domain): they are read
 * racily, as in Xen's dumps. Each is a naturally aligned word, so a value
 * may be a moment old but never torn.
 */
static void dump_vcpu(const struct vcpu *v)
{
    const struct sched_entity *e = &v->sched;

    printk("    d%uv%u: %s on CPU%u, ran %llu us, runs %llu, preemptions %llu, migrations %llu\n",
           v->domain->domain_id, v->vcpu_id,
           v->in_scheduler ? sched_state_name(READ_ONCE(e->state)) : "not started",
           READ_ONCE(e->cpu), (unsigned long long)READ_ONCE(e->stats.run_ns) / 1000,
           (unsigned long long)READ_ONCE(e->stats.nr_runs),
           (unsigned long long)READ_ONCE(e->stats.nr_preempts),
           (unsigned long long)READ_ONCE(e->stats.nr_migrations));
}

/* Under domlist_lock: d and its vCPUs cannot be freed meanwhile. */
static void dump_domain(struct domain *d, void *arg)
{
    unsigned int nr = 0;

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        nr += d->vcpu[i] != NULL;
    printk("  d%u (%s): %s, %lu/%lu pages, %u vCPU%s, weight %u, cap %u%%\n", d->domain_id,
           d->name, domain_state_name(d->state), d->tot_pages, d->max_pages, nr,
           nr == 1 ? "" : "s", d->sched_params.weight, d->sched_params.cap_percent);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            dump_vcpu(d->vcpu[i]);
}

static void key_domains(unsigned char key)
{
    printk("  %u domain%s\n", domain_count(), domain_count() == 1 ? "" : "s");
    for_each_domain(dump_domain, NULL);
}

static void dump_exits(struct domain *d, void *arg)
{
    printk("  d%u (%s):\n", d->domain_id, d->name);
    arch_domain_dump_exits(d);
}

static void key_exits(unsigned char key)
{
    for_each_domain(dump_exits, NULL);
}

static void key_memory(unsigned char key)
{
    unsigned long kept, live;

    xmalloc_stats(&kept, &live);
    printk("  page allocator: %lu pages managed, %lu free (%lu MiB)\n",
           page_alloc_total_pages(), page_alloc_free_pages(),
           page_alloc_free_pages() >> (20 - PAGE_SHIFT));
    printk("  xmalloc: %lu pages kept by size classes, %lu objects live\n", kept, live);
    printk("  page allocator audit: %s\n", page_alloc_audit() ? "FAILED (see above)" : "ok");
}

/* No lock held here: sched_dump takes each run-queue lock, then printk's. */
static void key_runqueues(unsigned char key)
{
    sched_dump(printk);
}
