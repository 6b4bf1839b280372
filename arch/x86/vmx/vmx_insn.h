/*
 * One-line wrappers for the VMX instructions (SDM Vol. 3C chapter 31). A
 * failing VMREAD/VMWRITE on a valid current VMCS is a host bug: it panics
 * naming the field, so it can never be silently ignored.
 */
#ifndef VMX_INSN_H
#define VMX_INSN_H

#include <xen/lib.h>
#include <xen/types.h>

void vmx_insn_failed(const char *insn, unsigned long field);

static inline u64 vmread(unsigned long field)
{
    u64 v;
    bool fail;

    __asm__ __volatile__("vmread %2, %0; setbe %1" : "=rm"(v), "=qm"(fail) : "r"(field) : "cc");
    if (unlikely(fail))
        vmx_insn_failed("VMREAD", field);
    return v;
}

static inline void vmwrite(unsigned long field, u64 v)
{
    bool fail;

    __asm__ __volatile__("vmwrite %1, %2; setbe %0" : "=qm"(fail) : "rm"(v), "r"(field) : "cc");
    if (unlikely(fail))
        vmx_insn_failed("VMWRITE", field);
}

/* VMCLEAR/VMPTRLD take the VMCS physical address from memory. */
static inline bool vmclear(paddr_t vmcs_pa)
{
    bool fail;

    __asm__ __volatile__("vmclear %1; setbe %0" : "=qm"(fail) : "m"(vmcs_pa) : "cc", "memory");
    return !fail;
}

static inline bool vmptrld(paddr_t vmcs_pa)
{
    bool fail;

    __asm__ __volatile__("vmptrld %1; setbe %0" : "=qm"(fail) : "m"(vmcs_pa) : "cc", "memory");
    return !fail;
}

/* INVEPT single-context (type 1) for one EPTP (SDM 31.3 "INVEPT"). */
static inline void invept_single(u64 eptp)
{
    struct { u64 eptp, rsvd; } desc = { eptp, 0 };

    __asm__ __volatile__("invept %0, %1" : : "m"(desc), "r"(1UL) : "cc", "memory");
}

/* INVVPID single-context (type 1) for one VPID. */
static inline void invvpid_single(u16 vpid)
{
    struct { u64 vpid, addr; } desc = { vpid, 0 };

    __asm__ __volatile__("invvpid %0, %1" : : "m"(desc), "r"(1UL) : "cc", "memory");
}

#endif /* VMX_INSN_H */
