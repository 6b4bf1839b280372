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

int arch_vcpu_create(struct vcpu *v)
{
    int rc;

    if (!(v->arch = xzalloc(struct arch_vcpu)))
        return -ENOMEM;
    if ((rc = fpu_state_alloc(&v->arch->fpu))) {
        xfree(v->arch);
        v->arch = NULL;
        return rc;
    }
    if ((rc = vmcs_alloc(v))) {
        fpu_state_free(&v->arch->fpu);
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
    fpu_state_free(&v->arch->fpu);
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
    vmx_selftest_corrupt_entry(v);
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
