/*
 * hello: the smallest guest. Prints "Hello from <name>" and shuts down
 * with the reason named by its command line (exit=poweroff|reboot|crash,
 * default poweroff), so a scenario can check how the domain ended.
 */
#include "guest.h"
#include "hypercall.h"

const char test_title[] = "hello, then shut down with the requested reason";

static const struct {
	const char *name;
	unsigned int reason;
} exit_reasons[] = {
	{ "poweroff", SHUTDOWN_poweroff },
	{ "reboot", SHUTDOWN_reboot },
	{ "crash", SHUTDOWN_crash },
};

void test_main(void)
{
	char exit_name[16] = "poweroff";

	guest_printf("Hello from %s\n", guest_name());
	cmdline_get_str("exit", exit_name, sizeof(exit_name));
	for (size_t i = 0; i < ARRAY_SIZE(exit_reasons); i++) {
		if (!strncmp(exit_name, exit_reasons[i].name, sizeof(exit_name))) {
			test_set_shutdown_reason(exit_reasons[i].reason);
			test_result_success();
			return;
		}
	}
	test_result_error("bad exit=%s (poweroff|reboot|crash)", exit_name);
}
