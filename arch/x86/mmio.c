/*
 * Guest MMIO emulation: the device registry and the step from an exit on
 * a device's guest-physical address to the handler call and back into the
 * guest's registers. The instruction, not the exit qualification, says
 * what happens; the two must agree. Vendor-neutral (asm/mmio.h).
 */
#include <asm/mmio.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* Every device the hypervisor can emulate; each is live only while enabled. */
static const struct mmio_device *const mmio_devices[] = {
    &mmio_testdev,
};

const struct mmio_device *mmio_find(u64 gpa)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(mmio_devices); i++) {
        const struct mmio_device *dev = mmio_devices[i];

        if ((!dev->enabled || *dev->enabled) && gpa - dev->base_gpa < dev->size)
            return dev;
    }
    return NULL;
}

/* Crash the domain over the instruction at RIP, naming its bytes. */
static int mmio_crash(struct vcpu *v, u64 gpa, const struct mmio_guest_ops *ops,
                      const u8 *bytes, int n, const char *why)
{
    char hex[3 * X86_INSN_MAX_LEN + 1] = "";

    for (int i = 0; i < n; i++)
        snprintf(hex + 3 * i, sizeof(hex) - 3 * i, " %02x", bytes[i]);
    domain_crash(v->domain, "d%uv%u: MMIO access to guest-physical %#llx at RIP %#llx: %s; bytes%s",
                 v->domain->domain_id, v->vcpu_id, (unsigned long long)gpa,
                 (unsigned long long)ops->rip(v), why, n > 0 ? hex : " unreadable");
    return -EIO;
}

/* One decoded access, carried out against dev. */
static int mmio_do_access(struct vcpu *v, const struct mmio_device *dev, u64 gpa,
                          const struct mmio_insn *insn, const struct mmio_guest_ops *ops)
{
    u64 val = 0;
    int rc;

    if (insn->write)
        return dev->write(v->domain, gpa, insn->size,
                          x86_insn_store_value(insn, ops->get_gpr(v, insn->reg)));
    rc = dev->read(v->domain, gpa, insn->size, &val);
    if (!rc)
        ops->set_gpr(v, insn->reg, x86_insn_load_result(insn, ops->get_gpr(v, insn->reg), val));
    return rc;
}

int mmio_emulate(struct vcpu *v, u64 gpa, bool write, const struct mmio_guest_ops *ops)
{
    const struct mmio_device *dev = mmio_find(gpa);
    u8 bytes[X86_INSN_MAX_LEN];
    struct mmio_insn insn;
    int n;

    if (!dev)
        return -ENODEV;
    n = ops->fetch(v, bytes, sizeof(bytes));
    if (n <= 0)
        return mmio_crash(v, gpa, ops, bytes, 0, "instruction fetch from guest memory failed");
    if (x86_insn_decode_mmio(bytes, (unsigned int)n, ops->mode(v), &insn))
        return mmio_crash(v, gpa, ops, bytes, n, insn.why);
    if (insn.write != write)    /* the code changed under us (another vCPU?) */
        return mmio_crash(v, gpa, ops, bytes, insn.length,
                          write ? "exit reports a write, the instruction reads"
                                : "exit reports a read, the instruction writes");
    if (gpa + insn.size - dev->base_gpa > dev->size)
        return mmio_crash(v, gpa, ops, bytes, insn.length, "access runs past the device's end");
    if (mmio_do_access(v, dev, gpa, &insn, ops)) {
        char why[64];

        snprintf(why, sizeof(why), "device %s refused a %u-byte %s", dev->name, insn.size,
                 insn.write ? "write" : "read");
        return mmio_crash(v, gpa, ops, bytes, insn.length, why);
    }
    ops->advance_rip(v, insn.length);
    return 0;
}
