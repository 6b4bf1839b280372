# A periodic task (wakes every 10 ms on its one-shot timer, sleeps in HLT
# in between) beside a CPU hog on the same CPU keeps every deadline to
# within 2 ms, although the hog's slice is 30 ms: a woken vCPU preempts
# (wake-up preemption after the 1 ms minimum granularity). No deadline
# may be missed: guest console lines go out through the console's
# transmit queue, so the hog's lines (~8 ms each at 115200 baud) no longer
# hold the CPU while the UART sends them (they did until the queue came).
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=hog mem=2M -- count=4 spin=200000
build/guests/periodic.elf domain name=periodic -- period=10000000 slack=2000000 periods=50 maxmiss=0'
EXPECT='\(periodic\) periodic: 50 periods, 0 missed, worst late [0-9]+ ns
\(periodic\) Test result: SUCCESS
\(hog\) hog alive 4$
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
