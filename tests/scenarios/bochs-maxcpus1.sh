# maxcpus=1 is honoured: the second CPU is never started.
EMU=bochs
CPUS=2
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff maxcpus=1"
TIMEOUT=120
EXIT=poweroff
EXPECT='ACPI: MADT: 2 CPUs
SMP: 1 CPU online
VMX enabled on 1 CPU$'
REJECT='Panic|2 CPUs online'
