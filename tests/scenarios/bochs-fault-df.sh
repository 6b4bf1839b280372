# A double fault (stack overflow) in Bochs: handled on its IST stack.
EMU=bochs
CPUS=1
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff selftest_fault=df"
TIMEOUT=120
EXIT=poweroff
EXPECT='Exception #DF \(Double fault\), vector 8
Handler stack: IST1 \(#DF stack\)
selftest_fault
Panic on CPU 0
Powering off'
