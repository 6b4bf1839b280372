/*
 * Domain and vCPU lifecycle: creation, guest RAM, shutdown, crash and
 * destruction. Generic: the EPT, VMCS and registers are reached only
 * through the arch interface (include/xen/arch.h).
 *
 * Locking: domlist_lock protects the domain list, every d->state and
 * d->vcpus_on_cpu. Order: domlist_lock -> heap_lock; never held while
 * calling the scheduler or the arch (they take their own locks).
 */
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/pvcons.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shared_page.h>
#include <xen/shutdown.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/time.h>
#include <xen/xmalloc.h>

#define GUEST_EXTENT_MAX_ORDER 9        /* 2 MiB: maps as one EPT large page */

static DEFINE_SPINLOCK(domlist_lock);
static struct domain *domain_list;
static domid_t next_domid = DOMID_FIRST_BOOT;
static unsigned int nr_domains;
static bool boot_domains_done;  /* before: an empty list is not "the end" */

const char *domain_state_name(enum domain_state s)
{
    static const char *const names[] = {
        [DOMAIN_CREATED] = "created", [DOMAIN_RUNNING] = "running",
        [DOMAIN_PAUSED] = "paused", [DOMAIN_SHUTDOWN] = "shutdown",
        [DOMAIN_DYING] = "dying", [DOMAIN_DESTROYED] = "destroyed",
    };

    return s < ARRAY_SIZE(names) ? names[s] : "?";
}

static bool domain_name_valid(const char *name)
{
    size_t n = strnlen(name, DOMAIN_NAME_LEN);

    if (n == 0 || n == DOMAIN_NAME_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

struct domain *domain_create(const char *name, unsigned int max_vcpus)
{
    struct domain *d;

    if (!domain_name_valid(name) || max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS) {
        printk(XENLOG_ERR "domain: cannot create '%s' with %u vCPUs: bad name or vCPU count\n",
               name, max_vcpus);
        return NULL;
    }
    d = xzalloc(struct domain);
    if (!d || !(d->vcpu = xzalloc_array(struct vcpu *, max_vcpus)))
        goto nomem;
    strlcpy(d->name, name, sizeof(d->name));
    d->max_vcpus = max_vcpus;
    if (evtchn_domain_init(d))
        goto nomem;
    d->refcnt = 1;                      /* the domain list's reference */
    d->sched_params.weight = SCHED_DEFAULT_WEIGHT;
    d->cpu_affinity = SCHED_AFFINITY_ALL;
    if (arch_domain_create(d))
        goto nomem;
    if (domain_shared_info_init(d)) {
        arch_domain_destroy(d);
        goto nomem;
    }
    if (gnttab_domain_init(d)) {
        domain_shared_info_free(d);
        arch_domain_destroy(d);
        goto nomem;
    }
    spin_lock(&domlist_lock);
    d->domain_id = next_domid++;
    d->next = domain_list;
    domain_list = d;
    nr_domains++;
    spin_unlock(&domlist_lock);
    return d;

nomem:
    printk(XENLOG_ERR "domain: out of memory creating '%s'\n", name);
    if (d) {
        evtchn_domain_destroy(d);
        xfree(d->vcpu);
    }
    xfree(d);
    return NULL;
}

static int extents_append(struct domain *d, mfn_t mfn, unsigned int order)
{
    struct mem_extent *n;

    if ((d->nr_extents & (d->nr_extents - 1)) == 0) {     /* grow at powers of two */
        n = xmalloc_array(struct mem_extent, d->nr_extents ? d->nr_extents * 2 : 8);
        if (!n)
            return -ENOMEM;
        if (d->extents)
            memcpy(n, d->extents, d->nr_extents * sizeof(*n));
        xfree(d->extents);
        d->extents = n;
    }
    d->extents[d->nr_extents++] = (struct mem_extent){ mfn, order };
    return 0;
}

/* Largest order that fits the remaining pages and the gfn's alignment. */
static unsigned int extent_order(u64 gfn, u64 remaining)
{
    unsigned int order = GUEST_EXTENT_MAX_ORDER;

    while (order && ((gfn & ((1ULL << order) - 1)) || (1ULL << order) > remaining))
        order--;
    return order;
}

int domain_alloc_memory(struct domain *d, u64 mem_bytes)
{
    u64 pages = mem_bytes >> PAGE_SHIFT, gfn = 0;

    d->max_pages = pages;
    if (pages > page_alloc_free_pages()) {     /* fail before zeroing anything */
        printk(XENLOG_ERR "d%u (%s): not enough free memory for %llu MiB (%lu MiB free)\n",
               d->domain_id, d->name, (unsigned long long)(mem_bytes >> 20),
               page_alloc_free_pages() >> (20 - PAGE_SHIFT));
        return -ENOMEM;
    }
    while (gfn < pages) {
        unsigned int order = extent_order(gfn, pages - gfn);
        mfn_t mfn = alloc_mfns(order);

        while (mfn == INVALID_MFN && order)     /* fragmented: smaller pieces */
            mfn = alloc_mfns(--order);
        if (mfn == INVALID_MFN || extents_append(d, mfn, order)) {
            if (mfn != INVALID_MFN)
                free_mfns(mfn, order);
            printk(XENLOG_ERR "d%u (%s): not enough free memory for %llu MiB\n", d->domain_id,
                   d->name, (unsigned long long)(mem_bytes >> 20));
            return -ENOMEM;
        }
        /* Never hand a guest another domain's (or our) old data. */
        memset(maddr_to_virt(mfn_to_maddr(mfn)), 0, PAGE_SIZE << order);
        d->tot_pages += 1UL << order;
        if (arch_p2m_map_ram(d, gfn, mfn, 1ULL << order))
            return -ENOMEM;
        gfn += 1ULL << order;
    }
    return 0;
}

mfn_t domain_gfn_to_mfn(const struct domain *d, u64 gfn)
{
    u64 base = 0;

    /* Extents are in guest-physical order from gfn 0 (domain_alloc_memory). */
    for (unsigned int i = 0; i < d->nr_extents; i++) {
        u64 n = 1ULL << d->extents[i].order;
        if (gfn < base + n)
            return d->extents[i].mfn + (gfn - base);
        base += n;
    }
    return INVALID_MFN;
}

int vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v;

    if (id >= d->max_vcpus || d->vcpu[id])
        return -EINVAL;
    if (!(v = xzalloc(struct vcpu)))
        return -ENOMEM;
    v->vcpu_id = id;
    v->domain = d;
    vcpu_runstate_init(v, NOW());
    if (sched_entity_init(&v->sched, &d->sched_params, d->cpu_affinity) ||
        arch_vcpu_create(v)) {
        xfree(v);
        return -ENOMEM;
    }
    v->sched.tag = ((u32)d->domain_id << 16) | id;
    d->vcpu[id] = v;
    return 0;
}

/* Queue an initialised vCPU that is not yet known to the scheduler. */
void vcpu_start(struct vcpu *v)
{
    if (!v->is_initialised || v->in_scheduler)
        return;
    v->in_scheduler = true;
    spin_lock(&domlist_lock);
    v->domain->vcpus_on_cpu++;
    spin_unlock(&domlist_lock);
    sched_add(&v->sched, NOW());
}

void domain_unpause(struct domain *d)
{
    bool was_paused;

    spin_lock(&domlist_lock);
    was_paused = d->state == DOMAIN_PAUSED;
    if (d->state == DOMAIN_CREATED || was_paused)
        d->state = DOMAIN_RUNNING;
    spin_unlock(&domlist_lock);
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        if (!v)
            continue;
        if (was_paused && v->in_scheduler)
            sched_unpause(&v->sched, NOW());
        vcpu_start(v);
    }
}

int domain_pause(struct domain *d)
{
    spin_lock(&domlist_lock);
    if (d->state != DOMAIN_RUNNING) {
        spin_unlock(&domlist_lock);
        return -EINVAL;
    }
    d->state = DOMAIN_PAUSED;
    spin_unlock(&domlist_lock);
    /* Each vCPU stops at its CPU's next decision (the scheduler kicks it). */
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->in_scheduler)
            sched_pause(&d->vcpu[i]->sched);
    return 0;
}

void vcpu_raise_upcall(struct vcpu *v)
{
    if (!READ_ONCE(v->upcall_vector) || v->stop_requested)
        return;
    __atomic_store_n(&v->upcall_pending, true, __ATOMIC_RELEASE);
    if (v->in_scheduler)
        sched_wake(&v->sched, NOW());
}

_Static_assert(MAX_VIRT_CPUS <= 64, "poll_mask has one bit per vCPU");

void domain_wake_pollers(struct domain *d)
{
    u64 m;

    if (!__atomic_load_n(&d->poll_mask, __ATOMIC_SEQ_CST))
        return;                         /* the common case: nobody polls */
    for (m = __atomic_exchange_n(&d->poll_mask, 0, __ATOMIC_SEQ_CST); m; m &= m - 1) {
        struct vcpu *v = d->vcpu[__builtin_ctzll(m)];
        if (v && v->in_scheduler)
            sched_wake(&v->sched, NOW());
    }
}

/* Free everything d holds; the caller made sure no vCPU is on a CPU. */
static void domain_release(struct domain *d)
{
    /* Timers first (they raise VIRQs), then ports (peers deliver into our
     * vCPUs until their channels are closed), then the vCPUs. */
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->singleshot_ready)
            kill_timer(&d->vcpu[i]->singleshot);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->periodic_ready)
            kill_timer(&d->vcpu[i]->periodic);
    evtchn_domain_destroy(d);
    /* Grants before the p2m and RAM: no domain may keep our pages mapped. */
    gnttab_domain_destroy(d);
    pvcons_domain_destroy(d);           /* no port calls it any more */
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (!d->vcpu[i])
            continue;
        arch_vcpu_destroy(d->vcpu[i]);
        xfree(d->vcpu[i]);
    }
    arch_domain_destroy(d);
    domain_shared_info_free(d);
    /* Includes RAM pages that XENMEM_add_to_physmap unmapped. */
    for (unsigned int i = 0; i < d->nr_extents; i++)
        free_mfns(d->extents[i].mfn, d->extents[i].order);
    d->tot_pages = 0;
    xfree(d->extents);
    xfree(d->vcpu);
    xfree(d->build.config);
    xfree(d);
}

static void domain_unlink(struct domain *d)
{
    struct domain **pp;

    for (pp = &domain_list; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            return;
        }
}

static const char *shutdown_reason_name(unsigned int code)
{
    static const char *const names[] = { "poweroff", "reboot", "suspend", "crash", "watchdog" };

    return code < ARRAY_SIZE(names) ? names[code] : "unknown";
}

static void get_domain(struct domain *d)
{
    spin_lock(&domlist_lock);
    d->refcnt++;
    spin_unlock(&domlist_lock);
}

/* CPUs in mask as a list like "0-1,3" (the cpus= syntax); "none" if empty. */
static void cpu_list(char *buf, size_t size, u64 mask)
{
    size_t len = 0;

    strlcpy(buf, "none", size);
    for (unsigned int lo = 0; lo < 64 && len < size; lo++) {
        unsigned int hi = lo;

        if (!(mask & (1ULL << lo)))
            continue;
        while (hi < 63 && (mask & (1ULL << (hi + 1))))
            hi++;
        len += snprintf(buf + len, size - len, hi == lo ? "%s%u" : "%s%u-%u", len ? "," : "",
                        lo, hi);
        lo = hi;
    }
}

/*
 * The one-line epitaph of a domain: what it held and what CPU it got, so
 * scenarios can check weights, caps and affinity from the log (the
 * vCPUs are off every CPU by now, so their counters are stable).
 */
static void domain_print_summary(const struct domain *d)
{
    u64 run_ns = 0, preempts = 0, ran_on = 0;
    char cpus[192];

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];
        if (!v)
            continue;
        run_ns += v->sched.stats.run_ns;
        preempts += v->sched.stats.nr_preempts;
        ran_on |= v->ran_on;
    }
    cpu_list(cpus, sizeof(cpus), ran_on);
    printk("d%u (%s): destroyed (%s); %lu pages returned; ran %llu ms on CPUs %s, "
           "preempted %llu times\n", d->domain_id, d->name, shutdown_reason_name(d->shutdown_code),
           d->tot_pages, (unsigned long long)(run_ns / MILLISECS(1)), cpus,
           (unsigned long long)preempts);
    if (d->vcpu[0] && d->vcpu[0]->first_entry_tsc)
        printk("d%u (%s): vCPU0 entered the guest first at TSC %llu\n", d->domain_id, d->name,
               (unsigned long long)d->vcpu[0]->first_entry_tsc);
}

/*
 * Drop a reference; the last one frees d's memory, rebuilds it if it asked
 * for a reboot (and may), and stops the host when no domain is left.
 */
static void put_domain(struct domain *d)
{
    struct domain_build_info build = d->build;
    bool rebuild, last;

    spin_lock(&domlist_lock);
    last = --d->refcnt == 0;
    spin_unlock(&domlist_lock);
    if (!last)
        return;
    rebuild = d->shutdown_code == SHUTDOWN_reboot && build.rebuild && build.reboots_left;
    d->build.config = NULL;             /* handed over to the rebuild */
    if (d->console_dropped)
        printk(XENLOG_WARNING "(%s) [%lu lines suppressed: console rate limit]\n", d->name,
               d->console_dropped);
    domain_print_summary(d);
    domain_release(d);
    build.reboots_left--;
    /* The rebuild owns the config from here, also when it fails (the
     * builder frees it then): freeing it here too was a double free. */
    if (rebuild)
        (void)build.rebuild(&build);
    else
        xfree(build.config);
    /* Counted down only now that its memory is back, so exactly one CPU
     * sees the count reach zero, after every release. */
    spin_lock(&domlist_lock);
    last = --nr_domains == 0;
    spin_unlock(&domlist_lock);
    if (last && READ_ONCE(boot_domains_done))
        last_domain_gone();
}

struct domain *domain_get_by_id(domid_t id)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    for (d = domain_list; d && d->domain_id != id; d = d->next)
        ;
    if (d)
        d->refcnt++;                    /* listed, so the list's ref is live */
    spin_unlock(&domlist_lock);
    return d;
}

void domain_put(struct domain *d)
{
    put_domain(d);
}

/* Last vCPU gone: take d off the list and drop the list's reference. */
static void domain_destroy(struct domain *d)
{
    spin_lock(&domlist_lock);
    d->state = DOMAIN_DESTROYED;
    domain_unlink(d);
    spin_unlock(&domlist_lock);
    put_domain(d);
}

bool vcpu_try_retire(struct vcpu *v)
{
    struct domain *d = v->domain;
    bool last;

    if (v->retired || sched_remove(&v->sched))
        return v->retired;
    if (__atomic_exchange_n(&v->retired, true, __ATOMIC_ACQ_REL))
        return true;
    spin_lock(&domlist_lock);
    last = --d->vcpus_on_cpu == 0;
    if (last)
        d->state = DOMAIN_DYING;
    spin_unlock(&domlist_lock);
    /* The shutdown path holds a reference, so d outlives this call even
     * when the domain is destroyed here. */
    if (last)
        domain_destroy(d);
    return true;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    unsigned int on_cpu;

    spin_lock(&domlist_lock);
    if (d->state >= DOMAIN_SHUTDOWN) {
        spin_unlock(&domlist_lock);
        return;
    }
    d->state = DOMAIN_SHUTDOWN;
    d->shutdown_code = reason;
    on_cpu = d->vcpus_on_cpu;
    spin_unlock(&domlist_lock);
    printk("d%u (%s): shutdown requested (%s)\n", d->domain_id, d->name,
           shutdown_reason_name(reason));
    get_domain(d);                      /* d stays valid while we retire vCPUs */
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        if (!v || !v->in_scheduler)
            continue;
        v->stop_requested = true;
        sched_pause(&v->sched);         /* never picked again; kicks its CPU */
    }
    if (!on_cpu)                        /* never started: nothing to wait for */
        domain_destroy(d);
    /* vCPUs that are blocked or queued retire now; running ones at their
     * CPU's next pick (the scheduling loop calls vcpu_try_retire). */
    for (unsigned int i = 0; on_cpu && i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->in_scheduler)
            vcpu_try_retire(d->vcpu[i]);
    put_domain(d);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "d%u (%s): domain crash: %s\n", d->domain_id, d->name, msg);
    domain_shutdown(d, SHUTDOWN_crash);
}

unsigned int domain_count(void)
{
    return READ_ONCE(nr_domains);
}

void for_each_domain(void (*fn)(struct domain *d, void *arg), void *arg)
{
    spin_lock(&domlist_lock);
    for (struct domain *d = domain_list; d; d = d->next)
        fn(d, arg);
    spin_unlock(&domlist_lock);
}

void domains_boot_done(void)
{
    WRITE_ONCE(boot_domains_done, true);
    if (!domain_count())
        last_domain_gone();
}
