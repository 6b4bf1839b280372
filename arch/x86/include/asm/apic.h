/*
 * The local APIC (arch/x86/apic.c, apic_timer.c) and the IOAPICs
 * (arch/x86/ioapic.c). The local APIC runs in x2APIC mode when the CPU
 * has it (MSR access, 32-bit ids), else in xAPIC mode (MMIO page).
 * Register numbers are the xAPIC MMIO offsets (Intel SDM Vol. 3A
 * Table 11-1); in x2APIC mode the MSR is 0x800 + offset / 16 (Table 11-6).
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/compiler.h>
#include <xen/types.h>

#define APIC_ID 0x020
#define APIC_LVR 0x030              /* version; bits 23:16 = max LVT index */
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0              /* spurious vector, bit 8 = enable */
#define APIC_ESR 0x280
#define APIC_LVT_CMCI 0x2f0
#define APIC_ICR 0x300
#define APIC_ICR2 0x310             /* xAPIC only: destination in 31:24 */
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PMC 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT 0x380            /* timer initial count */
#define APIC_TMCCT 0x390            /* timer current count */
#define APIC_TDCR 0x3e0             /* timer divide configuration */

#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_DM_NMI (4u << 8)
#define APIC_LVT_TIMER_TSC_DEADLINE (2u << 17)

/*
 * Bring up the boot CPU's local APIC (x2APIC if available, unless
 * "x2apic=0"), register the error and spurious handlers, mask the 8259
 * PICs and every IOAPIC input, then set up the timer
 * (apic_timer_init_bsp()). Boot CPU, after acpi_init() and time_init(),
 * before SMP.
 */
void apic_init_bsp(void);

/* Enable and configure the calling CPU's local APIC (APs; the BSP's is
 * done by apic_init_bsp()). Leaves the timer masked. */
void apic_init_cpu(void);

/* True once apic_init_bsp() has run: IPIs may be sent. */
bool apic_ready(void);

/* Register access in the current mode; reg is an APIC_* offset. */
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 v);

/* The calling CPU's local APIC id (x2APIC id in x2APIC mode). */
u32 apic_id(void);

/* Signal end of interrupt: every handler of a LAPIC-delivered vector. */
void apic_eoi(void);

/* Fixed-delivery IPIs. Callable with interrupts on or off. */
void apic_send_ipi(u32 dest_apic_id, u8 vector);
void apic_send_ipi_allbutself(u8 vector);

/* NMI IPIs (vector ignored by the hardware). */
void apic_send_nmi(u32 dest_apic_id);
void apic_send_nmi_allbutself(void);

/* INIT and STARTUP IPIs for AP bring-up (SDM Vol. 3A §9.4.4.1); page is
 * the 4 KiB page number of the real-mode start-up code (< 0x100). */
void apic_send_init(u32 dest_apic_id);
void apic_send_sipi(u32 dest_apic_id, u8 page);

/*
 * The timer (apic_timer.c): choose TSC-deadline mode (CPUID.1:ECX[24],
 * unless "tsc_deadline=0") or calibrate the one-shot count rate against
 * the TSC; register the timer interrupt. Called by apic_init_bsp().
 */
void apic_timer_init_bsp(void);

/* Program the calling CPU's timer LVT (AP bring-up). */
void apic_timer_init_cpu(void);

/* "TSC-deadline" or "one-shot": what arch_timer_program() uses. */
const char *apic_timer_mode_name(void);

/* Mask the 8259 PICs and every IOAPIC redirection entry, logging one line
 * per IOAPIC (ioapic.c). Boot CPU, from apic_init_bsp(). */
void ioapic_init(void);

#endif /* ASM_APIC_H */
