# A deliberate page fault in the hypervisor: decoded dump, symbolized
# backtrace through the calling functions, then panic=poweroff.
EMU=qemu
CPUS=1
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff selftest_fault=pf"
TIMEOUT=60
EXIT=poweroff
EXPECT='Page fault
CR2
RAX
RIP.*selftest_fault_trigger\+0x
selftest_fault_trigger\+0x[0-9a-f]+/0x[0-9a-f]+
__start_xen\+0x[0-9a-f]+/0x[0-9a-f]+
Panic on CPU 0
Powering off'
