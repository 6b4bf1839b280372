# A deliberate page fault in the hypervisor: decoded dump, symbolized
# backtrace through the calling functions, then panic=poweroff.
EMU=qemu
CPUS=1
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff selftest_fault=pf"
TIMEOUT=60
EXIT=poweroff
EXPECT='Exception #PF \(Page fault\), vector 14, error code 0x0002 \[not-present write supervisor\]
CR2 \(faulting address\): 0000000200000000
RIP: 0008:\[<[0-9a-f]{16}>\] selftest_fault_pf\+0x[0-9a-f]+/0x[0-9a-f]+
rax: [0-9a-f]{16}  rbx: [0-9a-f]{16}
r13: [0-9a-f]{16}
cr0: [0-9a-f]{16}  cr2: 0000000200000000
Xen call trace:
\[<[0-9a-f]{16}>\] selftest_fault_pf\+0x
selftest_fault_inner\+0x[0-9a-f]+/0x[0-9a-f]+
selftest_fault_outer\+0x
__start_xen\+0x[0-9a-f]+/0x[0-9a-f]+
Panic on CPU 0:
FATAL TRAP: vector 14 #PF
Powering off \(panic=poweroff\)'
