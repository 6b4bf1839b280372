/*
 * The VMX layer's per-vCPU and per-domain state, private to arch/x86/vmx/.
 * Generic code sees only the opaque struct arch_vcpu / arch_domain.
 */
#ifndef VMX_VCPU_H
#define VMX_VCPU_H

#include <asm/fpu.h>
#include <asm/guest_regs.h>
#include <asm/vlapic.h>
#include <xen/pagetable.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/types.h>

#include "vmcs_fields.h"

struct arch_vcpu {
    struct guest_regs regs;     /* GPRs while not running */
    void *vmcs;                 /* 4 KiB VMCS region (host virtual) */
    paddr_t vmcs_pa;
    bool launched;              /* VMLAUNCH done since the last VMCLEAR */
    u16 vpid;
    bool wait_for_sipi;         /* secondary vCPU: INIT received, no SIPI yet */
    bool halted_for_good;       /* HLT with interrupts off: only an NMI can wake it */
    bool nmi_pending;           /* an NMI IPI from another vCPU waits to be injected */
    /* Guest MSRs the host never uses: kept loaded while the vCPU runs. */
    u64 kernel_gs_base, star, lstar, cstar, sfmask;
    struct fpu_state fpu;       /* x87/SSE/AVX state while not running */
    struct vlapic vlapic;       /* x2APIC registers (arch/x86/vlapic.c) */
    unsigned long exits;        /* VM exits handled, for statistics */
};

struct arch_domain {
    struct pt_root ept;         /* guest-physical -> machine (SDM §29.3) */
    u64 eptp;
    s64 tsc_offset;             /* added to the host TSC for this guest */
    spinlock_t p2m_lock;        /* serialises EPT changes after boot */
    u64 ept_stale_cpus;         /* CPUs that must INVEPT before running d */
    unsigned long exit_count[EXIT_REASON_MAX + 1];
};

/* What a VM exit handler decided. */
enum exit_action {
    EXIT_RESUME,        /* handled: enter the guest again */
    EXIT_RESCHEDULE,    /* handled: return to the scheduler (preempted) */
    EXIT_BLOCK,         /* vCPU blocked (sched_block called) */
    EXIT_YIELD,         /* vCPU yields */
    EXIT_STOP,          /* domain crashed or shutting down */
};

/* The decoded VM exit handed to every handler. */
struct vmx_exit {
    u32 reason;                 /* basic exit reason (bits 15:0) */
    u64 qualification;
    u32 instr_len;
    u32 intr_info;
};

/* VMCS setup (vmcs.c). */
int __must_check vmcs_alloc(struct vcpu *v);
void vmcs_free(struct vcpu *v);
void vmcs_load_host_state(void);
void vmcs_set_pvh_state(u32 entry, u32 start_info);
void vmcs_set_real_mode_state(u16 cs, u16 ip);

/* Exit handling (exit.c). */
enum exit_action vmx_handle_exit(struct vcpu *v, const struct vmx_exit *e);
void vmx_advance_rip(const struct vmx_exit *e);
void vmx_inject_exception(unsigned int vector, bool has_error, u32 error);
const char *vmx_exit_reason_name(u32 reason);

/* Test hook (selftest_entry.c): an invalid entry state for one vCPU. */
void vmx_selftest_corrupt_entry(struct vcpu *v);

/* Error names (vmx_errors.c). */
const char *vmx_insn_error_name(u32 err);
const char *vmx_guest_state_reason(u64 qualification);

/* EPT (ept.c). */
int __must_check ept_translate(struct domain *d, u64 gpa, paddr_t *hpa);
/* Flush d's EPT translations on this CPU if a p2m change left them stale. */
void ept_sync_cpu(struct domain *d);

#endif /* VMX_VCPU_H */
