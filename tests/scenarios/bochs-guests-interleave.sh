# Three guests on two CPUs print at the same time: the interleaving of
# their lines shows they are scheduled concurrently.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/counter.elf domain name=c1 -- count=10
build/guests/counter.elf domain name=c2 -- count=10
build/guests/counter.elf domain name=c3 -- count=10'
EXPECT='\(c1\) tick 1$
\(c[23]\) tick [0-9]+$
\(c1\) tick 5$
\(c[23]\) tick [0-9]+$
\(c1\) tick 10$
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
