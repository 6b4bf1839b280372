# Cap: a hog with cap=25 alone on CPU 0 beside an uncapped hog alone on
# CPU 1, both doing the same fixed work (spin=) per "hog alive" line. The
# capped one must get 25% of a CPU within +-3 points: when the free hog
# prints its 32nd line, the capped one is past its 7th and not yet at its
# 9th, i.e. the progress ratio is in [32/9, 32/7] = [3.56, 4.57] and the
# capped share (its inverse) in [21.9%, 28.1%]. Without the cap both
# would progress at the same rate (checked: with cap=0 this fails).
# Measured: 1.207 s per line capped vs 0.306 s free, a 25.4% share; the
# capped domain's summary says it ran 3102 ms in its 12.3 s.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=capped mem=2M cpus=0 cap=25 -- count=10 spin=200000
build/guests/hog.elf domain name=free mem=2M cpus=1 -- count=34 spin=200000'
EXPECT='\(capped\) hog alive 7$
\(free\) hog alive 32$
\(capped\) hog alive 9$
d[0-9]+ \(capped\): destroyed \(poweroff\); 512 pages returned; ran [0-9]+ ms on CPUs 0,
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
