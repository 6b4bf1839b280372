# panic=reboot resets the machine (FADT reset register, else port 0xCF9).
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=reboot selftest_fault=ud"
TIMEOUT=120
EXIT=reboot
EXPECT='Exception #UD \(Invalid opcode\)
Panic on CPU 0:
Rebooting \(panic=reboot\)'
