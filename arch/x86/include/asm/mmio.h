/*
 * Guest MMIO emulation (arch/x86/mmio.c): a registry of guest-physical
 * ranges with read/write handlers, and the path from "a data access to a
 * GPA without RAM" to a handler call: fetch and decode the instruction,
 * move the data between the device and the guest's register, step RIP.
 * Vendor-neutral: the vendor layer supplies guest access as mmio_guest_ops.
 */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <xen/compiler.h>
#include <xen/types.h>
#include <xen/x86_insn.h>

struct domain;
struct vcpu;

/*
 * One emulated device: [base_gpa, base_gpa + size) in every domain.
 * Handlers get an access of 1, 2, 4 or 8 bytes wholly inside the range
 * and return 0, or a negative errno to crash the domain. They run on the
 * accessing vCPU's CPU, possibly on several CPUs at once: they lock what
 * they share.
 */
struct mmio_device {
    const char *name;
    u64 base_gpa, size;
    const bool *enabled;        /* registered only while *enabled (NULL: always) */
    int (*read)(struct domain *d, u64 gpa, unsigned int size, u64 *val);
    int (*write)(struct domain *d, u64 gpa, unsigned int size, u64 val);
};

/* The test device (arch/x86/mmio_testdev.c), enabled by "mmio_testdev". */
extern const struct mmio_device mmio_testdev;

/* The guest state mmio_emulate() needs, supplied by the vendor layer for the current vCPU. */
struct mmio_guest_ops {
    enum x86_insn_mode (*mode)(struct vcpu *v);     /* from CR0.PE, EFER.LMA, CS.L, CS.D */
    u64 (*rip)(struct vcpu *v);
    /* Copy up to len instruction bytes from CS:RIP; the count copied (> 0) or -EFAULT. */
    int (*fetch)(struct vcpu *v, u8 *buf, unsigned int len);
    u64 (*get_gpr)(struct vcpu *v, unsigned int n);         /* SDM numbering, 4 = RSP */
    void (*set_gpr)(struct vcpu *v, unsigned int n, u64 val);
    void (*advance_rip)(struct vcpu *v, unsigned int len);  /* and end STI/MOV-SS blocking */
};

/* The registered device covering gpa, or NULL. */
const struct mmio_device *mmio_find(u64 gpa);

/*
 * Emulate the current instruction of v, a data access to gpa that the
 * exit reports as a write (write) or a read. Returns:
 *   0        done: the register or device updated and RIP advanced;
 *   -ENODEV  no device at gpa: nothing done, the caller reports the access;
 *   other    the domain was crashed here, with a message naming the device,
 *            RIP and instruction bytes (undecodable, straddling, refused).
 * Called on the vCPU's own CPU from its exit handler.
 */
int __must_check mmio_emulate(struct vcpu *v, u64 gpa, bool write,
                              const struct mmio_guest_ops *ops);

#endif /* ASM_MMIO_H */
