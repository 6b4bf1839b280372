# Preemption: two hogs that never yield, block or exit on their own
# (between console lines they only spin) are pinned to CPU 1. Both make
# progress at once, which only the VMX preemption timer ending each slice
# can give: both print line 2 before either prints line 5 (run one after
# the other, the first would print 1..6 before the second prints 1), and
# each is switched out many times while still runnable. Checked: with the
# preemption timer always programmed to its maximum, p1 prints 1..6 and
# only then p2 starts, and this scenario fails at the second "alive 5".
# Measured: 60 preemptions each in about 1.87 s of CPU (30 ms slices).
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=p1 mem=2M cpus=1 -- count=6 spin=200000
build/guests/hog.elf domain name=p2 mem=2M cpus=1 -- count=6 spin=200000'
EXPECT='\(p[12]\) hog alive 2$
\(p[12]\) hog alive 2$
\(p[12]\) hog alive 5$
\(p[12]\) hog alive 5$
d[0-9]+ \(p[12]\): destroyed \(poweroff\); .* on CPUs 1, preempted [1-9][0-9]+ times
d[0-9]+ \(p[12]\): destroyed \(poweroff\); .* on CPUs 1, preempted [1-9][0-9]+ times
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
