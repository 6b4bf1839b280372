/*
 * Test hook "vmx_selftest_bad_entry": gives the first vCPU ever created an
 * impossible guest state (CS with both L and D set, SDM Vol. 3C §27.3.1.2),
 * so the test suite can show that a failed VM entry is decoded and kills
 * only that domain. Off unless given on the command line.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>

#include "vmx_insn.h"
#include "vmx_vcpu.h"

#define AR_L (1u << 13)
#define AR_DB (1u << 14)

static bool selftest_bad_entry;
boolean_param("vmx_selftest_bad_entry", selftest_bad_entry);

/* Called with v's VMCS current, after its entry state was written. */
void vmx_selftest_corrupt_entry(struct vcpu *v)
{
    static bool done;

    if (!selftest_bad_entry || done)
        return;
    done = true;
    printk(XENLOG_WARNING "selftest: giving d%uv%u an invalid CS (L and D set) (vmx_selftest_bad_entry)\n",
           v->domain->domain_id, v->vcpu_id);
    vmwrite(GUEST_CS_AR_BYTES, vmread(GUEST_CS_AR_BYTES) | AR_L | AR_DB);
}
