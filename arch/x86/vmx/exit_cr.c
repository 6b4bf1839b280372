/*
 * Control-register exits (SDM Vol. 3C §28.2.1, table 28-3). Only the bits
 * the hypervisor owns exit: CR0.PG/NE (so the long-mode switch updates
 * EFER.LMA and the "IA-32e mode guest" entry control, SDM §27.3.2.1 /
 * §10.8.5) and CR4.VMXE (a VMX fixed bit, hidden from the guest).
 */
#include <xen/sched.h>

#include "vmx_caps.h"
#include "vmx_exit_handlers.h"
#include "vmx_insn.h"

#define X86_CR0_PE (1ul << 0)
#define X86_CR0_ET (1ul << 4)
#define X86_CR0_NE (1ul << 5)
#define X86_CR0_PG (1ul << 31)
#define X86_CR4_PAE (1ul << 5)
#define X86_CR4_VMXE (1ul << 13)
#define EFER_LME (1ul << 8)
#define EFER_LMA (1ul << 10)
#define X86_EXC_GP 13

#define CR_ACCESS_MOV_TO 0
#define CR_ACCESS_CLTS 2
#define CR_ACCESS_LMSW 3

static int set_cr0(struct vcpu *v, u64 val)
{
    u64 efer = vmread(GUEST_IA32_EFER);
    u64 entry = vmread(VM_ENTRY_CONTROLS);

    if ((val & X86_CR0_PG) && !(val & X86_CR0_PE))
        return -1;                              /* #GP, as the CPU does */
    if ((val & X86_CR0_PG) && (efer & EFER_LME)) {
        efer |= EFER_LMA;
        entry |= ENTRY_IA32E_MODE;
    } else {
        efer &= ~EFER_LMA;
        entry &= ~(u64)ENTRY_IA32E_MODE;
        if ((val & X86_CR0_PG) && (vmread(GUEST_CR4) & X86_CR4_PAE)) {
            /* Legacy PAE paging needs the PDPTE fields loaded (SDM §27.3.2.4). */
            domain_crash(v->domain, "d%uv%u: 32-bit PAE paging is not supported",
                         v->domain->domain_id, v->vcpu_id);
            return 1;
        }
    }
    vmwrite(CR0_READ_SHADOW, val);
    vmwrite(GUEST_CR0, val | X86_CR0_NE | X86_CR0_ET);
    vmwrite(GUEST_IA32_EFER, efer);
    vmwrite(VM_ENTRY_CONTROLS, entry);
    return 0;
}

static int set_cr4(struct vcpu *v, u64 val)
{
    if (val & X86_CR4_VMXE)
        return -1;                              /* VMX is not offered */
    vmwrite(CR4_READ_SHADOW, val);
    vmwrite(GUEST_CR4, val | X86_CR4_VMXE);
    return 0;
}

static u64 read_gpr(struct vcpu *v, unsigned int n)
{
    return n == 4 ? vmread(GUEST_RSP) : *vmx_gpr(v, n);
}

enum exit_action handle_cr_access(struct vcpu *v, const struct vmx_exit *e)
{
    unsigned int cr = e->qualification & 15, type = (e->qualification >> 4) & 3;
    u64 cr0 = vmread(CR0_READ_SHADOW);
    int rc = -1;

    if (type == CR_ACCESS_MOV_TO && cr == 0)
        rc = set_cr0(v, read_gpr(v, (e->qualification >> 8) & 15));
    else if (type == CR_ACCESS_MOV_TO && cr == 4)
        rc = set_cr4(v, read_gpr(v, (e->qualification >> 8) & 15));
    else if (type == CR_ACCESS_CLTS)
        rc = set_cr0(v, cr0 & ~8ULL);
    else if (type == CR_ACCESS_LMSW)        /* LMSW sets PE but never clears it */
        rc = set_cr0(v, (cr0 & ~0xeULL) | ((e->qualification >> 16) & 0xf) | (cr0 & 1));
    if (rc > 0)
        return EXIT_STOP;
    if (rc < 0) {
        vmx_inject_exception(X86_EXC_GP, true, 0);
        return EXIT_RESUME;
    }
    vmx_advance_rip(e);
    return EXIT_RESUME;
}
