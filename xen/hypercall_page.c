/*
 * The hypercall page (xen-abi.md §1.2): written when the guest puts a
 * page's GPA into the MSR named by CPUID base+2. 128 stubs of 32 bytes,
 * stub i = "mov $i, %eax; <hypercall insn>; ret", the rest int3 (0xCC);
 * stub 23 (__HYPERVISOR_iret, PV only) is ud2. Vendor-neutral: the
 * arch passes its 3-byte hypercall instruction (VMCALL or VMMCALL).
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall_page.h>
#include <xen/mm.h>
#include <xen/string.h>

#define STUB_SIZE 32
#define NR_STUBS (PAGE_SIZE / STUB_SIZE)
#define HYPERVISOR_iret 23

static void stub_build(u8 *s, unsigned int nr, const u8 insn[3])
{
    memset(s, 0xcc, STUB_SIZE);
    if (nr == HYPERVISOR_iret) {
        s[0] = 0x0f;                    /* ud2: no iret for HVM guests */
        s[1] = 0x0b;
        return;
    }
    s[0] = 0xb8;                        /* mov $nr, %eax */
    s[1] = (u8)nr;
    s[2] = (u8)(nr >> 8);
    s[3] = (u8)(nr >> 16);
    s[4] = (u8)(nr >> 24);
    memcpy(&s[5], insn, 3);
    s[8] = 0xc3;                        /* ret */
}

int hypercall_page_install(struct domain *d, u64 msr_val, const u8 insn[3])
{
    u64 gpa = msr_val & ~(u64)(PAGE_SIZE - 1);

    /* Bits 11:0 select a page of the set; only page 0 exists. */
    if (msr_val & (PAGE_SIZE - 1))
        return -EINVAL;
    for (unsigned int i = 0; i < NR_STUBS; i++) {
        u8 stub[STUB_SIZE];

        stub_build(stub, i, insn);
        /* All stubs share one page: only the first copy can fail. */
        if (copy_to_guest_phys(d, gpa + i * STUB_SIZE, stub, STUB_SIZE))
            return -EINVAL;
    }
    return 0;
}
