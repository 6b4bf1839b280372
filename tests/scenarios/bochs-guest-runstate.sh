# VCPUOP runstate area (a guest virtual address, re-copied on every switch),
# get_runstate_info, the periodic timer (2 ms: ~10 upcalls in 20 ms, none
# after stop), and the CPUID hides for TSC_AUX/IA32_XSS (RDTSCP #UDs).
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/runstate.elf domain name=rs'
EXPECT='\(rs\) runstate: running [0-9]+ ns, runnable [0-9]+ ns, blocked [0-9]+ ns
\(rs\) runstate: times grew [0-9]+ ns while Xen time advanced [0-9]+ ns
\(rs\) runstate: periodic 2 ms: [0-9]+ upcalls in 20 ms
\(rs\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
