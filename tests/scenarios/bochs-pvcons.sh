# The PV console the hypervisor serves (xen-abi.md §4.5, §5.5; xen/pvcons.c):
# the pvcons guest finds its ring through HVMOP_get_param, checks the
# param access rules, writes lines that appear as "(pvc) ...", then waits
# for a line of input. The feeder types Ctrl-A three times (the input
# focus moves from the hypervisor to DOM1, as on Xen) and "hello xen" +
# Enter; the guest echoes it through its ring. The 'h' and 'x' typed must
# reach the guest, not the debug keys.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=240
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/pvcons.elf domain name=pvc -- name=pvc'
SERIAL_INPUT="$(printf '\001\001\001hello xen\r')"
SERIAL_INPUT_AFTER='pvcons: waiting for input'
EXPECT='\(pvc\) pvcons: CONSOLE_PFN 0x1001 \(RAM ends 0x1000000\), CONSOLE_EVTCHN [1-9][0-9]*
\(pvc\) pvcons: line one through the ring
\(pvc\) pvcons: a line in two pieces
\(pvc\) pvcons: no notify, found by the poll
\(pvc\) pvcons: waiting for input
\*\*\* Serial input to DOM1 \(type .CTRL-a. three times to switch input\)
\(pvc\) pvcons: got .hello xen.
\(pvc\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT="Panic|LEAK|domain crash|pressed ->|FAILED"
