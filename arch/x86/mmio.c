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

static u64 size_mask(unsigned int size)
{
    return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* The data a store writes: the immediate, or the register's low bytes (or AH..BH). */
static u64 store_value(struct vcpu *v, const struct mmio_insn *insn,
                       const struct mmio_guest_ops *ops)
{
    u64 r;

    if (insn->src == MMIO_OPND_IMM)
        return insn->imm;
    r = ops->get_gpr(v, insn->reg);
    return insn->high8 ? (r >> 8) & 0xff : r & size_mask(insn->size);
}

/*
 * Put a loaded value into the destination register: extend it (MOVZX/
 * MOVSX), then merge by width. 8/16-bit writes keep the other bits, a
 * 32-bit write zeroes bits 63:32 (SDM Vol. 1 §3.4.1.1).
 */
static void load_value(struct vcpu *v, const struct mmio_insn *insn,
                       const struct mmio_guest_ops *ops, u64 val)
{
    u64 keep, r = ops->get_gpr(v, insn->reg);
    u64 sign = 1ULL << (8 * insn->size - 1);

    val &= size_mask(insn->size);
    if (insn->ext == MMIO_EXT_SIGN)
        val = (val ^ sign) - sign;
    if (insn->high8) {
        r = (r & ~0xff00ULL) | ((val & 0xff) << 8);
    } else {
        keep = insn->dst_size == 4 ? 0 : ~size_mask(insn->dst_size);
        r = (r & keep) | (val & size_mask(insn->dst_size));
    }
    ops->set_gpr(v, insn->reg, r);
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
        return dev->write(v->domain, gpa, insn->size, store_value(v, insn, ops));
    rc = dev->read(v->domain, gpa, insn->size, &val);
    if (!rc)
        load_value(v, insn, ops, val);
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
    if (mmio_do_access(v, dev, gpa, &insn, ops))
        return mmio_crash(v, gpa, ops, bytes, insn.length, "the device refused the access");
    ops->advance_rip(v, insn.length);
    return 0;
}
