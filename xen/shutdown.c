/*
 * The end of a run: when the last domain has gone (or none was ever
 * started) the host halts idle, powers off or reboots as the user asked.
 * Tests boot with on_last_domain=poweroff so that every run ends cleanly.
 */
#include <xen/arch.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>
#include <xen/param.h>
#include <xen/power.h>
#include <xen/shutdown.h>
#include <xen/string.h>

enum last_domain_action { LAST_HALT, LAST_POWEROFF, LAST_REBOOT };
static enum last_domain_action on_last_domain = LAST_HALT;

static int parse_on_last_domain(const char *val)
{
    static const char *const names[] = {
        [LAST_HALT] = "halt", [LAST_POWEROFF] = "poweroff", [LAST_REBOOT] = "reboot",
    };

    for (unsigned int i = 0; val && i < ARRAY_SIZE(names); i++)
        if (!strcmp(val, names[i])) {
            on_last_domain = (enum last_domain_action)i;
            return 0;
        }
    return -EINVAL;
}
custom_param("on_last_domain", parse_on_last_domain);

/* Free pages plus pages cached by xmalloc, and live xmalloc objects. */
static unsigned long pages_before, objects_before;

static void memory_snapshot(unsigned long *pages, unsigned long *objects)
{
    unsigned long kept;

    xmalloc_stats(&kept, objects);
    *pages = page_alloc_free_pages() + kept;
}

void shutdown_note_free_pages(void)
{
    memory_snapshot(&pages_before, &objects_before);
}

/* Every page a domain held must be back: its RAM, EPT, VMCS, structures. */
static void report_memory(void)
{
    unsigned long pages, objects;
    bool same;

    memory_snapshot(&pages, &objects);
    same = pages == pages_before && objects == objects_before;
    printk("Memory after all domains: %lu free pages, %lu heap objects; before: %lu, %lu (%s)\n",
           pages, objects, pages_before, objects_before,
           same ? "every page returned" : "LEAK");
}

void last_domain_gone(void)
{
    report_memory();
    switch (on_last_domain) {
    case LAST_POWEROFF:
        printk("No domains left: powering off (on_last_domain=poweroff)\n");
        machine_power_off();
    case LAST_REBOOT:
        printk("No domains left: rebooting (on_last_domain=reboot)\n");
        machine_restart();
    case LAST_HALT:
        break;
    }
    printk("No domains left: halting (on_last_domain=halt)\n");
    console_flush();
    arch_halt_forever();
}
