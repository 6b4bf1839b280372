/*
 * Power control (placeholder until the ACPI code lands).
 */
#include <asm/processor.h>
#include <xen/power.h>

void machine_power_off(void) { halt_forever(); }
void machine_restart(void) { halt_forever(); }
