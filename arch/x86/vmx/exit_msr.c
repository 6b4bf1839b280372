/*
 * RDMSR/WRMSR exits: an allow-list table, one entry per MSR with read and
 * write handlers (style.md: data-heavy exits are tables). MSRs that run
 * without exiting are listed in vmcs.c's pass-through bitmap. Anything
 * else raises #GP in the guest, logged once per MSR.
 */
#include <asm/processor.h>
#include <asm/vlapic.h>
#include <xen/arch.h>
#include <xen/hypercall_page.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>

#include "vmx_exit_handlers.h"
#include "vmx_insn.h"

#define X86_EXC_GP 13
#define X86_CR0_PG (1ul << 31)
#define EFER_SCE (1ul << 0)
#define EFER_LME (1ul << 8)
#define EFER_LMA (1ul << 10)
#define EFER_NXE (1ul << 11)
#define APIC_BASE_DEFAULT 0xfee00000ULL
#define APIC_BASE_BSP (1ULL << 8)
#define APIC_BASE_EXTD (1ULL << 10)
#define APIC_BASE_EN (1ULL << 11)
#define ICR_MODE_NMI 4
#define ICR_MODE_INIT 5
#define ICR_MODE_STARTUP 6

struct msr_entry {
    u32 msr;
    int (*read)(struct vcpu *v, u64 *val);      /* 0 or -1 (#GP) */
    int (*write)(struct vcpu *v, u64 val);
};

static int efer_read(struct vcpu *v, u64 *val)
{
    *val = vmread(GUEST_IA32_EFER);
    return 0;
}

/* LMA is the CPU's to set (on CR0.PG with LME: exit_cr.c), not the guest's. */
static int efer_write(struct vcpu *v, u64 val)
{
    u64 cur = vmread(GUEST_IA32_EFER);

    if (val & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE))
        return -1;
    if ((vmread(CR0_READ_SHADOW) & X86_CR0_PG) && ((val ^ cur) & EFER_LME))
        return -1;                      /* LME may not change with paging on */
    vmwrite(GUEST_IA32_EFER, (val & ~EFER_LMA) | (cur & EFER_LMA));
    return 0;
}

static int pat_read(struct vcpu *v, u64 *val) { *val = vmread(GUEST_IA32_PAT); return 0; }

static int pat_write(struct vcpu *v, u64 val)
{
    for (unsigned int i = 0; i < 8; i++) {
        u8 t = (u8)(val >> (i * 8));
        if (t == 2 || t == 3 || t > 7)  /* reserved memory types */
            return -1;
    }
    vmwrite(GUEST_IA32_PAT, val);
    return 0;
}

static int tsc_read(struct vcpu *v, u64 *val)
{
    *val = rdtsc() + (u64)v->domain->arch->tsc_offset;
    return 0;
}

static int apic_base_read(struct vcpu *v, u64 *val)
{
    *val = APIC_BASE_DEFAULT | APIC_BASE_EN | APIC_BASE_EXTD |
           (v->vcpu_id == 0 ? APIC_BASE_BSP : 0);
    return 0;
}

static int ignore_write(struct vcpu *v, u64 val) { return 0; }
static int read_zero(struct vcpu *v, u64 *val) { *val = 0; return 0; }
static int misc_enable_read(struct vcpu *v, u64 *val) { *val = 1; return 0; }  /* fast strings */
static int x2apic_id_read(struct vcpu *v, u64 *val) { *val = v->vcpu_id; return 0; }

/* Xen hypercall page (xen-abi.md §1.2), with VMCALL (0F 01 C1) stubs. */
static int hypercall_page_write(struct vcpu *v, u64 val)
{
    static const u8 vmcall[3] = { 0x0f, 0x01, 0xc1 };

    return hypercall_page_install(v->domain, val, vmcall) ? -1 : 0;
}

/* x2APIC ICR: only INIT and STARTUP to another vCPU are emulated, which
 * is how a guest brings up its secondary vCPUs (SDM Vol. 3A §11.12.9). */
static int icr_write(struct vcpu *v, u64 val)
{
    unsigned int mode = (val >> 8) & 7, dest = (unsigned int)(val >> 32);
    struct domain *d = v->domain;
    struct vcpu *t = dest < d->max_vcpus ? d->vcpu[dest] : NULL;

    if (!t || t == v || (val & (3ULL << 18)))
        return 0;                       /* no such vCPU or shorthand: dropped */
    if (mode == ICR_MODE_NMI && t->in_scheduler) {
        /* Linux stops its other CPUs this way at shutdown. An NMI wakes
         * even a vCPU halted with interrupts off (SDM Vol. 3A §10.6.1). */
        WRITE_ONCE(t->arch->nmi_pending, true);
        t->arch->halted_for_good = false;
        sched_wake(&t->sched, NOW());
    }
    if (mode == ICR_MODE_INIT && !t->in_scheduler)
        t->arch->wait_for_sipi = true;
    if (mode == ICR_MODE_STARTUP && t->arch->wait_for_sipi) {
        t->arch->wait_for_sipi = false;
        arch_vcpu_set_real_mode_entry(t, (u16)((val & 0xff) << 8), 0);
        if (!vmptrld(v->arch->vmcs_pa))     /* back to the sender's VMCS */
            panic("d%uv%u: cannot reload VMCS after SIPI", d->domain_id, v->vcpu_id);
        vcpu_start(t);
    }
    return 0;
}

static const struct msr_entry msr_table[] = {
    { 0x00000010, tsc_read, ignore_write },            /* TSC */
    { 0x0000001b, apic_base_read, ignore_write },      /* APIC_BASE */
    { 0x0000008b, read_zero, ignore_write },           /* BIOS_SIGN_ID (microcode) */
    { 0x000000fe, read_zero, NULL },                   /* MTRRcap: no MTRRs */
    { 0x000001a0, misc_enable_read, ignore_write },    /* MISC_ENABLE */
    { 0x00000277, pat_read, pat_write },               /* PAT */
    { 0x000002ff, read_zero, ignore_write },           /* MTRRdefType */
    { 0x00000802, x2apic_id_read, NULL },              /* x2APIC ID */
    { 0x00000830, NULL, icr_write },                   /* x2APIC ICR */
    { XEN_HYPERCALL_PAGE_MSR, NULL, hypercall_page_write }, /* write-only */
    { 0xc0000080, efer_read, efer_write },             /* EFER */
};

static const struct msr_entry *msr_lookup(u32 msr)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(msr_table); i++)
        if (msr_table[i].msr == msr)
            return &msr_table[i];
    return NULL;
}

static enum exit_action msr_refuse(struct vcpu *v, u32 msr, bool write)
{
    static u32 logged[32];
    static unsigned int nr_logged;
    bool seen = false;

    for (unsigned int i = 0; i < nr_logged; i++)
        seen |= logged[i] == msr;
    if (!seen && nr_logged < ARRAY_SIZE(logged)) {
        logged[nr_logged++] = msr;
        printk(XENLOG_WARNING "d%uv%u: %s of MSR %#x refused (#GP; logged once)\n",
               v->domain->domain_id, v->vcpu_id, write ? "write" : "read", msr);
    }
    vmx_inject_exception(X86_EXC_GP, true, 0);
    return EXIT_RESUME;
}

/* Table first; the rest of the x2APIC range belongs to arch/x86/vlapic.c. */
static int msr_read(struct vcpu *v, u32 msr, u64 *val)
{
    const struct msr_entry *m = msr_lookup(msr);

    if (m)
        return m->read ? m->read(v, val) : -1;
    return vlapic_msr_read(v, msr, val);
}

static int msr_write(struct vcpu *v, u32 msr, u64 val)
{
    const struct msr_entry *m = msr_lookup(msr);

    if (m)
        return m->write ? m->write(v, val) : -1;
    return vlapic_msr_write(v, msr, val);
}

enum exit_action handle_rdmsr(struct vcpu *v, const struct vmx_exit *e)
{
    u32 msr = (u32)v->arch->regs.rcx;
    u64 val;

    if (msr_read(v, msr, &val))
        return msr_refuse(v, msr, false);
    v->arch->regs.rax = (u32)val;
    v->arch->regs.rdx = val >> 32;
    vmx_advance_rip(e);
    return EXIT_RESUME;
}

enum exit_action handle_wrmsr(struct vcpu *v, const struct vmx_exit *e)
{
    u32 msr = (u32)v->arch->regs.rcx;
    u64 val = (v->arch->regs.rdx << 32) | (u32)v->arch->regs.rax;

    if (msr_write(v, msr, val))
        return msr_refuse(v, msr, true);
    vmx_advance_rip(e);
    return EXIT_RESUME;
}
