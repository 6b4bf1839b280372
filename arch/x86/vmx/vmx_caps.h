/*
 * VMX capability MSRs (Intel SDM Vol. 3D, Appendix A) decoded into plain
 * flags, and the check of what Xenolith requires. Pure logic: the MSR
 * values are read elsewhere (vmx.c), so tests can feed recorded values.
 */
#ifndef VMX_CAPS_H
#define VMX_CAPS_H

#include <xen/types.h>

/* Raw capability MSRs, read once on the boot CPU. */
struct vmx_msrs {
    u64 basic;              /* IA32_VMX_BASIC 0x480 */
    u64 pinbased;           /* 0x481, or TRUE 0x48d when BASIC[55] */
    u64 procbased;          /* 0x482, or TRUE 0x48e */
    u64 exit;               /* 0x483, or TRUE 0x48f */
    u64 entry;              /* 0x484, or TRUE 0x490 */
    u64 misc;               /* 0x485 */
    u64 procbased2;         /* 0x48b (0 if secondary controls are not allowed) */
    u64 ept_vpid_cap;       /* 0x48c (0 if neither EPT nor VPID) */
};

/* What the hardware offers, as the rest of the VMX code needs it. */
struct vmx_caps {
    u32 revision;           /* VMCS revision identifier, BASIC[30:0] */
    u32 vmcs_size;          /* BASIC[44:32] */
    bool vmcs_wb;           /* VMCS memory type is write-back, BASIC[53:50] == 6 */
    bool true_ctls;         /* BASIC[55] */
    bool secondary;         /* processor-based control 31 */
    bool ept, ept_4level, ept_wb, ept_2m, ept_1g, ept_ad, invept;
    bool vpid, invvpid;
    bool unrestricted;
    bool preemption_timer;
    unsigned int preemption_timer_shift;   /* MISC[4:0] */
    bool msr_bitmaps, io_bitmaps;
    bool apic_access, apic_reg_virt, virt_intr_delivery, virt_x2apic;
    bool posted_intr;
    bool mtf;
    bool pause_loop_exiting;
};

void vmx_caps_decode(const struct vmx_msrs *m, struct vmx_caps *c);

/*
 * NULL if Xenolith can run on these capabilities; otherwise a sentence
 * naming what is missing and how to get it.
 */
const char *vmx_caps_missing(const struct vmx_caps *c);

/* One line listing the capabilities that matter, e.g. for the boot log. */
void vmx_caps_format(const struct vmx_caps *c, char *buf, size_t size);

/* The boot CPU's decoded capabilities (vmx.c, after vmx_probe()). */
const struct vmx_caps *vmx_caps(void);

/* Controls adjusted to what the CPU allows (vmx.c). */
u32 vmx_adjust_pin(u32 want);
u32 vmx_adjust_proc(u32 want);
u32 vmx_adjust_proc2(u32 want);
u32 vmx_adjust_exit(u32 want);
u32 vmx_adjust_entry(u32 want);

#endif /* VMX_CAPS_H */
