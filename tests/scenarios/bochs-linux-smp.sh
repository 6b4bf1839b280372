# Stock Debian Linux as a 2-vCPU PVH domU: the secondary vCPU starts
# through INIT-SIPI-SIPI on the emulated x2APIC ICR, both vCPUs take Xen
# timer interrupts (timer0 and timer1 in /proc/interrupts), nproc says 2,
# and at poweroff Linux stops its other CPU with an NMI IPI — the domain
# ends once every vCPU has halted. About 5 minutes of Bochs (2 CPUs).
# cryptomgr.notests skips Linux's crypto self-tests, ~60% of its boot in Bochs
# (docs/linux-pvh-bringup.md): without it a loaded CI host hits TIMEOUT.
EMU=bochs
CPUS=2
MEM=512
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=600
EXIT=poweroff
DEPENDS='linux-images'
MODULES='build/linux/vmlinux domain name=linux mem=256M vcpus=2 reboots=0 -- console=hvc0 cryptomgr.notests earlyprintk=xen xen_legacy_crash xenolith.init=test
build/linux/initramfs.cpio initrd'
EXPECT='d1 \(linux\): 256 MiB, 2 vCPUs
\(linux\) \[ *0\.0+\] Linux version 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) .*Hypervisor detected: Xen HVM
\(linux\) .*ACPI: RSDP 0x0+E0000 000024 \(v02 XNLITH\)
\(linux\) .*smpboot: Allowing 2 CPUs, 0 hotplug CPUs
\(linux\) .*installing Xen timer for CPU 0
\(linux\) .*installing Xen timer for CPU 1
\(linux\) .*XENOLITH-LINUX-UP
\(linux\) uname-r: 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) nproc: 2
\(linux\) +0: +[1-9][0-9]+ +[0-9]+ +xen-percpu +-virq +timer0
\(linux\) +[0-9]+: +[0-9]+ +[1-9][0-9]+ +xen-percpu +-virq +timer1
\(linux\) .*XENOLITH-LINUX-DONE
d1 \(linux\): shutdown requested \(poweroff\)
d1 \(linux\): destroyed \(poweroff\); 65536 pages returned
Memory after all domains: .*\(every page returned\)
No domains left: powering off'
REJECT='Panic|LEAK|MSR 0x3b |MSR 0x17a |of MSR 0x8[0-3][0-9a-f] refused|APIC version is 0|valid RSDP was not found'
