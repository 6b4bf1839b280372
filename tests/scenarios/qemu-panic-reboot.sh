# panic=reboot under QEMU: -no-reboot turns the reset into a clean exit.
EMU=qemu
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=reboot selftest_fault=gp"
TIMEOUT=60
EXIT=reboot
EXPECT='Exception #GP
Rebooting \(panic=reboot\)'
REJECT='Powering off'
