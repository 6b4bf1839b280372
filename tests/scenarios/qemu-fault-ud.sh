# An invalid opcode in the hypervisor: decoded and symbolized.
EMU=qemu
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff selftest_fault=ud"
TIMEOUT=60
EXIT=poweroff
EXPECT='Exception #UD \(Invalid opcode
RIP: 0008:\[<[0-9a-f]{16}>\] selftest_fault_ud\+0x
__start_xen\+0x
Panic on CPU 0:
Powering off'
