# The shutdown reason a guest gives reaches the hypervisor (crash here).
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hello.elf domain name=hello2 -- name=hello2 exit=crash'
EXPECT='\(hello2\) Hello from hello2
d1 \(hello2\): shutdown requested \(crash\)
d1 \(hello2\): destroyed \(crash\)'
REJECT='Panic|LEAK'
