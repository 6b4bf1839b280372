# Bochs with VT-x, 2 CPUs: the whole foundation boot up to VMX on every CPU.
EMU=bochs
CPUS=2
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
EXPECT='Xenolith [0-9.]+ hypervisor
Boot loader: GRUB
Memory map \(multiboot2\):
0000000000100000 - [0-9a-f]+ \(RAM\)
Memory: [0-9]+ MiB usable, [0-9]+ MiB free
ACPI: RSDP
ACPI: MADT: 2 CPUs
ACPI: FADT: PM1a_CNT 0xb004
TSC: 
SMP: 2 CPUs online
VMX caps: .*EPT yes.*VPID yes, unrestricted guest yes, preemption timer yes
VMX enabled on 2 CPUs
Xenolith ready: boot took [0-9]+ TSC ticks
No domains left: powering off'
REJECT='Panic|WARNING|did not start|Assertion'
