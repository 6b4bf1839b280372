/*
 * The VMX side of MMIO emulation: guest state for arch/x86/mmio.c read
 * from and written to the VMCS of the current vCPU (CS mode and base,
 * RIP, RSP, interruptibility), and the entry from the EPT-violation exit.
 */
#include <asm/mmio.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/sched.h>

#include "vmx_exit_handlers.h"
#include "vmx_insn.h"

#define X86_CR0_PE (1ul << 0)
#define EFER_LMA (1ul << 10)
#define AR_CS_L (1u << 13)      /* 64-bit code segment (SDM Vol. 3C §24.4.1) */
#define AR_CS_DB (1u << 14)     /* default operand/address size 32 */
#define GPR_RSP 4

static enum x86_insn_mode mmio_vmx_mode(struct vcpu *v)
{
    u64 ar = vmread(GUEST_CS_AR_BYTES);

    if (!(vmread(GUEST_CR0) & X86_CR0_PE))
        return X86_MODE_16;
    if ((vmread(GUEST_IA32_EFER) & EFER_LMA) && (ar & AR_CS_L))
        return X86_MODE_64;
    return (ar & AR_CS_DB) ? X86_MODE_32 : X86_MODE_16;
}

static u64 mmio_vmx_rip(struct vcpu *v)
{
    return vmread(GUEST_RIP);
}

/* CS:RIP as a linear address: CS.base is ignored in 64-bit mode (SDM Vol. 3A §3.4.4). */
static int mmio_vmx_fetch(struct vcpu *v, u8 *buf, unsigned int len)
{
    u64 rip = vmread(GUEST_RIP), lin;
    unsigned int first_page;

    if (mmio_vmx_mode(v) == X86_MODE_64)
        lin = rip;
    else
        lin = (u32)(vmread(GUEST_CS_BASE) + (u32)rip);
    if (!copy_from_guest(v, buf, lin, len))
        return (int)len;
    /* The next page may be unmapped while the instruction ends before it. */
    first_page = (unsigned int)(PAGE_SIZE - (lin & (PAGE_SIZE - 1)));
    if (first_page < len && !copy_from_guest(v, buf, lin, first_page))
        return (int)first_page;
    return -EFAULT;
}

static u64 mmio_vmx_get_gpr(struct vcpu *v, unsigned int n)
{
    u64 *r = vmx_gpr(v, n);

    return r ? *r : vmread(GUEST_RSP);
}

static void mmio_vmx_set_gpr(struct vcpu *v, unsigned int n, u64 val)
{
    u64 *r = vmx_gpr(v, n);

    if (r)
        *r = val;
    else
        vmwrite(GUEST_RSP, val);
}

/* EPT violations report no instruction length: step by the decoded one. */
static void mmio_vmx_advance_rip(struct vcpu *v, unsigned int len)
{
    vmwrite(GUEST_RIP, vmread(GUEST_RIP) + len);
    vmwrite(GUEST_INTERRUPTIBILITY_INFO, vmread(GUEST_INTERRUPTIBILITY_INFO) & ~3ULL);
}

static const struct mmio_guest_ops mmio_vmx_ops = {
    .mode = mmio_vmx_mode,
    .rip = mmio_vmx_rip,
    .fetch = mmio_vmx_fetch,
    .get_gpr = mmio_vmx_get_gpr,
    .set_gpr = mmio_vmx_set_gpr,
    .advance_rip = mmio_vmx_advance_rip,
};

int vmx_mmio_emulate(struct vcpu *v, bool write)
{
    int rc = mmio_emulate(v, vmread(GUEST_PHYSICAL_ADDRESS), write, &mmio_vmx_ops);

    if (rc && rc != -ENODEV)
        vmx_dump_guest(v);      /* crashed: show where */
    return rc;
}
