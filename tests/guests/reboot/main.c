/*
 * reboot: prints "reboot guest starting" and asks for SHUTDOWN_reboot.
 *
 * Design: a rebooted domain is rebuilt fresh from the same module with the
 * same command line, so the guest cannot tell its first boot from the
 * next (no memory or flag survives, by design). It therefore always asks
 * for a reboot, and the limit lives in the hypervisor: with "reboots=1" in
 * the module string the domain is restarted once, and the second reboot
 * request ends it. The scenario checks that "reboot guest starting"
 * appears exactly twice and that the hypervisor then stops restarting it.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "reboot myself (the hypervisor limits restarts)";

void test_main(void)
{
	guest_printf("reboot guest starting\n");
	test_set_shutdown_reason(SHUTDOWN_reboot);
	test_result_success();
}
