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

static unsigned long free_pages_before_domains;

void shutdown_note_free_pages(void)
{
    free_pages_before_domains = page_alloc_free_pages();
}

void last_domain_gone(void)
{
    unsigned long now = page_alloc_free_pages();

    printk("Memory: %lu free pages, %lu before domains were built%s\n", now,
           free_pages_before_domains,
           now == free_pages_before_domains ? " (every page returned)" : " (LEAK)");
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
