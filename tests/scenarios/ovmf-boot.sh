# UEFI: OVMF firmware, GRUB's x86_64-efi image, EFI memory map and RSDP v2.
EMU=ovmf
CPUS=2
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=90
EXIT=poweroff
EXPECT='Xenolith [0-9.]+ hypervisor
Memory map \(EFI\):
Booted via UEFI: EFI system table at
ACPI: RSDP v2
SMP: 2 CPUs online
ERROR: VT-x not available
Powering off'
REJECT='Panic'
