/*
 * Per-CPU areas: GS.base points at the running CPU's struct percpu, and a
 * table of pointers lets other CPUs find it by logical number. The boot
 * CPU's area is static; the SMP code registers one per AP.
 */
#include <asm/boot.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>

extern char boot_stack_top[];           /* arch/x86/boot/head.S */

static struct percpu bsp_percpu;

/* Written once per CPU at bring-up, read locklessly by any CPU. */
static struct percpu *percpu_table[NR_CPUS];

/* GS.base is written last: any later segment load with a null selector
 * could clear it (see desc_init_cpu()). */
void percpu_install(struct percpu *p)
{
    p->self = p;
    wrmsr(MSR_GS_BASE, (u64)p);
}

/* Only the CPU bringing p up writes its slot, once; readers may see NULL
 * until then, which per_cpu() documents as "not started". */
int percpu_register(struct percpu *p)
{
    if (p->cpu_id >= NR_CPUS)
        return -EINVAL;
    if (READ_ONCE(percpu_table[p->cpu_id]))
        return -EEXIST;
    WRITE_ONCE(percpu_table[p->cpu_id], p);
    return 0;
}

struct percpu *per_cpu(unsigned int cpu)
{
    return cpu < NR_CPUS ? READ_ONCE(percpu_table[cpu]) : NULL;
}

struct percpu *percpu_current(void)
{
    /* Reading the MSR (not %gs:0) cannot fault or return garbage before
     * percpu_install(): an empty GS.base reads as 0. */
    struct percpu *p = (struct percpu *)rdmsr(MSR_GS_BASE);

    return p && p->self == p ? p : NULL;
}

/* The BSP's area is static: it exists before any allocator does, and the
 * boot stack from head.S stays its primary stack for good. */
void percpu_init_bsp(void)
{
    bsp_percpu.cpu_id = 0;
    bsp_percpu.stack_top = boot_stack_top;
    bsp_percpu.online = true;
    percpu_install(&bsp_percpu);
    if (percpu_register(&bsp_percpu))
        panic("percpu: boot CPU area registered twice");
}
