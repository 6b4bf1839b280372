# Two domains exchange event-channel notifications (alloc_unbound /
# bind_interdomain / send, upcalls into each), masking holds a notification
# back until unmask, SCHEDOP_poll sleeps until a masked port is pending
# (Linux's PV spinlock slow path), and bad ports and poll arguments are refused.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/evtchn.elf domain name=server -- role=server rounds=20
build/guests/evtchn.elf domain name=client -- role=client rounds=20'
EXPECT='evtchn: (server got|client exchanged) 20
evtchn: (server got|client exchanged) 20
\(server\) evtchn: masked send held back, unmask delivered it
\(server\) evtchn: poll slept until the masked timer port was pending
\(server\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash|FAILURE'
