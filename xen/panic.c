/*
 * panic(): the last word on a broken host invariant or a failed boot. It
 * prints why (once, even if several CPUs panic together), a backtrace, and
 * then halts, reboots or powers off as "panic=" says (default: halt).
 */
#include <xen/arch.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/power.h>
#include <xen/smp.h>
#include <xen/string.h>

enum panic_action { PANIC_HALT, PANIC_REBOOT, PANIC_POWEROFF };
static enum panic_action panic_action = PANIC_HALT;
static int panicking;

static int parse_panic(const char *val)
{
    if (val && !strcmp(val, "halt"))
        panic_action = PANIC_HALT;
    else if (val && !strcmp(val, "reboot"))
        panic_action = PANIC_REBOOT;
    else if (val && !strcmp(val, "poweroff"))
        panic_action = PANIC_POWEROFF;
    else
        return -EINVAL;
    return 0;
}
custom_param("panic", parse_panic);

/* Halt, reboot or power off as "panic=" says. */
static void __noreturn panic_finish(void)
{
    if (panic_action == PANIC_REBOOT) {
        printk(XENLOG_ERR "Rebooting (panic=reboot)\n");
        machine_restart();
    }
    if (panic_action == PANIC_POWEROFF) {
        printk(XENLOG_ERR "Powering off (panic=poweroff)\n");
        machine_power_off();
    }
    printk(XENLOG_ERR "System halted (panic=halt); use panic=reboot to restart instead\n");
    console_flush();
    arch_halt_forever();
}

/*
 * Become the one CPU that reports: a second CPU (or a nested panic) just
 * stops. Formats the message and stops the other CPUs.
 */
static void panic_enter(char *msg, size_t size, const char *fmt, va_list ap)
{
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_ACQ_REL))
        arch_halt_forever();
    vsnprintf(msg, size, fmt, ap);
    console_force_unlock();
    smp_send_stop();
}

void boot_fail(const char *fmt, ...)
{
    char msg[320];
    va_list ap;

    va_start(ap, fmt);
    panic_enter(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "ERROR: %s\n", msg);
    printk(XENLOG_ERR "Xenolith cannot continue.\n");
    panic_finish();
}

void panic(const char *fmt, ...)
{
    char msg[320];
    va_list ap;

    va_start(ap, fmt);
    panic_enter(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "****************************************\n");
    printk(XENLOG_ERR "Panic on CPU %u:\n", smp_processor_id());
    printk(XENLOG_ERR "%s\n", msg);
    printk(XENLOG_ERR "****************************************\n");
    arch_show_backtrace();
    panic_finish();
}
