# No UART at all: the boot must neither hang nor crash; it powers off as asked.
EMU=bochs
CPUS=1
UART=0
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
