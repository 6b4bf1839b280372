# The faulting guests' own verdicts: #GP delivered for a refused MSR,
# -EFAULT/-ENOSYS for bad hypercalls; crash dumps name the registers.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=240
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/badmsr.elf domain name=badmsr
build/guests/wildptr.elf domain name=wildptr
build/guests/triplefault.elf domain name=tf'
EXPECT='d[0-9]v0: read of MSR 0x1234 refused \(#GP; logged once\)
\(badmsr\) badmsr: #GP caught for MSR 0x1234
\(badmsr\) Test result: SUCCESS'
REJECT='Panic|LEAK'
