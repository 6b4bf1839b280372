/*
 * Symbolized call traces of the running CPU's stacks (arch/x86/backtrace.c).
 */
#ifndef ASM_BACKTRACE_H
#define ASM_BACKTRACE_H

#include <asm/traps.h>

/*
 * Print "Xen call trace:" and one "[<address>] symbol+off/size" line per
 * frame of the interrupted context regs: its RIP, then the callers found
 * through the frame-pointer chain (a "? " prefix marks a caller that could
 * only be inferred from the word at RSP). Only this CPU's known stacks
 * (primary and IST) are read, so a corrupt chain ends the trace instead of
 * faulting. Any context; arch_show_backtrace() is the same for the caller.
 */
void backtrace_show_regs(const struct cpu_user_regs *regs);

#endif /* ASM_BACKTRACE_H */
