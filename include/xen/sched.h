/*
 * Domains and vCPUs (xen/domain.c): identity, lifecycle, memory accounting
 * and the scheduling entity each vCPU embeds. Architecture state hangs off
 * opaque arch pointers that only arch/x86 dereferences.
 *
 * Lifecycle: CREATED -> RUNNING <-> PAUSED -> SHUTDOWN(code) -> DYING ->
 * DESTROYED. A domain is destroyed (pages freed) only once none of its
 * vCPUs is on a CPU any more; domlist_lock protects the domain list and
 * every domain's state field (see xen/domain.c for the lock order).
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/compiler.h>
#include <xen/runstate.h>
#include <xen/scheduler.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>

typedef u16 domid_t;

#define MAX_VIRT_CPUS 64
#define DOMAIN_NAME_LEN 32
#define DOMID_FIRST_BOOT 1      /* boot-module domains are numbered from 1 */
#define DOMAIN_NR_HVM_PARAMS 39 /* HVM_NR_PARAMS (include/public/hvm/params.h) */
#define DOMAIN_MAX_MEMMAP 4     /* PVH_MAX_MEMMAP: RAM, ACPI, RAM, reserved */

/* One guest memory map entry (E820 / hvm_memmap_table_entry types). */
struct domain_memmap_entry {
    u64 addr, size;
    u32 type;
};

/* Xen's SHUTDOWN_* reasons (public/sched.h). */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3
#define SHUTDOWN_watchdog 4

enum domain_state {
    DOMAIN_CREATED,     /* being built; vCPUs never ran */
    DOMAIN_RUNNING,
    DOMAIN_PAUSED,
    DOMAIN_SHUTDOWN,    /* asked to stop; vCPUs are leaving their CPUs */
    DOMAIN_DYING,       /* all vCPUs off CPU; resources being released */
    DOMAIN_DESTROYED,
};

/* A run of guest RAM: 2^order machine frames starting at mfn. */
struct mem_extent {
    mfn_t mfn;
    unsigned int order;
};

struct arch_domain;
struct arch_vcpu;
struct domain;
struct shared_info;
struct vcpu_info;
struct evtchn_domain;
struct grant_table;
struct pvcons;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    struct sched_entity sched;
    bool is_initialised;        /* has an entry state; may be scheduled */
    bool in_scheduler;          /* sched_add()ed and not yet retired */
    bool stop_requested;        /* leave the CPU at the next exit */
    bool retired;               /* vcpu_left_cpu() ran (exactly once) */

    /*
     * Event upcall (xen-abi.md §4.5/§6): the vector set by
     * HVMOP_set_evtchn_upcall_vector, and whether an upcall waits to be
     * injected. Set from any CPU (timer callbacks), consumed by the arch
     * before VM entry.
     */
    u8 upcall_vector;
    bool upcall_pending;
    struct timer singleshot;    /* VCPUOP_set_singleshot_timer */
    bool singleshot_ready;      /* init_timer done */
    /* VCPUOP_set_periodic_timer: period 0 = stopped; periodic_next is the
     * expiry the timer is armed for (re-armed from its own callback). */
    struct timer periodic;
    bool periodic_ready;        /* init_timer done */
    u64 periodic_ns;
    s_time_t periodic_next;
    struct vcpu_runstate runstate;  /* xen/runstate.c */
    u64 ran_on;                 /* bit n: has run on CPU n (xen/schedule.c) */
    u64 first_entry_tsc;        /* TSC just before its first guest instruction, 0: none
                                 * yet (arch; printed at destruction for make bench) */
    /* VCPUOP_register_vcpu_info target (host mapping), NULL: the
     * shared_info slot (xen/shared_info.c, include/xen/shared_page.h). */
    struct vcpu_info *vcpu_info_reg;
    struct arch_vcpu *arch;
};

/* How a domain was built, kept so that a reboot can rebuild it. */
struct domain_build_info {
    const void *image;          /* module contents (host virtual) */
    u64 image_size;
    unsigned int module_index;
    unsigned int reboots_left;
    void *config;               /* builder's own record, freed with the domain */
    /* Build the domain again after SHUTDOWN_reboot (NULL: cannot). It
     * takes over info->config, and frees it itself if it fails. */
    int (*rebuild)(const struct domain_build_info *info);
};

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_LEN];
    enum domain_state state;
    unsigned int shutdown_code;     /* SHUTDOWN_* once shut down */
    unsigned int refcnt;            /* holders of a reference: see get_domain() */
    unsigned int vcpus_on_cpu;      /* vCPUs not yet safely off their CPU */

    unsigned long max_pages;        /* memory limit, 4 KiB pages */
    unsigned long tot_pages;        /* pages held now */
    struct mem_extent *extents;     /* guest RAM, in guest-physical order */
    unsigned int nr_extents;

    unsigned int max_vcpus;
    struct vcpu **vcpu;
    struct sched_domain_params sched_params;
    u64 cpu_affinity;

    struct domain_build_info build;
    /* The Xen shared_info page (xen/shared_info.c): hypervisor-owned, at
     * guest frame shared_info_gfn once the guest mapped it (else ~0). */
    struct shared_info *shared_info;
    u64 shared_info_gfn;
    /* Guest console rate limit (xen/guest_console.c), under its own lock. */
    s_time_t console_refill;        /* when tokens were last topped up */
    unsigned int console_tokens;    /* lines it may print now */
    unsigned long console_dropped;  /* lines suppressed since the last report */
    s_time_t console_reported;      /* when suppressed lines were last reported */
    struct evtchn_domain *evtchn;   /* event-channel ports (xen/event_channel.c) */
    struct grant_table *grant_table; /* grant tables v1 (xen/grant_table.c) */
    /* HVMOP_set/get_param values and the domain-wide CALLBACK_IRQ vector
     * (xen/hvm_param.c). */
    u64 hvm_param[DOMAIN_NR_HVM_PARAMS];
    u8 callback_vector;
    /* vCPUs (bit = id) blocked in SCHEDOP_poll; any newly pending port
     * wakes them (domain_wake_pollers). Xen's poll_mask. */
    u64 poll_mask;
    struct pvcons *pvcons;          /* PV console backend (xen/pvcons.c), NULL: none */
    /* The memory map the PVH start info carries (xen/dom0less.c), kept so
     * XENMEM_memory_map returns the very same; 0 entries = none built. */
    struct domain_memmap_entry memmap[DOMAIN_MAX_MEMMAP];
    unsigned int nr_memmap;
    struct arch_domain *arch;
    struct domain *next;            /* domain list, under domlist_lock */
};

/*
 * Create an empty domain (no memory, no vCPUs) named name, in state
 * CREATED, and add it to the domain list. Returns NULL on -ENOMEM or a bad
 * name/vcpu count, after printing why.
 */
struct domain *domain_create(const char *name, unsigned int max_vcpus);

/* Give d mem_bytes of guest RAM at guest-physical 0 (p2m mapped). */
int __must_check domain_alloc_memory(struct domain *d, u64 mem_bytes);

/* Create vCPU id of d (not yet runnable). */
int __must_check vcpu_create(struct domain *d, unsigned int id);

/*
 * Ask for an upcall on v (its upcall vector) and wake it if blocked. Any
 * CPU, interrupts off. No-op until the guest has set an upcall vector.
 */
void vcpu_raise_upcall(struct vcpu *v);

/*
 * A port of d became pending (masked or not): wake its vCPUs sleeping in
 * SCHEDOP_poll. Any of them, whatever ports it polls: poll may return
 * early, callers re-check. Any CPU.
 */
void domain_wake_pollers(struct domain *d);

/* Hand an initialised vCPU to the scheduler (once; e.g. after a SIPI). */
void vcpu_start(struct vcpu *v);

/* RUNNING -> PAUSED: no vCPU of d runs until domain_unpause(). -EINVAL
 * in any other state. Interrupts off. */
int __must_check domain_pause(struct domain *d);

/* CREATED/PAUSED -> RUNNING: queue every initialised vCPU. */
void domain_unpause(struct domain *d);

/*
 * Stop d for the Xen reason code (SHUTDOWN_*): every vCPU leaves its CPU
 * at its next exit; the last one out destroys the domain. Any context.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * Something the guest did cannot go on: print why (and the arch register
 * dump of the current vCPU), then shut d down with SHUTDOWN_crash.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/*
 * Take v out of the scheduler for good if it is off every CPU; the last
 * vCPU of a shutting-down domain to go destroys the domain. Returns true
 * once v is retired. Interrupts off.
 */
bool vcpu_try_retire(struct vcpu *v);

/* The per-CPU scheduling loop (xen/schedule.c): never returns. */
void schedule_loop(void) __noreturn;

/*
 * Boot-time domains are all built: from now on, the last domain going
 * away ends the run (on_last_domain=). Returns only if domains exist.
 */
void domains_boot_done(void);

/*
 * Print one line of guest console output as "(name) line", rate-limited
 * per domain (a burst, then a steady rate); suppressed lines are counted
 * and reported. Any context.
 */
void guest_console_line(struct domain *d, const char *line);

/*
 * The listed domain with id, with a reference taken (NULL: no such
 * domain, or already destroyed). Drop it with domain_put(), never while
 * holding a lock the release path takes (e.g. an event-channel lock): the
 * last reference frees the domain. Any CPU.
 */
struct domain *domain_get_by_id(domid_t id);
void domain_put(struct domain *d);

/* Number of domains whose memory is not yet released. */
unsigned int domain_count(void);

/* Iterate over the domain list under domlist_lock (for dumps). */
void for_each_domain(void (*fn)(struct domain *d, void *arg), void *arg);

/* Pages of d's RAM allocated for guest frame gfn, or INVALID_MFN. This is
 * the RAM layout, not the current p2m: XENMEM_add_to_physmap may have put
 * another page there (arch_p2m_lookup() tells). */
mfn_t domain_gfn_to_mfn(const struct domain *d, u64 gfn);

const char *domain_state_name(enum domain_state s);

/* vCPU owning a scheduling entity. */
static inline struct vcpu *sched_entity_vcpu(struct sched_entity *e)
{
    return container_of(e, struct vcpu, sched);
}

#endif /* XEN_SCHED_H */
