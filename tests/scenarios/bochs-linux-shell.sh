# A person at the serial console uses the stock Linux domU's shell: Ctrl-A
# three times gives the domain the input focus (as in Xen), then the test
# types commands into hvc0; the shell's own output (an arithmetic result it
# computed, uname -r) comes back, and "poweroff -f" ends the domain.
# cryptomgr.notests skips Linux's crypto self-tests, ~60% of its boot in Bochs
# (docs/linux-pvh-bringup.md): without it a loaded CI host hits TIMEOUT.
EMU=bochs
CPUS=1
MEM=512
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=400
EXIT=poweroff
DEPENDS='linux-images'
MODULES='build/linux/vmlinux domain name=linux mem=256M vcpus=1 reboots=0 -- console=hvc0 cryptomgr.notests quiet xen_legacy_crash
build/linux/initramfs.cpio initrd'
SERIAL_INPUT="$(printf '\001\001\001echo SHELL-$((6*7))\runame -r\rpoweroff -f\r')"
SERIAL_INPUT_AFTER='XENOLITH-LINUX-UP'
EXPECT='\(linux\) XENOLITH-LINUX-UP
\*\*\* Serial input to DOM1
\(linux\) SHELL-42
\(linux\) 6\.1\.[0-9]+-[0-9]+-amd64
d1 \(linux\): shutdown requested \(poweroff\)
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK'
