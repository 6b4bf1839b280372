# Debian 12's stock kernel (make linux-images: the unmodified vmlinux from
# linux-image-amd64) boots as a PVH domU to its busybox /init, which (with
# xenolith.init=test) prints uname -r, nproc and the Xen timer line of
# /proc/interrupts — proof that VIRQ_TIMER events arrive — and powers off
# with "poweroff -f": the domain ends and so does the host. Still to come
# (issue 5): the interactive shell on hvc0 through focus switching, SMP.
# About 2 minutes of Bochs: GRUB loads the 66 MB vmlinux, then Linux boots.
# cryptomgr.notests skips Linux's crypto self-tests, ~60% of its boot in Bochs
# (docs/linux-pvh-bringup.md): without it a loaded CI host hits TIMEOUT.
EMU=bochs
CPUS=1
MEM=512
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=300
EXIT=poweroff
DEPENDS='linux-images'
MODULES='build/linux/vmlinux domain name=linux mem=256M vcpus=1 reboots=0 -- console=hvc0 cryptomgr.notests earlyprintk=xen xen_legacy_crash xenolith.init=test
build/linux/initramfs.cpio initrd'
EXPECT='d1 \(linux\): 256 MiB, 1 vCPU
\(linux\) \[ *0\.0+\] Linux version 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) .*Hypervisor detected: Xen HVM
\(linux\) .*ACPI: RSDP 0x0+E0000 000024 \(v02 XNLITH\)
\(linux\) .*smpboot: Allowing 1 CPUs, 0 hotplug CPUs
\(linux\) .*installing Xen timer for CPU 0
\(linux\) .*XENOLITH-LINUX-UP
\(linux\) uname-r: 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) nproc: 1
\(linux\) +0: +[1-9][0-9]+ +xen-percpu +-virq +timer0
\(linux\) .*XENOLITH-LINUX-DONE
d1 \(linux\): shutdown requested \(poweroff\)
d1 \(linux\): destroyed \(poweroff\); 65536 pages returned
Memory after all domains: .*\(every page returned\)
No domains left: powering off'
REJECT='Panic|LEAK|MSR 0x3b |MSR 0x17a |of MSR 0x8[0-3][0-9a-f] refused|APIC version is 0|valid RSDP was not found'
