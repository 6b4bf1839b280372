# Guest faults kill only their own domain: a triple fault, a write outside
# guest RAM (EPT violation), an unknown MSR (#GP into the guest, which
# survives), wild hypercall pointers (-EFAULT) and an unknown hypercall
# (-ENOSYS). A bystander keeps counting to the end; every page returns.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=240
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/triplefault.elf domain name=tf
build/guests/badgpa.elf domain name=badgpa
build/guests/badmsr.elf domain name=badmsr
build/guests/wildptr.elf domain name=wildptr
build/guests/counter.elf domain name=bystander -- count=12'
EXPECT='d[12] \((tf|badgpa)\): domain crash: d[12]v0: (triple fault|EPT violation: write of guest-physical 0x40000000)
d[12] \((tf|badgpa)\): domain crash: d[12]v0: (triple fault|EPT violation: write of guest-physical 0x40000000)
\(bystander\) tick [1-5]$
\(bystander\) tick 6$
\(bystander\) tick 12$
\(bystander\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash: d[345]|\(badmsr\) Test result: FAILURE|\(wildptr\) Test result: FAILURE'
