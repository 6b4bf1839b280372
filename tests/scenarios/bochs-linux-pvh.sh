# PROGRESS scenario (issue 5), not yet the goal: Debian 12's stock kernel
# (make linux-images) booted as a PVH domU. It asserts only what works
# today: the PVH entry, Linux's early console (port 0xE9 via earlyprintk=
# xen), Xen detection, and that the end is seen by the hypervisor as a
# SCHEDOP_shutdown(crash) from Linux's panic path (xen_legacy_crash makes
# the panic notifier call it at once; without it Linux spins in panic()).
# Where and why Linux stops is in docs/linux-pvh-bringup.md (today: it has
# the guest ACPI tables and its x2APIC set up, reaches kernel_init and BUG()s
# in xen_setup_runstate_info, vcpu_op 5 being -ENOSYS). Tighten
# EXPECT as Linux gets further; the goal is the shell (tests/guests style
# "XENOLITH-LINUX-UP" and "poweroff -f" with xenolith.init=test).
# About 25-30 s here: GRUB loads the 66 MB vmlinux, the build copies it.
EMU=bochs
CPUS=1
MEM=512
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='linux-images'
MODULES='build/linux/vmlinux domain name=linux mem=256M vcpus=1 reboots=0 -- console=hvc0 earlyprintk=xen xen_legacy_crash xenolith.init=test
build/linux/initramfs.cpio initrd'
EXPECT='d1 \(linux\): 256 MiB, 1 vCPU
\(linux\) \[ *0\.0+\] Linux version 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) .*Command line: console=hvc0 earlyprintk=xen
\(linux\) .*BIOS-e820: \[mem 0x0+e0000-0x0+e0fff\] ACPI data
\(linux\) .*Hypervisor detected: Xen HVM
\(linux\) .*RAMDISK: \[mem 0x[0-9a-f]+-0x0*fffffff\]
\(linux\) .*ACPI: RSDP 0x0+E0000 000024 \(v02 XNLITH\)
\(linux\) .*ACPI: FACP 0x0+E0070 000114 \(v06 XNLITH
\(linux\) .*ACPI: APIC 0x0+E01C0 000034 \(v05 XNLITH
\(linux\) .*Setting APIC routing to cluster x2apic
\(linux\) .*ACPI: Using ACPI for processor \(LAPIC\) configuration information
\(linux\) .*smpboot: Allowing 1 CPUs, 0 hotplug CPUs
\(linux\) .*Switched APIC routing to physical x2apic
\(linux\) .*Mount-cache hash table entries
\(linux\) .*Kernel panic - not syncing
d1 \(linux\): shutdown requested \(crash\)
d1 \(linux\): destroyed \(crash\); 65536 pages returned
No domains left: powering off'
REJECT='Panic|LEAK|MSR 0x3b |MSR 0x17a |of MSR 0x8[0-3][0-9a-f] refused|APIC version is 0|valid RSDP was not found'
