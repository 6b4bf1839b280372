# smp_test_skip_apic (a test hook): the CPU with APIC ID 2 gets no SIPI;
# it is named and skipped, and the next CPU takes the next number.
EMU=qemu
CPUS=4
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff smp_test_skip_apic=2"
TIMEOUT=60
EXIT=poweroff
EXPECT='SMP: CPU1 is up \(APIC ID 1\)
SMP: CPU with APIC ID 2 did not start; skipped
SMP: CPU2 is up \(APIC ID 3\)
SMP: 3 CPUs online
SMP: cross-CPU call reached 3 CPUs'
REJECT='Panic|missed'
