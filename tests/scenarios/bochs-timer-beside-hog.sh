# A vCPU sleeping in HLT is woken on time by its one-shot timer although a
# CPU hog (never yielding, interrupts off) holds the same CPU: the timer
# interrupt preempts the hog, the woken vCPU runs within 1 ms of its
# deadline (asked 5 ms; without the fix it woke after the hog's whole run).
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=hog mem=2M -- count=6 spin=200000
build/guests/hlt.elf domain name=hlt -- wait=5000000'
EXPECT='\(hog\) Guest .*spin without yielding
\(hlt\) hlt: woke after 5[0-9]{6} ns \(asked 5000000\), 1 upcall\(s\)
\(hlt\) Test result: SUCCESS
\(hog\) hog alive 6$
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
