# The same Debian kernel as bochs-linux-pvh, given as its bzImage (Debian's
# /boot/vmlinuz: XZ payload, x86 BCJ + LZMA2, CRC32) instead of the
# extracted vmlinux: Xenolith finds the payload through the boot protocol
# header, decompresses it into a heap buffer (xen/xz.c) and loads the ELF
# inside as for the vmlinux module, then frees the buffer. The log states
# the decompression's cost in TSC ticks (= instructions: clock sync=none).
# Same markers as bochs-linux-pvh. Wall time: 223 s on the shared 2-core
# machine beside other jobs (141 s of Bochs CPU; bochs-linux-pvh, same run
# conditions: 177 s, 109 s CPU): 6.8 G instructions, of which 3.07 G are the
# decompression, then the same Linux boot as bochs-linux-pvh; GRUB loads an
# 8 MB module instead of 66 MB (0.6 G instructions less).
EMU=bochs
CPUS=1
MEM=512
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=480
EXIT=poweroff
DEPENDS='linux-images'
MODULES='build/linux/bzImage domain name=linux mem=256M vcpus=1 reboots=0 -- console=hvc0 earlyprintk=xen xen_legacy_crash cryptomgr.notests xenolith.init=test
build/linux/initramfs.cpio initrd'
EXPECT='module 0 \(linux\): bzImage \(boot protocol 2\.[0-9]+\): XZ payload [0-9]+ -> [0-9]+ bytes in [0-9]+ TSC ticks
d1 \(linux\): 256 MiB, 1 vCPU
\(linux\) \[ *0\.0+\] Linux version 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) .*Hypervisor detected: Xen HVM
\(linux\) .*XENOLITH-LINUX-UP
\(linux\) uname-r: 6\.1\.[0-9]+-[0-9]+-amd64
\(linux\) nproc: 1
\(linux\) +0: +[1-9][0-9]+ +xen-percpu +-virq +timer0
\(linux\) .*XENOLITH-LINUX-DONE
d1 \(linux\): shutdown requested \(poweroff\)
d1 \(linux\): destroyed \(poweroff\); 65536 pages returned
Memory after all domains: .*\(every page returned\)
No domains left: powering off'
REJECT='Panic|LEAK|bzImage: |valid RSDP was not found'
