# x2APIC register file conformance (arch/x86/vlapic.c, tests/guests/x2apic):
# reset values, stored registers and their writable bits, LDR derived from
# the x2APIC id, and #GP exactly where the SDM puts it.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/x2apic.elf domain name=x2apic mem=2M'
EXPECT='\(x2apic\) x2apic: reset values OK \(version 0x50014, LDR 0x1, SVR 0xff, LVTs masked\)
\(x2apic\) x2apic: TPR, SVR, 6 LVTs, TMICT, TDCR stored; EOI 0 and SELF IPI accepted
\(x2apic\) x2apic: 11 #GPs where the SDM puts them
\(x2apic\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|Test result: FAILURE'
