/*
 * Hypercall wrappers for test guests: VMCALL from 64-bit mode at CPL0 with
 * Xen's register convention (xen-abi.md 1.3): RAX = number, arguments in
 * RDI, RSI, RDX, R10, R8, result in RAX (negative Xen errno on error).
 * Also the hypercall numbers, sub-ops and argument structs the guests use.
 */
#ifndef GUEST_RT_HYPERCALL_H
#define GUEST_RT_HYPERCALL_H

#include <stdint.h>

/* Hypercall numbers (xen/include/public/xen.h). */
#define __HYPERVISOR_console_io	18
#define __HYPERVISOR_vcpu_op	24
#define __HYPERVISOR_sched_op	29
#define __HYPERVISOR_hvm_op	34

/* console_io sub-ops (xen/include/public/xen.h). */
#define CONSOLEIO_write		0

/* sched_op sub-ops and shutdown reasons (xen/include/public/sched.h). */
#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2
#define SCHEDOP_poll		3
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2
#define SHUTDOWN_crash		3

/* Xen errno values, returned negated (xen/include/public/errno.h). */
#define XEN_EPERM	1
#define XEN_EFAULT	14
#define XEN_EINVAL	22
#define XEN_ENOSYS	38

struct sched_shutdown {
	uint32_t reason;		/* IN: SHUTDOWN_* */
};

/*
 * Xen may clobber the argument registers (debug builds poison them), so
 * every argument register is an in/out operand and "memory" is clobbered:
 * the hypervisor reads and writes guest buffers behind the compiler's back.
 */
static inline long hypercall5(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("vmcall"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3),
			   "+r"(r10), "+r"(r8)
			 : "a"(nr)
			 : "memory");
	return ret;
}

static inline long hypercall0(unsigned long nr)
{
	return hypercall5(nr, 0, 0, 0, 0, 0);
}

static inline long hypercall1(unsigned long nr, unsigned long a1)
{
	return hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long hypercall2(unsigned long nr, unsigned long a1,
			      unsigned long a2)
{
	return hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long hypercall3(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3)
{
	return hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long hypercall4(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4)
{
	return hypercall5(nr, a1, a2, a3, a4, 0);
}

/* console_io(CONSOLEIO_write, count, buf): 0 or -errno. */
static inline long hypercall_console_write(const void *buf, unsigned long count)
{
	return hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, count,
			  (unsigned long)buf);
}

/* sched_op(cmd, arg): 0 or -errno; SCHEDOP_shutdown does not return. */
static inline long hypercall_sched_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, cmd, (unsigned long)arg);
}

#endif /* GUEST_RT_HYPERCALL_H */
