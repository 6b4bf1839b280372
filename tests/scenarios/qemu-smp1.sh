# A single-CPU machine: no AP to start, the boot CPU's timer and a
# cross-call to itself still work.
EMU=qemu
CPUS=1
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=60
EXIT=poweroff
EXPECT='SMP: 1 CPU online
Timer: one-shot LAPIC timer \(one-shot\) works on CPU 0
SMP: cross-CPU call reached 1 CPU$
ERROR: VT-x not available'
REJECT='Panic|did not|missed'
