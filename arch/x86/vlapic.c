/*
 * The x2APIC register file of a guest vCPU (policy in asm/vlapic.h): one
 * table row per register or register block, saying how reads and writes
 * behave. Values follow Xen's vlapic: version 0x50014 (version 0x14, six
 * LVT entries, so no CMCI LVT: 0x82f #GPs as on such hardware).
 */
#include <asm/vlapic.h>
#include <xen/lib.h>
#include <xen/sched.h>

#include "vmx/vmx_vcpu.h"

#define VLAPIC_VERSION 0x00050014U      /* max LVT index 5 (bits 23:16), version 0x14 */
#define LVT_MASKED 0x10000U
#define LVT_WMASK 0x1a7ffU              /* mask, trigger, polarity, mode, vector */
#define LVT_TIMER_WMASK 0x710ffU        /* mode 18:17, mask, vector */
#define LVT_ERROR_WMASK 0x100ffU        /* mask, vector */
#define SVR_RESET 0xffU
#define SVR_WMASK 0x11ffU               /* EOI-broadcast suppression, enable, vector */

enum vlapic_kind {
    VK_CONST,       /* read: value; write: #GP */
    VK_ZERO,        /* ISR/TMR/IRR/TMCCT: read 0 (nothing is ever pending); write #GP */
    VK_STORE,       /* read/write regs[slot], writes masked to wmask */
    VK_ESR,         /* read 0; write must be 0 */
    VK_EOI,         /* write 0 only (nothing is in service); read #GP */
    VK_SELF_IPI,    /* write vector (accepted and dropped: no delivery yet); read #GP */
    VK_LDR,         /* read: derived from the x2APIC id; write #GP */
};

struct vlapic_reg {
    u32 first, last;            /* MSR range covered by this row */
    enum vlapic_kind kind;
    u32 value;                  /* VK_CONST */
    enum vlapic_slot slot;      /* VK_STORE */
    u32 reset, wmask;           /* VK_STORE */
};

#define STORE(m, s, r, w) { m, m, VK_STORE, 0, s, r, w }

static const struct vlapic_reg vlapic_regs[] = {
    { 0x803, 0x803, VK_CONST, VLAPIC_VERSION },                 /* version */
    STORE(0x808, VLAPIC_TPR, 0, 0xff),                          /* TPR */
    { 0x80a, 0x80a, VK_ZERO },                                  /* PPR: TPR-less, ISR empty */
    { 0x80b, 0x80b, VK_EOI },                                   /* EOI */
    { 0x80d, 0x80d, VK_LDR },                                   /* LDR */
    STORE(0x80f, VLAPIC_SVR, SVR_RESET, SVR_WMASK),             /* SVR */
    { 0x810, 0x827, VK_ZERO },                                  /* ISR, TMR, IRR */
    { 0x828, 0x828, VK_ESR },                                   /* ESR */
    STORE(0x832, VLAPIC_LVT_TIMER, LVT_MASKED, LVT_TIMER_WMASK),
    STORE(0x833, VLAPIC_LVT_THERMAL, LVT_MASKED, LVT_WMASK),
    STORE(0x834, VLAPIC_LVT_PMI, LVT_MASKED, LVT_WMASK),
    STORE(0x835, VLAPIC_LVT_LINT0, LVT_MASKED, LVT_WMASK),
    STORE(0x836, VLAPIC_LVT_LINT1, LVT_MASKED, LVT_WMASK),
    STORE(0x837, VLAPIC_LVT_ERROR, LVT_MASKED, LVT_ERROR_WMASK),
    STORE(0x838, VLAPIC_TMICT, 0, 0xffffffffU),                 /* initial count */
    { 0x839, 0x839, VK_ZERO },                                  /* current count: never runs */
    STORE(0x83e, VLAPIC_TDCR, 0, 0xb),                          /* divide config */
    { 0x83f, 0x83f, VK_SELF_IPI },                              /* SELF IPI */
};

static const struct vlapic_reg *vlapic_find(u32 msr)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(vlapic_regs); i++)
        if (msr >= vlapic_regs[i].first && msr <= vlapic_regs[i].last)
            return &vlapic_regs[i];
    return NULL;
}

/* x2APIC id = vCPU id (MSR 0x802); LDR per SDM §11.12.10.2: cluster in
 * 31:16, one bit per member of the cluster of 16 in 15:0. */
static u32 vlapic_ldr(const struct vcpu *v)
{
    return ((v->vcpu_id >> 4) << 16) | (1U << (v->vcpu_id & 0xf));
}

int vlapic_msr_read(struct vcpu *v, u32 msr, u64 *val)
{
    const struct vlapic_reg *r = vlapic_find(msr);

    if (!r)
        return -1;
    switch (r->kind) {
    case VK_CONST: *val = r->value; return 0;
    case VK_ZERO:
    case VK_ESR: *val = 0; return 0;
    case VK_STORE: *val = v->arch->vlapic.regs[r->slot] ^ r->reset; return 0;
    case VK_LDR: *val = vlapic_ldr(v); return 0;
    default: return -1;                 /* EOI, SELF_IPI are write-only */
    }
}

/* The high half of every x2APIC register but ICR is reserved: writing it
 * #GPs (SDM §11.12.1.2), as do writes of read-only registers. */
int vlapic_msr_write(struct vcpu *v, u32 msr, u64 val)
{
    const struct vlapic_reg *r = vlapic_find(msr);

    if (!r || val >> 32)
        return -1;
    switch (r->kind) {
    case VK_STORE:
        v->arch->vlapic.regs[r->slot] = ((u32)val & r->wmask) ^ r->reset;
        return 0;
    case VK_ESR:
    case VK_EOI: return val ? -1 : 0;
    case VK_SELF_IPI: return val > 0xff ? -1 : 0;
    default: return -1;
    }
}
