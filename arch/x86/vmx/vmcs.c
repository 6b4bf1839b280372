/*
 * VMCS setup (Intel SDM Vol. 3C chapter 25): execution controls, host
 * state for the CPU a vCPU is about to run on, and the two guest entry
 * states we start vCPUs in: Xen PVH (32-bit flat, paging off) and real
 * mode (unrestricted guest).
 */
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/string.h>

#include "vmx_caps.h"
#include "vmx_insn.h"
#include "vmx_vcpu.h"

#define MSR_EFER 0xc0000080
#define MSR_PAT 0x277
#define X86_CR0_PE (1ul << 0)
#define X86_CR0_ET (1ul << 4)
#define X86_CR0_NE (1ul << 5)
#define X86_CR0_PG (1ul << 31)
#define X86_CR4_VMXE (1ul << 13)
#define GUEST_PAT_DEFAULT 0x0007040600070406ULL     /* the power-on PAT */

/* Segment access rights (SDM §25.4.1, table 25-2). */
#define AR_CODE32 0xc09b        /* exec/read, accessed, S, P, D, G */
#define AR_DATA32 0xc093        /* read/write, accessed, S, P, D, G */
#define AR_CODE16 0x009b
#define AR_DATA16 0x0093
#define AR_TSS32_BUSY 0x008b
#define AR_LDT 0x0082
#define AR_UNUSABLE 0x10000

extern char vmx_exit_stub[];
static u8 msr_bitmap[PAGE_SIZE] __aligned(PAGE_SIZE);
static u16 next_vpid = 1;       /* VPID 0 is the host's */

/* MSRs the guest reads and writes without exiting: each lives in the
 * VMCS or is switched by run.c around the vCPU's time on a CPU. */
static const u32 msr_passthrough[] = {
    0x174, 0x175, 0x176,                        /* SYSENTER_CS/ESP/EIP (VMCS) */
    0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, /* STAR, LSTAR, CSTAR, SFMASK */
    0xc0000100, 0xc0000101, 0xc0000102,         /* FS/GS base (VMCS), KERNEL_GS_BASE */
};

/* MSR bitmap (SDM §25.6.9): read-low, read-high, write-low, write-high. */
static void msr_bitmap_init(void)
{
    memset(msr_bitmap, 0xff, sizeof(msr_bitmap));
    for (unsigned int i = 0; i < ARRAY_SIZE(msr_passthrough); i++) {
        u32 msr = msr_passthrough[i], bit = msr & 0x1fff;
        unsigned int base = msr >= 0xc0000000 ? 1024 : 0;
        msr_bitmap[base + bit / 8] &= (u8)~(1u << (bit % 8));
        msr_bitmap[base + 2048 + bit / 8] &= (u8)~(1u << (bit % 8));
    }
}

static void vmcs_write_controls(struct vcpu *v)
{
    vmwrite(PIN_BASED_VM_EXEC_CONTROL,
            vmx_adjust_pin(PIN_EXT_INTR_EXITING | PIN_NMI_EXITING | PIN_PREEMPT_TIMER));
    vmwrite(CPU_BASED_VM_EXEC_CONTROL,
            vmx_adjust_proc(CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING | CPU_USE_MSR_BITMAPS |
                            CPU_USE_TSC_OFFSETTING | CPU_ACTIVATE_SECONDARY));
    vmwrite(SECONDARY_VM_EXEC_CONTROL,
            vmx_adjust_proc2(SEC_ENABLE_EPT | SEC_ENABLE_VPID | SEC_UNRESTRICTED_GUEST |
                             SEC_ENABLE_INVPCID));  /* no RDTSCP: cpuid.c */
    vmwrite(VM_EXIT_CONTROLS,
            vmx_adjust_exit(EXIT_HOST_ADDR_SPACE_SIZE | EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT |
                            EXIT_SAVE_IA32_EFER | EXIT_LOAD_IA32_EFER));
    vmwrite(VM_ENTRY_CONTROLS, vmx_adjust_entry(ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_IA32_EFER));
    vmwrite(EXCEPTION_BITMAP, 0);
    vmwrite(CR3_TARGET_COUNT, 0);
    vmwrite(VM_EXIT_MSR_STORE_COUNT, 0);
    vmwrite(VM_EXIT_MSR_LOAD_COUNT, 0);
    vmwrite(VM_ENTRY_MSR_LOAD_COUNT, 0);
    vmwrite(MSR_BITMAP, virt_to_maddr(msr_bitmap));
    vmwrite(EPT_POINTER, v->domain->arch->eptp);
    vmwrite(VMCS_VPID, v->arch->vpid);
    vmwrite(TSC_OFFSET, (u64)v->domain->arch->tsc_offset);
    vmwrite(VMCS_LINK_POINTER, ~0ULL);
    /* CR0.PG/NE and CR4.VMXE are the hypervisor's (long-mode switch, VMX
     * fixed bits): guest writes to them exit, reads see the shadow. */
    vmwrite(CR0_GUEST_HOST_MASK, X86_CR0_PG | X86_CR0_NE);
    vmwrite(CR4_GUEST_HOST_MASK, X86_CR4_VMXE);
}

int vmcs_alloc(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    if (next_vpid == 1)
        msr_bitmap_init();
    if (!(a->vmcs = alloc_xenheap_page()))
        return -ENOMEM;
    memset(a->vmcs, 0, PAGE_SIZE);
    memcpy(a->vmcs, &vmx_caps()->revision, sizeof(u32));
    a->vmcs_pa = virt_to_maddr(a->vmcs);
    a->vpid = next_vpid++;      /* 65535 vCPUs before wrapping: boot-time only */
    if (!vmclear(a->vmcs_pa) || !vmptrld(a->vmcs_pa)) {
        free_xenheap_page(a->vmcs);
        return -EIO;
    }
    vmcs_write_controls(v);
    vmwrite(GUEST_IA32_PAT, GUEST_PAT_DEFAULT);
    vmclear(a->vmcs_pa);        /* may be loaded on any CPU from now on */
    return 0;
}

void vmcs_free(struct vcpu *v)
{
    free_xenheap_page(v->arch->vmcs);
}

/* Host state of the running CPU (SDM §25.5): written before each run,
 * since a vCPU may move between CPUs. */
void vmcs_load_host_state(void)
{
    struct percpu *p = this_cpu();
    struct desc_ptr gdt, idt;

    __asm__ __volatile__("sgdt %0; sidt %1" : "=m"(gdt), "=m"(idt));
    vmwrite(HOST_CR0, read_cr0());
    vmwrite(HOST_CR3, read_cr3());
    vmwrite(HOST_CR4, read_cr4());
    vmwrite(HOST_CS_SELECTOR, XEN_CS);
    vmwrite(HOST_SS_SELECTOR, XEN_DS);
    vmwrite(HOST_DS_SELECTOR, XEN_DS);
    vmwrite(HOST_ES_SELECTOR, XEN_DS);
    vmwrite(HOST_FS_SELECTOR, 0);
    vmwrite(HOST_GS_SELECTOR, 0);
    vmwrite(HOST_TR_SELECTOR, XEN_TSS);
    vmwrite(HOST_FS_BASE, 0);
    vmwrite(HOST_GS_BASE, (u64)(uintptr_t)p);
    vmwrite(HOST_TR_BASE, (u64)(uintptr_t)&p->desc->tss);
    vmwrite(HOST_GDTR_BASE, gdt.base);
    vmwrite(HOST_IDTR_BASE, idt.base);
    vmwrite(HOST_IA32_SYSENTER_CS, 0);
    vmwrite(HOST_IA32_SYSENTER_ESP, 0);
    vmwrite(HOST_IA32_SYSENTER_EIP, 0);
    vmwrite(HOST_IA32_PAT, rdmsr(MSR_PAT));
    vmwrite(HOST_IA32_EFER, rdmsr(MSR_EFER));
    vmwrite(HOST_RIP, (u64)(uintptr_t)vmx_exit_stub);
}

static void set_segment(unsigned int sel_field, u16 sel, u64 base, u32 limit, u32 ar)
{
    /* Guest selector/base/limit/AR fields are at fixed strides from ES. */
    unsigned int idx = (sel_field - GUEST_ES_SELECTOR) / 2;

    vmwrite(sel_field, sel);
    vmwrite(GUEST_ES_BASE + idx * 2, base);
    vmwrite(GUEST_ES_LIMIT + idx * 2, limit);
    vmwrite(GUEST_ES_AR_BYTES + idx * 2, ar);
}

static void set_common_state(u64 cr0_shadow, u64 rip)
{
    vmwrite(CR0_READ_SHADOW, cr0_shadow);
    vmwrite(GUEST_CR0, cr0_shadow | X86_CR0_NE | X86_CR0_ET);
    vmwrite(CR4_READ_SHADOW, 0);
    vmwrite(GUEST_CR4, X86_CR4_VMXE);
    vmwrite(GUEST_CR3, 0);
    vmwrite(GUEST_IA32_EFER, 0);
    vmwrite(GUEST_RIP, rip);
    vmwrite(GUEST_RSP, 0);
    vmwrite(GUEST_RFLAGS, 0x2);
    vmwrite(GUEST_DR7, 0x400);
    vmwrite(GUEST_GDTR_BASE, 0);
    vmwrite(GUEST_GDTR_LIMIT, 0xffff);
    vmwrite(GUEST_IDTR_BASE, 0);
    vmwrite(GUEST_IDTR_LIMIT, 0xffff);
    vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
    vmwrite(GUEST_ACTIVITY_STATE, 0);
    vmwrite(GUEST_PENDING_DBG_EXCEPTIONS, 0);
    vmwrite(GUEST_SYSENTER_CS, 0);
    vmwrite(GUEST_SYSENTER_ESP, 0);
    vmwrite(GUEST_SYSENTER_EIP, 0);
    vmwrite(VM_ENTRY_INTR_INFO, 0);
    set_segment(GUEST_LDTR_SELECTOR, 0, 0, 0xffff, AR_UNUSABLE);
    vmwrite(VM_ENTRY_CONTROLS, vmx_adjust_entry(ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_IA32_EFER));
}

/* Xen PVH entry (docs/misc/pvh.pandoc; xen-abi.md §2.2): 32-bit flat
 * protected mode, paging off, EBX = start info; selectors unspecified. */
void vmcs_set_pvh_state(u32 entry, u32 start_info)
{
    set_common_state(X86_CR0_PE, entry);
    set_segment(GUEST_CS_SELECTOR, 0x10, 0, 0xffffffff, AR_CODE32);
    set_segment(GUEST_SS_SELECTOR, 0x18, 0, 0xffffffff, AR_DATA32);
    set_segment(GUEST_DS_SELECTOR, 0x18, 0, 0xffffffff, AR_DATA32);
    set_segment(GUEST_ES_SELECTOR, 0x18, 0, 0xffffffff, AR_DATA32);
    set_segment(GUEST_FS_SELECTOR, 0x18, 0, 0xffffffff, AR_DATA32);
    set_segment(GUEST_GS_SELECTOR, 0x18, 0, 0xffffffff, AR_DATA32);
    set_segment(GUEST_TR_SELECTOR, 0x20, 0, 0x67, AR_TSS32_BUSY);
    (void)start_info;           /* EBX is a GPR: set by the caller */
}

/* Real mode at cs:ip, as after INIT-SIPI (SDM §10.4.2 / table 10-1). */
void vmcs_set_real_mode_state(u16 cs, u16 ip)
{
    set_common_state(0, ip);
    set_segment(GUEST_CS_SELECTOR, cs, (u64)cs << 4, 0xffff, AR_CODE16);
    set_segment(GUEST_SS_SELECTOR, 0, 0, 0xffff, AR_DATA16);
    set_segment(GUEST_DS_SELECTOR, 0, 0, 0xffff, AR_DATA16);
    set_segment(GUEST_ES_SELECTOR, 0, 0, 0xffff, AR_DATA16);
    set_segment(GUEST_FS_SELECTOR, 0, 0, 0xffff, AR_DATA16);
    set_segment(GUEST_GS_SELECTOR, 0, 0, 0xffff, AR_DATA16);
    set_segment(GUEST_TR_SELECTOR, 0, 0, 0xffff, AR_TSS32_BUSY);
}
