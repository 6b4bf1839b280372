# Two guests on one CPU fill YMM0-15 with their own patterns and yield to
# each other: each finds its registers intact (XSAVE switching, XCR0 per
# vCPU, AVX enabled through XSETBV).
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/fpu.elf domain name=fa cpus=0 -- name=fa rounds=20
build/guests/fpu.elf domain name=fb cpus=0 -- name=fb rounds=20'
EXPECT='FPU: XSAVE state switching
\(f[ab]\) fpu: YMM0-15 intact after 20 yields
\(f[ab]\) fpu: YMM0-15 intact after 20 yields
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash|FAILURE'
