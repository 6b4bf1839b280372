# maxcpus=1 under QEMU with 4 CPUs.
EMU=qemu
CPUS=4
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff maxcpus=1"
TIMEOUT=60
EXIT=poweroff
EXPECT='ACPI: MADT: 4 CPUs
SMP: 1 CPU online
ERROR: VT-x not available'
REJECT='Panic|4 CPUs online'
