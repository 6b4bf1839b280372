/*
 * VT-x detection and VMXON. vmx_probe() runs once on the boot CPU: it
 * tells apart "not an Intel CPU", "no VMX in CPUID", "disabled by
 * firmware" and "missing EPT/unrestricted guest", each with its fix.
 * vmx_cpu_up() then puts every CPU into VMX root operation (SDM Vol. 3C
 * §24.7 "Enabling and entering VMX operation").
 */
#include <asm/fpu.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/vmx.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

#include "vmx_caps.h"

#define CPUID1_ECX_VMX (1u << 5)
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define FEATURE_CONTROL_LOCKED (1u << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX (1u << 2)
#define MSR_VMX_BASIC 0x480
#define MSR_VMX_CR0_FIXED0 0x486
#define MSR_VMX_CR0_FIXED1 0x487
#define MSR_VMX_CR4_FIXED0 0x488
#define MSR_VMX_CR4_FIXED1 0x489
#define X86_CR0_NE (1ul << 5)
#define X86_CR4_VMXE (1ul << 13)
#define X86_CR4_OSFXSR (1ul << 9)
#define X86_CR4_OSXMMEXCPT (1ul << 10)

static struct vmx_caps caps;
static struct vmx_msrs msrs;     /* raw capability MSRs (control allowed-0/1 bits) */
static unsigned int cpus_enabled;
/* One VMXON region per CPU (SDM §24.11.5: 4 KiB aligned, revision id first). */
static u8 vmxon_region[NR_CPUS][PAGE_SIZE] __aligned(PAGE_SIZE) __section(".bss.page_aligned");

static bool cpu_is_intel(char vendor[13])
{
    struct cpuid_regs r = cpuid(0);

    memcpy(vendor, &r.ebx, 4);
    memcpy(vendor + 4, &r.edx, 4);
    memcpy(vendor + 8, &r.ecx, 4);
    vendor[12] = '\0';
    return !strcmp(vendor, "GenuineIntel");
}

/* The first half of every message: is there VMX at all? */
static int vmx_check_cpuid(const char **why)
{
    char vendor[13];

    if (!cpu_is_intel(vendor)) {
        *why = !strcmp(vendor, "AuthenticAMD") || !strcmp(vendor, "HygonGenuine") ?
            "VT-x not available: this is an AMD CPU (AMD-V/SVM is not supported); run Xenolith on an Intel CPU with VT-x, or nested under KVM on an Intel host (-cpu host,+vmx)" :
            "VT-x not available: the CPU is not an Intel CPU (e.g. QEMU TCG); run Xenolith on an Intel CPU with VT-x, or nested under KVM on an Intel host (-cpu host,+vmx)";
        return -ENODEV;
    }
    if (!(cpuid(1).ecx & CPUID1_ECX_VMX)) {
        *why = "VT-x not available: CPUID reports no VMX (hidden by the hypervisor we run under, e.g. QEMU TCG, or absent); on KVM enable nested VT-x (kvm_intel nested=1, -cpu host,+vmx)";
        return -ENODEV;
    }
    return 0;
}

/* IA32_FEATURE_CONTROL (SDM §24.7): firmware may lock VMX off. */
static int vmx_check_feature_control(const char **why)
{
    u64 fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

    if (fc & FEATURE_CONTROL_LOCKED) {
        if (fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX)
            return 0;
        *why = "VT-x disabled in firmware: IA32_FEATURE_CONTROL is locked with VMX off; enable Intel Virtualization Technology (VT-x) in the BIOS/UEFI setup and power-cycle";
        return -EACCES;
    }
    /* Unlocked (some firmware leaves it so): enable VMX and lock. */
    wrmsr(MSR_IA32_FEATURE_CONTROL, fc | FEATURE_CONTROL_VMX_OUTSIDE_SMX | FEATURE_CONTROL_LOCKED);
    return 0;
}

static void vmx_read_msrs(struct vmx_msrs *m)
{
    bool true_ctls;

    m->basic = rdmsr(MSR_VMX_BASIC);
    true_ctls = m->basic & (1ull << 55);
    /* The TRUE_* MSRs report the real defaults (SDM A.2); the legacy ones
     * force e.g. CR3-load exiting on. */
    m->pinbased = rdmsr(true_ctls ? 0x48d : 0x481);
    m->procbased = rdmsr(true_ctls ? 0x48e : 0x482);
    m->exit = rdmsr(true_ctls ? 0x48f : 0x483);
    m->entry = rdmsr(true_ctls ? 0x490 : 0x484);
    m->misc = rdmsr(0x485);
    m->procbased2 = (m->procbased >> 63) ? rdmsr(0x48b) : 0;
    m->ept_vpid_cap = (m->procbased2 >> 33) & 0x21 ? rdmsr(0x48c) : 0; /* EPT or VPID */
}

int vmx_probe(const char **why)
{
    char line[320];
    int rc;

    if ((rc = vmx_check_cpuid(why)) || (rc = vmx_check_feature_control(why)))
        return rc;
    vmx_read_msrs(&msrs);
    vmx_caps_decode(&msrs, &caps);
    vmx_caps_format(&caps, line, sizeof(line));
    printk("%s\n", line);
    if ((*why = vmx_caps_missing(&caps)))
        return -ENODEV;
    return 0;
}

/* CR0/CR4 must respect the VMX fixed bits (SDM A.7, A.8); CR0.NE is the
 * one GRUB leaves clear. */
static bool vmx_fix_control_registers(void)
{
    u64 cr0 = read_cr0() | X86_CR0_NE | rdmsr(MSR_VMX_CR0_FIXED0);
    /* OSFXSR/OSXMMEXCPT: FXSAVE/FXRSTOR switch the guests' SSE state. */
    u64 cr4 = read_cr4() | X86_CR4_VMXE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
              rdmsr(MSR_VMX_CR4_FIXED0);

    if ((cr0 & ~rdmsr(MSR_VMX_CR0_FIXED1)) || (cr4 & ~rdmsr(MSR_VMX_CR4_FIXED1)))
        return false;
    write_cr0(cr0);
    write_cr4(cr4);
    return true;
}

static bool vmxon(paddr_t region)
{
    bool fail;

    /* VMfailInvalid sets CF, VMfailValid sets ZF (SDM §31.2). */
    __asm__ __volatile__("vmxon %1; setbe %0" : "=qm"(fail) : "m"(region) : "cc", "memory");
    return !fail;
}

int vmx_cpu_up(unsigned int cpu, const char **why)
{
    u8 *region;
    int rc;

    /* Firmware configures each CPU: check this one too. */
    if ((rc = vmx_check_cpuid(why)) || (rc = vmx_check_feature_control(why)))
        return rc;
    if (!vmx_fix_control_registers()) {
        *why = "VMX cannot be enabled: CR0/CR4 conflict with the VMX fixed bits";
        return -EINVAL;
    }
    if (cpu >= NR_CPUS) {
        *why = "VMX cannot be enabled: CPU number beyond NR_CPUS";
        return -EINVAL;
    }
    region = vmxon_region[cpu];
    memset(region, 0, PAGE_SIZE);
    memcpy(region, &caps.revision, sizeof(caps.revision));
    if (!vmxon((paddr_t)(uintptr_t)region)) {
        *why = "VMXON failed (VMfailInvalid/VMfailValid): VMX may already be on (another hypervisor) or the VMXON region is rejected";
        return -EIO;
    }
    fpu_cpu_init();             /* guest FPU switching needs CR4.OSXSAVE here */
    __atomic_fetch_add(&cpus_enabled, 1, __ATOMIC_RELAXED);
    return 0;
}

unsigned int vmx_cpus_enabled(void)
{
    return __atomic_load_n(&cpus_enabled, __ATOMIC_RELAXED);
}

const struct vmx_caps *vmx_caps(void)
{
    return &caps;
}

/* A control value with the bits the CPU forces set and the bits it
 * cannot do cleared (SDM A.3: allowed-0 in bits 31:0, allowed-1 in 63:32). */
static u32 adjust(u32 want, u64 cap_msr)
{
    return (want | (u32)cap_msr) & (u32)(cap_msr >> 32);
}

u32 vmx_adjust_pin(u32 want) { return adjust(want, msrs.pinbased); }
u32 vmx_adjust_proc(u32 want) { return adjust(want, msrs.procbased); }
u32 vmx_adjust_proc2(u32 want) { return adjust(want, msrs.procbased2); }
u32 vmx_adjust_exit(u32 want) { return adjust(want, msrs.exit); }
u32 vmx_adjust_entry(u32 want) { return adjust(want, msrs.entry); }
