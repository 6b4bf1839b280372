# The Xen ABI basics Linux needs first (xen-abi.md §1, §4.1, §4.4, §4.6,
# §5): the xenabi guest finds the Xen CPUID leaves by scanning, installs
# the hypercall page through the MSR and calls through it, checks every
# xen_version sub-op, memory_op (memory map, reservations, shared_info
# via add_to_physmap), register_vcpu_info and a monotonic pvclock.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/xenabi.elf domain name=xenabi -- name=xenabi'
EXPECT='\(xenabi\) xenabi: CPUID base 0x40000000, max leaf 0x40000005
\(xenabi\) xenabi: Xen version 4\.19
\(xenabi\) xenabi: HVM leaf flags 0x58 vcpu 0 domid 1
\(xenabi\) xenabi: console_io through the hypercall page
\(xenabi\) xenabi: features submap 0 = 0x12305
\(xenabi\) xenabi: xen_version sub-ops OK
\(xenabi\) xenabi: memory_map 0-1: \[0x0, \+0xe0000\) type 1, \[0xe0000, \+0x1000\) type 3
\(xenabi\) xenabi: memory_map 2-3: \[0xe1000, \+0xf1f000\) type 1, \[0x1001000, \+0x1000\) type 2
\(xenabi\) xenabi: shared_info moved to gfn 0x[0-9a-f]+, old frame is RAM again
\(xenabi\) xenabi: vcpu_info registered at gfn 0x[0-9a-f]+\+128: pending 1
\(xenabi\) xenabi: pvclock 2000 reads monotonic
\(xenabi\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
