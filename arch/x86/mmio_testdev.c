/*
 * The MMIO test device: 4 KiB at guest-physical 0xfeb00000, live only
 * when the hypervisor is booted with "mmio_testdev". It exists to prove
 * the MMIO path (tests/guests/mmio). Each domain sees its own registers:
 *   0x00  scratch, 64-bit read/write: reads return what was written
 *   0x08  magic, read-only: 0x584e4c4d4d494f21 ("XNLMMIO!" as a big-endian string)
 *   0x10  write counter, read-only: this domain's writes to any offset so far
 * Any access of 1-8 bytes inside one register works; beyond 0x18 reads
 * give 0 and writes are dropped (but counted).
 */
#include <asm/mmio.h>
#include <xen/errno.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

#define TESTDEV_BASE 0xfeb00000ULL
#define TESTDEV_MAGIC 0x584e4c4d4d494f21ULL
#define TESTDEV_NREGS 3
#define TESTDEV_SLOTS 16    /* domains with state at once (domain id mod 16) */

enum { REG_SCRATCH, REG_MAGIC, REG_WRITES };

static bool opt_mmio_testdev;
boolean_param("mmio_testdev", opt_mmio_testdev);

/*
 * Per-domain registers, in a slot picked by domain id. Ids are never
 * reused, so a slot found holding another id belonged to an earlier domain
 * (or, past 16 live users, to another one): it starts afresh. Plenty for
 * a test device; a real device model would hang its state off the domain.
 */
struct testdev_slot {
    bool used;
    domid_t owner;
    u64 regs[TESTDEV_NREGS];
};

static DEFINE_SPINLOCK(testdev_lock);   /* protects slots: exits come on several CPUs */
static struct testdev_slot slots[TESTDEV_SLOTS];

/* d's registers, reset if the slot was another domain's. Under testdev_lock. */
static u64 *testdev_regs(const struct domain *d)
{
    struct testdev_slot *s = &slots[d->domain_id % TESTDEV_SLOTS];

    if (!s->used || s->owner != d->domain_id)
        *s = (struct testdev_slot){ .used = true, .owner = d->domain_id,
                                    .regs = { [REG_MAGIC] = TESTDEV_MAGIC } };
    return s->regs;
}

static u64 byte_mask(unsigned int size)
{
    return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* Register index and bit shift of an access; -EINVAL if it spans two registers. */
static int testdev_locate(u64 gpa, unsigned int size, unsigned int *reg, unsigned int *shift)
{
    u64 off = gpa - TESTDEV_BASE;

    if ((off & 7) + size > 8)
        return -EINVAL;
    *reg = (unsigned int)(off / 8);
    *shift = (unsigned int)(off & 7) * 8;
    return 0;
}

static int testdev_read(struct domain *d, u64 gpa, unsigned int size, u64 *val)
{
    unsigned int reg, shift;
    int rc = testdev_locate(gpa, size, &reg, &shift);

    if (rc)
        return rc;
    spin_lock(&testdev_lock);
    *val = reg < TESTDEV_NREGS ? (testdev_regs(d)[reg] >> shift) & byte_mask(size) : 0;
    spin_unlock(&testdev_lock);
    return 0;
}

static int testdev_write(struct domain *d, u64 gpa, unsigned int size, u64 val)
{
    unsigned int reg, shift;
    int rc = testdev_locate(gpa, size, &reg, &shift);
    u64 mask = byte_mask(size) << shift, *regs;

    if (rc)
        return rc;
    spin_lock(&testdev_lock);
    regs = testdev_regs(d);
    if (reg == REG_SCRATCH)
        regs[reg] = (regs[reg] & ~mask) | ((val << shift) & mask);
    regs[REG_WRITES]++;
    spin_unlock(&testdev_lock);
    return 0;
}

const struct mmio_device mmio_testdev = {
    .name = "testdev",
    .base_gpa = TESTDEV_BASE,
    .size = 0x1000,
    .enabled = &opt_mmio_testdev,
    .read = testdev_read,
    .write = testdev_write,
};
