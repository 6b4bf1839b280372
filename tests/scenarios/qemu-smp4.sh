# QEMU TCG with 4 CPUs (xAPIC, LAPIC one-shot timer): all APs start, the
# timer interrupt fires on each CPU, one cross-CPU call reaches all four.
EMU=qemu
CPUS=4
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=60
EXIT=poweroff
EXPECT='TSC: [0-9]+\.[0-9]{3} MHz \((CPUID|HPET|PIT)
IOAPIC 0: .*masked and ready
APIC: xAPIC mode
SMP: CPU1 is up \(APIC ID 1\)
SMP: CPU3 is up \(APIC ID 3\)
SMP: 4 CPUs online
Timer: one-shot LAPIC timer \(one-shot\) works on CPU 0
Timer: one-shot LAPIC timer \(one-shot\) works on CPU 3
SMP: cross-CPU call reached 4 CPUs
ERROR: VT-x not available
Powering off'
REJECT='Panic|did not|missed|Assertion'
