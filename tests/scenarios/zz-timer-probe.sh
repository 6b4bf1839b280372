EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff tsc_deadline=0"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=hog mem=2M -- count=6 spin=200000
build/guests/hlt.elf domain name=hlt -- wait=5000000'
EXPECT='\(hlt\) Test result: SUCCESS'
