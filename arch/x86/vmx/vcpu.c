/*
 * vCPU creation and entry states for the VMX layer (the arch side of
 * xen/domain.c's vcpu_create()).
 */
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>

#include "vmx_insn.h"
#include "vmx_vcpu.h"

/* The x87/SSE state after FNINIT, as FXSAVE would store it (SDM Vol. 1
 * §10.5.1): FCW 0x37f, MXCSR 0x1f80, everything else 0. */
static void fpu_init_state(u8 *fx)
{
    fx[0] = 0x7f;
    fx[1] = 0x03;
    fx[24] = 0x80;
    fx[25] = 0x1f;
}

int arch_vcpu_create(struct vcpu *v)
{
    int rc;

    if (!(v->arch = xzalloc(struct arch_vcpu)))
        return -ENOMEM;
    fpu_init_state(v->arch->fxsave);
    if ((rc = vmcs_alloc(v))) {
        xfree(v->arch);
        v->arch = NULL;
    }
    return rc;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    if (!v->arch)
        return;
    invvpid_single(v->arch->vpid);
    vmcs_free(v);
    xfree(v->arch);
    v->arch = NULL;
}

/* Entry state is written with the VMCS current on this CPU, then cleared
 * again so the vCPU can start anywhere. */
static bool vcpu_vmcs_load(struct vcpu *v)
{
    return vmptrld(v->arch->vmcs_pa);
}

void arch_vcpu_set_pvh_entry(struct vcpu *v, u32 entry, u32 start_info_gpa)
{
    if (!vcpu_vmcs_load(v))
        return;
    vmcs_set_pvh_state(entry, start_info_gpa);
    vmclear(v->arch->vmcs_pa);
    v->arch->launched = false;
    v->arch->regs = (struct guest_regs){ .rbx = start_info_gpa };
    v->is_initialised = true;
}

void arch_vcpu_set_real_mode_entry(struct vcpu *v, u16 cs, u16 ip)
{
    if (!vcpu_vmcs_load(v))
        return;
    vmcs_set_real_mode_state(cs, ip);
    vmclear(v->arch->vmcs_pa);
    v->arch->launched = false;
    v->arch->regs = (struct guest_regs){ 0 };
    v->is_initialised = true;
}
