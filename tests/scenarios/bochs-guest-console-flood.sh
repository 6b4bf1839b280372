# A guest printing in a tight loop is rate-limited: a burst of 200 lines,
# then 100 lines/s; the suppressed lines are counted and reported (at most
# once a second, and at the end). A quiet second guest runs alongside.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/counter.elf domain name=flood -- count=1000 delay=0
build/guests/hello.elf domain name=quiet -- name=quiet'
EXPECT='\(flood\) tick 200$
d1 \(flood\): shutdown requested \(poweroff\)
\(flood\) \[[0-9]{3} lines suppressed: console rate limit\]
d1 \(flood\): destroyed \(poweroff\)
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK'
