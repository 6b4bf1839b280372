# A breakpoint is reported and execution continues.
EMU=qemu
CPUS=1
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff selftest_fault=bp"
TIMEOUT=60
EXIT=poweroff
EXPECT='Breakpoint
selftest: survived int3
ERROR: VT-x not available'
REJECT='Panic'
