# A periodic task (wakes every 10 ms on its one-shot timer, sleeps in HLT
# in between) beside a CPU hog on the same CPU keeps every deadline to
# within 2 ms, although the hog's slice is 30 ms: a woken vCPU preempts
# (wake-up preemption after the 1 ms minimum granularity). The one
# exception is a deadline that falls while the hog prints a console line:
# the hypervisor writes guest output to the UART synchronously, and one
# line at 115200 baud costs ~32,000 instructions, i.e. ~8 ms of Bochs
# time; the hog prints 1-2 lines in the window, so up to 2 misses.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=hog mem=2M -- count=4 spin=200000
build/guests/periodic.elf domain name=periodic -- period=10000000 slack=2000000 periods=50 maxmiss=2'
EXPECT='\(periodic\) periodic: 50 periods, [0-2] missed, worst late [0-9]+ ns
\(periodic\) Test result: SUCCESS
\(hog\) hog alive 4$
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
