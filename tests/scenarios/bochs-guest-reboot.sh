# A guest that asks to reboot is rebuilt from its module, reboots= times.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/reboot.elf domain name=rb reboots=1'
EXPECT='\(rb\) reboot guest starting
d1 \(rb\): shutdown requested \(reboot\)
rb: rebooting \(restart 1 of 1\)
d2 \(rb\): 16 MiB
\(rb\) reboot guest starting
d2 \(rb\): shutdown requested \(reboot\)
d2 \(rb\): destroyed \(reboot\)
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|d3 '
