/*
 * Backtraces (placeholder until the trap code lands).
 */
#include <asm/processor.h>
#include <xen/arch.h>

void arch_show_backtrace(void) { }

void arch_halt_forever(void)
{
    halt_forever();
}
