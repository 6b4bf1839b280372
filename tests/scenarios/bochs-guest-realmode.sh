# A real-mode guest (unrestricted guest) prints through the 0xE9 debug
# port; halting with interrupts off ends the domain.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/realmode.bin domain name=rm mode=real mem=1M'
EXPECT='d1 \(rm\): 1 MiB, 1 vCPU, weight 256, real mode from module 0
\(rm\) real mode hello
\(rm\) Test result: SUCCESS
d1 \(rm\): all vCPUs halted with interrupts disabled
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
