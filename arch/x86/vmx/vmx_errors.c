/*
 * Names for VM-instruction error numbers (Intel SDM Vol. 3C §31.4, table
 * 31-1) and for the exit qualification of a VM entry that failed its
 * guest-state checks (SDM §27.8), so entry failures read as sentences.
 */
#include <xen/lib.h>

#include "vmx_vcpu.h"

static const char *const insn_errors[] = {
    [1] = "VMCALL executed in VMX root operation",
    [2] = "VMCLEAR with invalid physical address",
    [3] = "VMCLEAR with VMXON pointer",
    [4] = "VMLAUNCH with non-clear VMCS",
    [5] = "VMRESUME with non-launched VMCS",
    [6] = "VMRESUME after VMXOFF",
    [7] = "VM entry with invalid control field(s)",
    [8] = "VM entry with invalid host-state field(s)",
    [9] = "VMPTRLD with invalid physical address",
    [10] = "VMPTRLD with VMXON pointer",
    [11] = "VMPTRLD with incorrect VMCS revision identifier",
    [12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
    [13] = "VMWRITE to read-only VMCS component",
    [15] = "VMXON executed in VMX root operation",
    [16] = "VM entry with invalid executive-VMCS pointer",
    [17] = "VM entry with non-launched executive VMCS",
    [18] = "VM entry with executive-VMCS pointer not VMXON pointer",
    [19] = "VMCALL with non-clear VMCS",
    [20] = "VMCALL with invalid VM-exit control fields",
    [22] = "VMCALL with incorrect MSEG revision identifier",
    [23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
    [24] = "VMCALL with invalid SMM-monitor features",
    [25] = "VM entry with invalid VM-execution control fields in executive VMCS",
    [26] = "VM entry with events blocked by MOV SS",
    [28] = "invalid operand to INVEPT/INVVPID",
};

static const char *const guest_state_qualifications[] = {
    [0] = "a guest-state field is invalid",
    [2] = "loading the PDPTEs failed",
    [3] = "NMI injection while NMIs are blocked",
    [4] = "invalid VMCS link pointer",
};

const char *vmx_insn_error_name(u32 err)
{
    return err < ARRAY_SIZE(insn_errors) && insn_errors[err] ? insn_errors[err]
                                                              : "unknown VM-instruction error";
}

const char *vmx_guest_state_reason(u64 qualification)
{
    return qualification < ARRAY_SIZE(guest_state_qualifications) &&
                   guest_state_qualifications[qualification]
               ? guest_state_qualifications[qualification]
               : "reserved qualification";
}
