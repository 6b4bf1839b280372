# The fallback paths in Bochs, 2 CPUs: TSC calibrated against the PIT,
# xAPIC (MMIO) instead of x2APIC, LAPIC one-shot instead of TSC-deadline.
EMU=bochs
CPUS=2
CMDLINE="console=com1 com1=115200,8n1 loglvl=all on_last_domain=poweroff panic=poweroff tsc_calib=pit x2apic=0 tsc_deadline=0"
TIMEOUT=120
EXIT=poweroff
EXPECT='TSC: [0-9]+\.[0-9]{3} MHz \(PIT\)
APIC: xAPIC mode \(x2APIC available, x2apic=0\)
APIC timer: one-shot mode, [0-9.]+ MHz \(tsc_deadline=0\)
SMP: 2 CPUs online
Timer: one-shot LAPIC timer \(one-shot\) works on CPU 0
Timer: one-shot LAPIC timer \(one-shot\) works on CPU 1
SMP: cross-CPU call reached 2 CPUs
VMX enabled on 2 CPUs'
REJECT='Panic|did not|missed'
