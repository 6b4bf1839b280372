/*
 * Host tests for the domain lifecycle (xen/domain.c) on the real page
 * allocator, heap and scheduler. The arch is faked: it records the p2m
 * mappings and vCPU/domain create/destroy calls, and last_domain_gone()
 * (which powers the host off) longjmps back into the test instead.
 *
 * domain.c keeps "boot is done" in a static that only ever turns on, so
 * the tests run in array order: the first ones before domains_boot_done,
 * the rest after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shared_page.h>
#include <xen/shutdown.h>
#include <xen/xmalloc.h>
#include "fake_mem.h"
#include "unit_stubs.h"

#define FAKE_FRAMES 8192UL      /* 32 MiB of "physical memory" */
#define NR_CPUS_TEST 2
#define MiB (1ULL << 20)


/* ---- fake arch: records what domain.c asked for ---- */

#define MAX_MAPS 64

static struct {
    unsigned int domains_created, domains_destroyed;
    unsigned int vcpus_created, vcpus_destroyed;
    bool fail_domain_create, fail_vcpu_create, fail_p2m;
    unsigned int nr_maps;
    struct { struct domain *d; u64 gfn, mfn, nr; } maps[MAX_MAPS];
} arch;

int arch_domain_create(struct domain *d)
{
    if (arch.fail_domain_create)
        return -ENOMEM;
    arch.domains_created++;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    arch.domains_destroyed++;
}

int arch_p2m_map_ram(struct domain *d, u64 gfn, u64 mfn, u64 nr)
{
    if (arch.fail_p2m)
        return -ENOMEM;
    assert_true(arch.nr_maps < MAX_MAPS);
    arch.maps[arch.nr_maps++] = (typeof(arch.maps[0])){ d, gfn, mfn, nr };
    return 0;
}

int arch_vcpu_create(struct vcpu *v)
{
    if (arch.fail_vcpu_create)
        return -ENOMEM;
    arch.vcpus_created++;
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    arch.vcpus_destroyed++;
}

/* The scheduler kicks CPUs when vCPUs are queued or paused; nothing to do. */
/* vCPU one-shot timers are never armed in these tests; destruction still
 * kills the ones that were initialised. */
static unsigned int timers_killed;
void kill_timer(struct timer *t)
{
    timers_killed++;
}

void arch_sched_kick_cpu(unsigned int cpu)
{
    assert_true(cpu < NR_CPUS_TEST);
}

static s_time_t now_ns = 1000;

s_time_t NOW(void)
{
    return now_ns;
}

/* ---- last_domain_gone: counted, then back into the test ---- */

static jmp_buf gone_env;
static bool gone_armed;
static unsigned int gone_calls;

void last_domain_gone(void)
{
    gone_calls++;
    if (!gone_armed)
        fail_msg("last_domain_gone() called outside MAY_END()");
    longjmp(gone_env, 1);
}

/* Run stmt, which may end in last_domain_gone() (it does not return). */
#define MAY_END(stmt)                                                       \
    do {                                                                    \
        gone_armed = true;                                                  \
        if (setjmp(gone_env) == 0) {                                        \
            stmt;                                                           \
        }                                                                   \
        gone_armed = false;                                                 \
    } while (0)

/* ---- memory accounting, as xen/shutdown.c reports it ---- */

/* Event channels (xen/event_channel.c) have their own tests; here only
 * the pairing of table creation and teardown is counted. */
static int evtchn_tables_live;
int evtchn_domain_init(struct domain *d)
{
    evtchn_tables_live++;
    return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
    evtchn_tables_live--;
}

/* Runstate accounting (xen/runstate.c) is tested by the runstate guest. */
void vcpu_runstate_init(struct vcpu *v, s_time_t now) { (void)v; (void)now; }

/* The PV console (xen/pvcons.c) is not built by these tests. */
void pvcons_domain_destroy(struct domain *d) { assert_null(d->pvcons); }

/* The shared_info page (xen/shared_info.c) needs the real p2m; these
 * lifecycle tests only count its init/free pairing. */
static int shared_info_live;
int domain_shared_info_init(struct domain *d)
{
    shared_info_live++;
    return 0;
}

void domain_shared_info_free(struct domain *d)
{
    shared_info_live--;
}

/* Grant tables (xen/grant_table.c) need the real p2m too: count pairing. */
static int grant_tables_live;
int gnttab_domain_init(struct domain *d)
{
    grant_tables_live++;
    return 0;
}

void gnttab_domain_destroy(struct domain *d)
{
    grant_tables_live--;
}

struct mem_snap {
    unsigned long pages;        /* free pages + pages xmalloc keeps for reuse */
    unsigned long objects;      /* live xmalloc objects */
};

static struct mem_snap mem_now(void)
{
    unsigned long kept, live;

    xmalloc_stats(&kept, &live);
    return (struct mem_snap){ page_alloc_free_pages() + kept, live };
}

static void assert_mem_back(struct mem_snap before)
{
    struct mem_snap after = mem_now();

    assert_int_equal(after.pages, before.pages);
    assert_int_equal(after.objects, before.objects);
    assert_int_equal(shared_info_live, 0);      /* every shared_info page freed */
    assert_int_equal(evtchn_tables_live, 0);    /* every port table torn down */
    assert_int_equal(grant_tables_live, 0);     /* every grant table torn down */
}

static int group_setup(void **state)
{
    if (fake_heap_init(FAKE_FRAMES))
        return -1;
    return sched_init(NR_CPUS_TEST);
}

static int group_teardown(void **state)
{
    fake_mem_release();
    return 0;
}

static int test_setup(void **state)
{
    memset(&arch, 0, sizeof(arch));
    gone_calls = 0;
    unit_log_reset();
    return 0;
}

/* ---- helpers ---- */

/* A domain with mem bytes of RAM and n vCPUs, built as dom0less does. */
static struct domain *build(const char *name, u64 mem, unsigned int n)
{
    struct domain *d = domain_create(name, n);

    assert_non_null(d);
    assert_int_equal(d->state, DOMAIN_CREATED);
    assert_int_equal(domain_alloc_memory(d, mem), 0);
    for (unsigned int i = 0; i < n; i++) {
        assert_int_equal(vcpu_create(d, i), 0);
        d->vcpu[i]->is_initialised = true;      /* arch entry state set */
    }
    return d;
}

/* The schedule loop on cpu: pick, and retire prev as switched_away() does. */
static struct sched_entity *pick(unsigned int cpu, struct sched_entity *prev)
{
    s_time_t slice;
    struct sched_entity *next;

    now_ns += MILLISECS(1);
    next = sched_pick_next(cpu, now_ns, &slice);
    if (prev && prev != next) {
        sched_context_saved(prev);
        if (sched_entity_vcpu(prev)->stop_requested)
            MAY_END(vcpu_try_retire(sched_entity_vcpu(prev)));
    }
    return next;
}

/* ---- tests, before domains_boot_done ---- */

static void test_no_end_before_boot_done(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = build("early", 2 * MiB, 1);

    assert_int_equal(domain_count(), 1);
    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_int_equal(domain_count(), 0);
    assert_int_equal(gone_calls, 0);    /* more boot domains may follow */
    assert_mem_back(before);

    /* Boot done with nothing left: the run ends at once. */
    MAY_END(domains_boot_done());
    assert_int_equal(gone_calls, 1);
}

/* ---- tests, after domains_boot_done ---- */

static void test_bad_names_and_vcpu_counts(void **state)
{
    static const char *const bad[] = {
        "", "a b", "x/y", "semi;colon", "0123456789012345678901234567890123",
    };
    struct mem_snap before = mem_now();

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        assert_null(domain_create(bad[i], 1));
    assert_null(domain_create("ok", 0));
    assert_null(domain_create("ok", MAX_VIRT_CPUS + 1));
    assert_true(unit_log_contains("bad name or vCPU count"));
    /* 31 characters is the longest name that fits. */
    char longest[DOMAIN_NAME_LEN];
    memset(longest, 'n', sizeof(longest) - 1);
    longest[sizeof(longest) - 1] = '\0';
    struct domain *d = domain_create(longest, MAX_VIRT_CPUS);
    assert_non_null(d);
    assert_string_equal(d->name, longest);
    assert_int_equal(domain_count(), 1);
    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_int_equal(domain_count(), 0);
    assert_int_equal(arch.domains_created, 1);
    assert_int_equal(arch.domains_destroyed, 1);
    assert_mem_back(before);
}

static void test_arch_create_failure_cleans_up(void **state)
{
    struct mem_snap before = mem_now();

    arch.fail_domain_create = true;
    assert_null(domain_create("noarch", 2));
    assert_true(unit_log_contains("out of memory creating 'noarch'"));
    assert_int_equal(domain_count(), 0);
    assert_int_equal(gone_calls, 0);
    assert_mem_back(before);
}

static void test_memory_extents_and_accounting(void **state)
{
    struct mem_snap before = mem_now();
    unsigned long free_before = page_alloc_free_pages();
    struct domain *d = domain_create("mem", 1);
    u64 mem = 5 * MiB + 3 * PAGE_SIZE;          /* 1283 pages */
    static const unsigned int orders[] = { 9, 9, 8, 1, 0 };

    assert_non_null(d);
    assert_int_equal(domain_alloc_memory(d, mem), 0);
    assert_int_equal(d->max_pages, mem >> PAGE_SHIFT);
    assert_int_equal(d->tot_pages, mem >> PAGE_SHIFT);
    assert_true(page_alloc_free_pages() <= free_before - d->tot_pages);
    /* Largest aligned pieces first: 2 MiB twice, then 1 MiB, 8K, 4K. */
    assert_int_equal(d->nr_extents, ARRAY_SIZE(orders));
    assert_int_equal(arch.nr_maps, ARRAY_SIZE(orders));
    u64 gfn = 0;
    for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++) {
        assert_int_equal(d->extents[i].order, orders[i]);
        assert_int_equal(d->extents[i].mfn & ((1ULL << orders[i]) - 1), 0);
        assert_ptr_equal(arch.maps[i].d, d);
        assert_int_equal(arch.maps[i].gfn, gfn);
        assert_int_equal(arch.maps[i].mfn, d->extents[i].mfn);
        assert_int_equal(arch.maps[i].nr, 1ULL << orders[i]);
        /* Zeroed, and found again by gfn. */
        assert_int_equal(*(u64 *)maddr_to_virt(mfn_to_maddr(d->extents[i].mfn)), 0);
        u64 last = (1ULL << orders[i]) - 1;
        assert_int_equal(domain_gfn_to_mfn(d, gfn + last), d->extents[i].mfn + last);
        gfn += last + 1;
    }
    assert_int_equal(domain_gfn_to_mfn(d, gfn), INVALID_MFN);
    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_true(unit_log_contains("1283 pages returned"));
    assert_int_equal(gone_calls, 1);
    assert_mem_back(before);
}

/* With no free block above 4K, guest RAM is built from single pages. */
static void test_fragmented_memory_uses_small_extents(void **state)
{
    struct mem_snap before = mem_now();
    unsigned long nr = page_alloc_free_pages();
    mfn_t *held = calloc(nr + 1, sizeof(*held));    /* + the failed one */
    unsigned long n = 0;

    assert_non_null(held);
    while ((held[n] = alloc_mfns(0)) != INVALID_MFN)
        n++;
    for (unsigned long i = 0; i < n; i += 2)    /* free every other page */
        free_mfns(held[i], 0);

    struct domain *d = domain_create("frag", 1);
    assert_non_null(d);
    assert_int_equal(domain_alloc_memory(d, 64 * PAGE_SIZE), 0);
    assert_int_equal(d->tot_pages, 64);
    for (unsigned int i = 0; i < d->nr_extents; i++)
        assert_int_equal(d->extents[i].order, 0);
    assert_int_equal(d->nr_extents, 64);
    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_int_equal(gone_calls, 1);
    for (unsigned long i = 1; i < n; i += 2)
        free_mfns(held[i], 0);
    free(held);
    assert_mem_back(before);
}

/* More than is free: refused before a page is taken, then cleaned up. */
static void test_enomem_domain_is_cleaned_up(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = domain_create("huge", 1);

    assert_non_null(d);
    assert_int_equal(domain_alloc_memory(d, FAKE_FRAMES * PAGE_SIZE), -ENOMEM);
    assert_int_equal(d->tot_pages, 0);
    assert_int_equal(arch.nr_maps, 0);
    assert_true(unit_log_contains("not enough free memory"));
    MAY_END(domain_shutdown(d, SHUTDOWN_crash));
    assert_int_equal(domain_count(), 0);
    assert_int_equal(gone_calls, 1);
    assert_mem_back(before);
}

/* A p2m failure midway: the pages taken so far go back with the domain. */
static void test_p2m_failure_returns_pages(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = domain_create("nop2m", 1);

    assert_non_null(d);
    arch.fail_p2m = true;
    assert_int_equal(domain_alloc_memory(d, 4 * MiB), -ENOMEM);
    MAY_END(domain_shutdown(d, SHUTDOWN_crash));
    assert_int_equal(gone_calls, 1);
    assert_mem_back(before);
}

static void test_vcpu_create_rules(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = domain_create("vc", 2);

    assert_non_null(d);
    assert_int_equal(vcpu_create(d, 2), -EINVAL);       /* beyond max_vcpus */
    assert_int_equal(vcpu_create(d, 1), 0);
    assert_int_equal(vcpu_create(d, 1), -EINVAL);       /* exists already */
    arch.fail_vcpu_create = true;
    assert_int_equal(vcpu_create(d, 0), -ENOMEM);
    assert_null(d->vcpu[0]);
    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_int_equal(arch.vcpus_destroyed, 1);
    assert_mem_back(before);
}

/*
 * The whole life: create, memory, vCPUs, unpause (queued), one vCPU
 * running on CPU 0, shutdown. The queued one retires at once; the running
 * one at its CPU's next pick, and only then is the domain destroyed.
 */
static void test_lifecycle_with_running_vcpu(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = build("life", 4 * MiB, 2);
    struct sched_entity *cur;

    domain_unpause(d);
    assert_int_equal(d->state, DOMAIN_RUNNING);
    assert_true(d->vcpu[0]->in_scheduler && d->vcpu[1]->in_scheduler);
    assert_int_equal(d->vcpus_on_cpu, 2);

    cur = pick(0, NULL);
    assert_non_null(cur);
    struct vcpu *running = sched_entity_vcpu(cur);
    struct vcpu *other = d->vcpu[running->vcpu_id ^ 1];

    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_int_equal(gone_calls, 0);
    assert_int_equal(d->state, DOMAIN_SHUTDOWN);
    assert_true(other->retired);            /* was only queued */
    assert_false(running->retired);         /* still on CPU 0 */
    assert_true(running->stop_requested);
    assert_int_equal(d->vcpus_on_cpu, 1);
    assert_int_equal(domain_count(), 1);
    assert_false(unit_log_contains("destroyed"));

    /* CPU 0 picks again: the paused vCPU leaves, retires, and is the last. */
    cur = pick(0, cur);
    assert_null(cur);
    assert_int_equal(gone_calls, 1);
    assert_int_equal(domain_count(), 0);
    assert_true(unit_log_contains("(life): destroyed (poweroff); 1024 pages returned"));
    assert_int_equal(arch.vcpus_destroyed, 2);
    assert_int_equal(arch.domains_destroyed, 1);
    assert_mem_back(before);
}

/* A second shutdown of a dying domain changes nothing. */
static void test_shutdown_twice(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *a = build("twice", 2 * MiB, 1), *b = build("keep", 2 * MiB, 1);

    domain_unpause(a);
    struct sched_entity *cur = pick(0, NULL);
    assert_ptr_equal(cur, &a->vcpu[0]->sched);
    MAY_END(domain_shutdown(a, SHUTDOWN_crash));
    MAY_END(domain_shutdown(a, SHUTDOWN_poweroff));
    assert_int_equal(a->shutdown_code, SHUTDOWN_crash);
    cur = pick(0, cur);
    assert_true(unit_log_contains("(twice): destroyed (crash)"));
    assert_int_equal(gone_calls, 0);        /* b is still there */
    MAY_END(domain_shutdown(b, SHUTDOWN_poweroff));
    assert_int_equal(gone_calls, 1);
    assert_mem_back(before);
}

static void test_two_domains_end_after_second(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *a = build("first", 2 * MiB, 1);
    struct domain *b = build("second", 2 * MiB, 1);

    domain_unpause(a);
    domain_unpause(b);
    assert_int_equal(domain_count(), 2);
    MAY_END(domain_shutdown(a, SHUTDOWN_poweroff));
    assert_int_equal(gone_calls, 0);
    assert_int_equal(domain_count(), 1);
    MAY_END(domain_shutdown(b, SHUTDOWN_poweroff));
    assert_int_equal(gone_calls, 1);
    assert_int_equal(domain_count(), 0);
    assert_mem_back(before);
}

/* ---- reboot ---- */

static struct {
    unsigned int calls;
    unsigned int reboots_left[8];
    bool fail;                  /* the rebuild fails (and frees its config) */
    struct domain *last;
} rb;

/* What dom0less_rebuild does: build again, keep the info, start. */
static int rebuild(const struct domain_build_info *info)
{
    struct domain *d;

    assert_true(rb.calls < ARRAY_SIZE(rb.reboots_left));
    rb.reboots_left[rb.calls++] = info->reboots_left;
    assert_non_null(info->config);
    assert_string_equal(info->config, "builder record");
    if (rb.fail) {
        xfree(info->config);            /* as start_domain() does on failure */
        return -ENOMEM;
    }
    d = build("rb", 2 * MiB, 1);
    d->build = *info;
    domain_unpause(d);
    rb.last = d;
    return 0;
}

static struct domain *build_rebootable(unsigned int reboots)
{
    struct domain *d = build("rb", 2 * MiB, 1);
    char *config = xmalloc_bytes(32);

    assert_non_null(config);
    strcpy(config, "builder record");
    d->build = (struct domain_build_info){
        .reboots_left = reboots, .config = config, .rebuild = rebuild,
    };
    domain_unpause(d);
    return d;
}

static void test_reboot_counts_down_and_stops(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = build_rebootable(2);

    memset(&rb, 0, sizeof(rb));
    MAY_END(domain_shutdown(d, SHUTDOWN_reboot));
    assert_int_equal(rb.calls, 1);
    assert_int_equal(rb.reboots_left[0], 1);
    assert_int_equal(gone_calls, 0);
    assert_int_equal(domain_count(), 1);

    MAY_END(domain_shutdown(rb.last, SHUTDOWN_reboot));
    assert_int_equal(rb.calls, 2);
    assert_int_equal(rb.reboots_left[1], 0);
    assert_int_equal(gone_calls, 0);

    /* No restarts left: this reboot destroys it for good. */
    MAY_END(domain_shutdown(rb.last, SHUTDOWN_reboot));
    assert_int_equal(rb.calls, 2);
    assert_int_equal(gone_calls, 1);
    assert_int_equal(domain_count(), 0);
    assert_mem_back(before);            /* the builder record was freed too */
}

/* A poweroff never rebuilds, whatever restarts are left. */
static void test_poweroff_does_not_rebuild(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = build_rebootable(5);

    memset(&rb, 0, sizeof(rb));
    MAY_END(domain_shutdown(d, SHUTDOWN_poweroff));
    assert_int_equal(rb.calls, 0);
    assert_int_equal(gone_calls, 1);
    assert_mem_back(before);
}

/* The rebuild owns the config even when it fails: freed exactly once. */
static void test_failed_rebuild_frees_config_once(void **state)
{
    struct mem_snap before = mem_now();
    struct domain *d = build_rebootable(3);

    memset(&rb, 0, sizeof(rb));
    rb.fail = true;
    MAY_END(domain_shutdown(d, SHUTDOWN_reboot));
    assert_int_equal(rb.calls, 1);
    assert_int_equal(gone_calls, 1);
    assert_int_equal(domain_count(), 0);
    assert_mem_back(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_no_end_before_boot_done, test_setup),
        cmocka_unit_test_setup(test_bad_names_and_vcpu_counts, test_setup),
        cmocka_unit_test_setup(test_arch_create_failure_cleans_up, test_setup),
        cmocka_unit_test_setup(test_memory_extents_and_accounting, test_setup),
        cmocka_unit_test_setup(test_fragmented_memory_uses_small_extents, test_setup),
        cmocka_unit_test_setup(test_enomem_domain_is_cleaned_up, test_setup),
        cmocka_unit_test_setup(test_p2m_failure_returns_pages, test_setup),
        cmocka_unit_test_setup(test_vcpu_create_rules, test_setup),
        cmocka_unit_test_setup(test_lifecycle_with_running_vcpu, test_setup),
        cmocka_unit_test_setup(test_shutdown_twice, test_setup),
        cmocka_unit_test_setup(test_two_domains_end_after_second, test_setup),
        cmocka_unit_test_setup(test_reboot_counts_down_and_stops, test_setup),
        cmocka_unit_test_setup(test_poweroff_does_not_rebuild, test_setup),
        cmocka_unit_test_setup(test_failed_rebuild_frees_config_once, test_setup),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
