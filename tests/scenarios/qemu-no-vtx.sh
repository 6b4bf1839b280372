# QEMU TCG (no VT-x), SeaBIOS, 4 CPUs: boots, brings up SMP, then names the
# missing VT-x and powers off cleanly.
EMU=qemu
CPUS=4
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=60
EXIT=poweroff
EXPECT='Xenolith [0-9.]+ hypervisor
ACPI: MADT: 4 CPUs
SMP: 4 CPUs online
ERROR: VT-x not available
Xenolith cannot continue
Powering off \(ACPI S5, PM1a_CNT 0x604'
REJECT='Panic|did not start'
