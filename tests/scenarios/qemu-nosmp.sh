# nosmp: only the boot CPU runs, even with 4 in the MADT.
EMU=qemu
CPUS=4
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff nosmp"
TIMEOUT=60
EXIT=poweroff
EXPECT='ACPI: MADT: 4 CPUs
SMP: 1 CPU online
ERROR: VT-x not available'
REJECT='Panic|CPU1 is up|4 CPUs online'
