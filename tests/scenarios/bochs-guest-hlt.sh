# HLT with interrupts on blocks the vCPU until its one-shot timer fires;
# the timer's upcall is injected as an interrupt and wakes it on time. A
# past deadline with VCPU_SSHOTTMR_future gives -ETIME.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hlt.elf domain name=hlt -- wait=5000000'
EXPECT='\(hlt\) hlt: woke after [0-9]+ ns \(asked 5000000\), 1 upcall\(s\)
\(hlt\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
