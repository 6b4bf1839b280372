# A general-protection fault (non-canonical access): decoded and symbolized.
EMU=qemu
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff selftest_fault=gp"
TIMEOUT=60
EXIT=poweroff
EXPECT='Exception #GP \(General protection
RIP: 0008:\[<[0-9a-f]{16}>\] selftest_fault_gp\+0x
Xen call trace:
__start_xen\+0x
Panic on CPU 0:
Powering off'
