# Plumbing of the runner's SERIAL_INPUT under QEMU: COM1 becomes a TCP link
# to tools/serial-feeder.py and the whole log must still be recorded. Keys
# are only typed after the VT-x error, and QEMU powers off sooner than the
# feeder's 0.3 s key gap, so none reaches the hypervisor (REJECT checks no
# handler ran). Debug keys need VT-x: bochs-debug-keys tests them.
EMU=qemu
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=60
EXIT=poweroff
SERIAL_INPUT='hd'
SERIAL_INPUT_AFTER='ERROR: VT-x not available'
EXPECT='Xenolith [0-9.]+ hypervisor
ERROR: VT-x not available
Xenolith cannot continue
Powering off \(ACPI S5, PM1a_CNT 0x604'
REJECT='Panic|pressed'
