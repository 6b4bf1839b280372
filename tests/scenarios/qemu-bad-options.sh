# Unknown options and bad values are named and ignored; the boot goes on.
EMU=qemu
CPUS=1
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff frobnicate=1 maxcpus=lots com2=9600,9z9"
TIMEOUT=60
EXIT=poweroff
EXPECT="cmdline: unknown option 'frobnicate' ignored
cmdline: bad value 'lots' for option 'maxcpus'
cmdline: bad value '9600,9z9' for option 'com2'
ERROR: VT-x not available"
REJECT='Panic'
