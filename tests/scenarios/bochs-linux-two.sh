# Two stock Debian Linux PVH domUs side by side on 2 host CPUs, each with
# its own PV console (hvc0). Ctrl-A three times moves the serial input
# focus DOM1 -> DOM2 -> Xen -> DOM1 -> DOM2; each shell gets its own
# command, and each answer must come back under that domain's name and
# nowhere else. DOM1 powers off first while DOM2 keeps answering, then
# DOM2 powers off and every page is back.
# To keep CI short the guests skip work that tests nothing here: the
# crypto self-tests (cryptomgr.notests: ~470 s of emulated time each),
# PTI and the W+X page-table walks (mitigations=off rodata=off: ~160 s).
# Linux then reaches its shell after ~215 s of emulated time instead of
# ~900 s. Measured wall time: 128 s in a full `make test` (2 cores, 4.5
# min in all), 212 s on a host busy with other Bochs runs (load 5);
# without those three options 392 s. GRUB loading the 66 MB vmlinux
# twice is ~20-45 s of it.
EMU=bochs
CPUS=2
MEM=512
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=600
EXIT=poweroff
DEPENDS='linux-images'
GUEST='vcpus=1 reboots=0 -- console=hvc0 quiet cryptomgr.notests mitigations=off rodata=off xen_legacy_crash'
MODULES="build/linux/vmlinux domain name=linux1 mem=128M $GUEST
build/linux/initramfs.cpio initrd
build/linux/vmlinux domain name=linux2 mem=128M $GUEST
build/linux/initramfs.cpio initrd"
SWITCH="$(printf '\001\001\001')"
SERIAL_INPUT="${SWITCH}$(printf 'echo one-$((6*7))\r')${SWITCH}$(printf 'echo two-$((7*8))\r')${SWITCH}${SWITCH}$(printf 'poweroff -f\r')${SWITCH}$(printf 'echo two-$((9*9))\rpoweroff -f\r')"
# Python regex: both shells are up.
SERIAL_INPUT_AFTER='(?s)XENOLITH-LINUX-UP.*XENOLITH-LINUX-UP'
EXPECT='d1 \(linux1\): 128 MiB, 1 vCPU
d2 \(linux2\): 128 MiB, 1 vCPU
\*\*\* Serial input to DOM1
\(linux1\) one-42
\*\*\* Serial input to DOM2
\(linux2\) two-56
\*\*\* Serial input to Xen
\*\*\* Serial input to DOM1
d1 \(linux1\): shutdown requested \(poweroff\)
d1 \(linux1\): destroyed \(poweroff\); 32768 pages returned
\*\*\* Serial input to DOM2
\(linux2\) two-81
d2 \(linux2\): shutdown requested \(poweroff\)
d2 \(linux2\): destroyed \(poweroff\); 32768 pages returned
Memory after all domains: .*\(every page returned\)
No domains left: powering off'
# An answer under the other domain's name, or with no name at all, fails.
REJECT='Panic|LEAK|\(linux2\).*one-42|\(linux1\).*two-(56|81)|(^|\] )(one-42|two-56|two-81)'
