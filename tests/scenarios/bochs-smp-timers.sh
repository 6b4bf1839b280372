# Bochs, 2 CPUs, defaults (x2APIC, TSC-deadline): the timer interrupt and a
# cross-CPU call are proven on both CPUs before VMX.
EMU=bochs
CPUS=2
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
EXPECT='TSC: [0-9]+\.[0-9]{3} MHz \(HPET\), invariant
APIC: x2APIC mode
APIC timer: TSC-deadline mode
SMP: CPU1 is up \(APIC ID 1\)
SMP: 2 CPUs online
Timer: one-shot LAPIC timer \(TSC-deadline\) works on CPU 0
Timer: one-shot LAPIC timer \(TSC-deadline\) works on CPU 1
SMP: cross-CPU call reached 2 CPUs
VMX enabled on 2 CPUs'
REJECT='Panic|did not|missed'
