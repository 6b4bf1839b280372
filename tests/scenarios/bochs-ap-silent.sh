# An AP that never answers is named by APIC ID and skipped; the boot goes on.
EMU=bochs
CPUS=2
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff smp_test_skip_apic=1"
TIMEOUT=120
EXIT=poweroff
EXPECT='SMP: CPU with APIC ID 1 did not start; skipped
SMP: 1 CPU online
VMX enabled on 1 CPU$
No domains left: powering off'
REJECT='Panic'
