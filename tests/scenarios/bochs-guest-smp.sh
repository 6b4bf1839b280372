# A 2-vCPU guest starts its second vCPU with INIT-SIPI-SIPI through the
# x2APIC ICR; vCPU 1 begins in real mode at the SIPI vector.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/smp.elf domain name=smp vcpus=2'
EXPECT='d1 \(smp\): 16 MiB, 2 vCPUs
\(smp\) vcpu1 up
\(smp\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
