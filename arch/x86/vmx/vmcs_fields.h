/*
 * VMCS field encodings (Intel SDM Vol. 3D, Appendix B) and the control,
 * exit-reason and interruption-information bits the VMX code uses
 * (SDM Vol. 3C, chapter 25 "Virtual-Machine Control Structures" and
 * appendix C "VMX Basic Exit Reasons").
 */
#ifndef VMX_VMCS_FIELDS_H
#define VMX_VMCS_FIELDS_H

/* 16-bit fields (B.1) */
#define VMCS_VPID                   0x0000
#define GUEST_ES_SELECTOR           0x0800
#define GUEST_CS_SELECTOR           0x0802
#define GUEST_SS_SELECTOR           0x0804
#define GUEST_DS_SELECTOR           0x0806
#define GUEST_FS_SELECTOR           0x0808
#define GUEST_GS_SELECTOR           0x080a
#define GUEST_LDTR_SELECTOR         0x080c
#define GUEST_TR_SELECTOR           0x080e
#define HOST_ES_SELECTOR            0x0c00
#define HOST_CS_SELECTOR            0x0c02
#define HOST_SS_SELECTOR            0x0c04
#define HOST_DS_SELECTOR            0x0c06
#define HOST_FS_SELECTOR            0x0c08
#define HOST_GS_SELECTOR            0x0c0a
#define HOST_TR_SELECTOR            0x0c0c

/* 64-bit fields (B.2) */
#define IO_BITMAP_A                 0x2000
#define IO_BITMAP_B                 0x2002
#define MSR_BITMAP                  0x2004
#define TSC_OFFSET                  0x2010
#define EPT_POINTER                 0x201a
#define GUEST_PHYSICAL_ADDRESS      0x2400
#define VMCS_LINK_POINTER           0x2800
#define GUEST_IA32_PAT              0x2804
#define GUEST_IA32_EFER             0x2806
#define HOST_IA32_PAT               0x2c00
#define HOST_IA32_EFER              0x2c02

/* 32-bit fields (B.3) */
#define PIN_BASED_VM_EXEC_CONTROL   0x4000
#define CPU_BASED_VM_EXEC_CONTROL   0x4002
#define EXCEPTION_BITMAP            0x4004
#define CR3_TARGET_COUNT            0x400a
#define VM_EXIT_CONTROLS            0x400c
#define VM_EXIT_MSR_STORE_COUNT     0x400e
#define VM_EXIT_MSR_LOAD_COUNT      0x4010
#define VM_ENTRY_CONTROLS           0x4012
#define VM_ENTRY_MSR_LOAD_COUNT     0x4014
#define VM_ENTRY_INTR_INFO          0x4016
#define VM_ENTRY_EXCEPTION_ERROR_CODE 0x4018
#define VM_ENTRY_INSTRUCTION_LEN    0x401a
#define SECONDARY_VM_EXEC_CONTROL   0x401e
#define VM_INSTRUCTION_ERROR        0x4400
#define VM_EXIT_REASON              0x4402
#define VM_EXIT_INTR_INFO           0x4404
#define VM_EXIT_INTR_ERROR_CODE     0x4406
#define IDT_VECTORING_INFO          0x4408
#define IDT_VECTORING_ERROR_CODE    0x440a
#define VM_EXIT_INSTRUCTION_LEN     0x440c
#define GUEST_ES_LIMIT              0x4800
#define GUEST_CS_LIMIT              0x4802
#define GUEST_SS_LIMIT              0x4804
#define GUEST_DS_LIMIT              0x4806
#define GUEST_FS_LIMIT              0x4808
#define GUEST_GS_LIMIT              0x480a
#define GUEST_LDTR_LIMIT            0x480c
#define GUEST_TR_LIMIT              0x480e
#define GUEST_GDTR_LIMIT            0x4810
#define GUEST_IDTR_LIMIT            0x4812
#define GUEST_ES_AR_BYTES           0x4814
#define GUEST_CS_AR_BYTES           0x4816
#define GUEST_SS_AR_BYTES           0x4818
#define GUEST_DS_AR_BYTES           0x481a
#define GUEST_FS_AR_BYTES           0x481c
#define GUEST_GS_AR_BYTES           0x481e
#define GUEST_LDTR_AR_BYTES         0x4820
#define GUEST_TR_AR_BYTES           0x4822
#define GUEST_INTERRUPTIBILITY_INFO 0x4824
#define GUEST_ACTIVITY_STATE        0x4826
#define GUEST_SYSENTER_CS           0x482a
#define VMX_PREEMPTION_TIMER_VALUE  0x482e
#define HOST_IA32_SYSENTER_CS       0x4c00

/* Natural-width fields (B.4) */
#define CR0_GUEST_HOST_MASK         0x6000
#define CR4_GUEST_HOST_MASK         0x6002
#define CR0_READ_SHADOW             0x6004
#define CR4_READ_SHADOW             0x6006
#define EXIT_QUALIFICATION          0x6400
#define GUEST_LINEAR_ADDRESS        0x640a
#define GUEST_CR0                   0x6800
#define GUEST_CR3                   0x6802
#define GUEST_CR4                   0x6804
#define GUEST_ES_BASE               0x6806
#define GUEST_CS_BASE               0x6808
#define GUEST_SS_BASE               0x680a
#define GUEST_DS_BASE               0x680c
#define GUEST_FS_BASE               0x680e
#define GUEST_GS_BASE               0x6810
#define GUEST_LDTR_BASE             0x6812
#define GUEST_TR_BASE               0x6814
#define GUEST_GDTR_BASE             0x6816
#define GUEST_IDTR_BASE             0x6818
#define GUEST_DR7                   0x681a
#define GUEST_RSP                   0x681c
#define GUEST_RIP                   0x681e
#define GUEST_RFLAGS                0x6820
#define GUEST_PENDING_DBG_EXCEPTIONS 0x6822
#define GUEST_SYSENTER_ESP          0x6824
#define GUEST_SYSENTER_EIP          0x6826
#define HOST_CR0                    0x6c00
#define HOST_CR3                    0x6c02
#define HOST_CR4                    0x6c04
#define HOST_FS_BASE                0x6c06
#define HOST_GS_BASE                0x6c08
#define HOST_TR_BASE                0x6c0a
#define HOST_GDTR_BASE              0x6c0c
#define HOST_IDTR_BASE              0x6c0e
#define HOST_IA32_SYSENTER_ESP      0x6c10
#define HOST_IA32_SYSENTER_EIP      0x6c12
#define HOST_RSP                    0x6c14
#define HOST_RIP                    0x6c16

/* Pin-based controls (SDM 25.6.1) */
#define PIN_EXT_INTR_EXITING        (1u << 0)
#define PIN_NMI_EXITING             (1u << 3)
#define PIN_VIRTUAL_NMIS            (1u << 5)
#define PIN_PREEMPT_TIMER           (1u << 6)

/* Primary processor-based controls (SDM 25.6.2) */
#define CPU_INTR_WINDOW_EXITING     (1u << 2)
#define CPU_USE_TSC_OFFSETTING      (1u << 3)
#define CPU_HLT_EXITING             (1u << 7)
#define CPU_UNCOND_IO_EXITING       (1u << 24)
#define CPU_USE_MSR_BITMAPS         (1u << 28)
#define CPU_ACTIVATE_SECONDARY      (1u << 31)

/* Secondary processor-based controls (SDM 25.6.2) */
#define SEC_ENABLE_EPT              (1u << 1)
#define SEC_ENABLE_RDTSCP           (1u << 3)
#define SEC_ENABLE_VPID             (1u << 5)
#define SEC_UNRESTRICTED_GUEST      (1u << 7)
#define SEC_ENABLE_INVPCID          (1u << 12)

/* VM-exit controls (SDM 25.7.1) */
#define EXIT_HOST_ADDR_SPACE_SIZE   (1u << 9)
#define EXIT_SAVE_IA32_PAT          (1u << 18)
#define EXIT_LOAD_IA32_PAT          (1u << 19)
#define EXIT_SAVE_IA32_EFER         (1u << 20)
#define EXIT_LOAD_IA32_EFER         (1u << 21)

/* VM-entry controls (SDM 25.8.1) */
#define ENTRY_IA32E_MODE            (1u << 9)
#define ENTRY_LOAD_IA32_PAT         (1u << 14)
#define ENTRY_LOAD_IA32_EFER        (1u << 15)

/* Interruption information (SDM 25.8.3, 25.9.2) */
#define INTR_INFO_VALID             (1u << 31)
#define INTR_INFO_DELIVER_CODE      (1u << 11)
#define INTR_TYPE_EXT_INTR          (0u << 8)
#define INTR_TYPE_NMI               (2u << 8)
#define INTR_TYPE_HW_EXCEPTION      (3u << 8)
#define INTR_TYPE_SW_EXCEPTION      (6u << 8)
#define INTR_INFO_TYPE_MASK         (7u << 8)
#define INTR_INFO_VECTOR_MASK       0xffu

/* Basic exit reasons (SDM appendix C) */
#define EXIT_REASON_EXCEPTION_NMI   0
#define EXIT_REASON_EXT_INTR        1
#define EXIT_REASON_TRIPLE_FAULT    2
#define EXIT_REASON_INIT            3
#define EXIT_REASON_SIPI            4
#define EXIT_REASON_INTR_WINDOW     7
#define EXIT_REASON_CPUID           10
#define EXIT_REASON_HLT             12
#define EXIT_REASON_INVD            13
#define EXIT_REASON_RDTSC           16
#define EXIT_REASON_VMCALL          18
#define EXIT_REASON_VMCLEAR         19
#define EXIT_REASON_VMLAUNCH        20
#define EXIT_REASON_VMPTRLD         21
#define EXIT_REASON_VMPTRST         22
#define EXIT_REASON_VMREAD          23
#define EXIT_REASON_VMRESUME        24
#define EXIT_REASON_VMWRITE         25
#define EXIT_REASON_VMXOFF          26
#define EXIT_REASON_VMXON           27
#define EXIT_REASON_CR_ACCESS       28
#define EXIT_REASON_IO_INSTRUCTION  30
#define EXIT_REASON_MSR_READ        31
#define EXIT_REASON_MSR_WRITE       32
#define EXIT_REASON_INVALID_GUEST_STATE 33
#define EXIT_REASON_MSR_LOADING     34
#define EXIT_REASON_MCE_DURING_ENTRY 41
#define EXIT_REASON_EPT_VIOLATION   48
#define EXIT_REASON_EPT_MISCONFIG   49
#define EXIT_REASON_INVEPT          50
#define EXIT_REASON_PREEMPT_TIMER   52
#define EXIT_REASON_INVVPID         53
#define EXIT_REASON_WBINVD          54
#define EXIT_REASON_XSETBV          55
#define EXIT_REASON_VMFUNC          59
#define EXIT_REASON_MAX             70
#define EXIT_REASON_FAILED_ENTRY    (1u << 31)

#endif /* VMX_VMCS_FIELDS_H */
