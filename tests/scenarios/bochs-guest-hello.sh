# One PVH guest from a boot module: it prints through console_io, shuts
# down with the reason it was asked for, and every page comes back.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hello.elf domain name=hello mem=16M -- name=hello exit=poweroff'
EXPECT='VMX enabled on 2 CPUs
d1 \(hello\): 16 MiB, 1 vCPU, weight 256 from module 0
\(hello\) Hello from hello
\(hello\) Test result: SUCCESS
d1 \(hello\): shutdown requested \(poweroff\)
d1 \(hello\): destroyed \(poweroff\); 4096 pages returned
Memory after all domains: .*\(every page returned\)
No domains left: powering off'
REJECT='Panic|LEAK|domain crash'
