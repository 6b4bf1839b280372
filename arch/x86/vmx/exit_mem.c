/*
 * EPT violations/misconfigurations and port I/O exits (qualification
 * formats: SDM Vol. 3C §28.2.1, tables 28-5 and 28-7). Data accesses
 * to a registered MMIO device are emulated (mmio_vmx.c); any other access
 * outside guest RAM crashes the domain with a dump. Port I/O goes through
 * the port registry (arch/x86/ioport.c).
 */
#include <asm/ioport.h>
#include <xen/errno.h>
#include <xen/sched.h>

#include "vmx_exit_handlers.h"
#include "vmx_insn.h"

enum exit_action handle_ept_violation(struct vcpu *v, const struct vmx_exit *e)
{
    u64 q = e->qualification;
    const char *access = (q & 2) ? "write" : (q & 4) ? "instruction fetch" : "read";
    /* Only a data access to the final address (bits 7+8: not a page walk) may be MMIO. */
    bool data = !(q & 4) && (q & 0x180) == 0x180;
    int rc = data ? vmx_mmio_emulate(v, q & 2) : -ENODEV;

    if (rc != -ENODEV)
        return rc ? EXIT_STOP : EXIT_RESUME;
    domain_crash(v->domain, "d%uv%u: EPT violation: %s of guest-physical %#llx (not guest RAM), RIP %#llx",
                 v->domain->domain_id, v->vcpu_id, access,
                 (unsigned long long)vmread(GUEST_PHYSICAL_ADDRESS),
                 (unsigned long long)vmread(GUEST_RIP));
    vmx_dump_guest(v);
    return EXIT_STOP;
}

enum exit_action handle_ept_misconfig(struct vcpu *v, const struct vmx_exit *e)
{
    /* Our EPT entry is malformed: a hypervisor bug, but only this domain
     * uses this EPT, so only it dies. */
    domain_crash(v->domain, "d%uv%u: EPT misconfiguration at guest-physical %#llx",
                 v->domain->domain_id, v->vcpu_id,
                 (unsigned long long)vmread(GUEST_PHYSICAL_ADDRESS));
    return EXIT_STOP;
}

enum exit_action handle_io(struct vcpu *v, const struct vmx_exit *e)
{
    u64 q = e->qualification;
    struct io_access io = {
        .port = (u16)(q >> 16),
        .size = (unsigned int)(q & 7) + 1,
        .in = q & 8,
    };
    u64 mask = io.size == 4 ? 0xffffffffULL : (1ULL << (io.size * 8)) - 1;

    if (q & 16) {           /* INS/OUTS: no string I/O device exists yet */
        domain_crash(v->domain, "d%uv%u: string I/O to port %#x is not supported",
                     v->domain->domain_id, v->vcpu_id, io.port);
        return EXIT_STOP;
    }
    if (!io.in)
        io.value = (u32)(v->arch->regs.rax & mask);
    ioport_access(v->domain, &io);
    if (io.in)
        v->arch->regs.rax = (v->arch->regs.rax & ~mask) | (io.value & mask);
    vmx_advance_rip(e);
    return EXIT_RESUME;
}
