# MMIO emulation (booted with mmio_testdev): the mmio guest's loads and
# stores to the test device at GPA 0xfeb00000 all behave as on hardware;
# a second guest does an "addl" there, which cannot be emulated: only that
# domain is crashed, with the instruction's bytes and RIP named. (The bad
# guest's one access comes long before the good guest's ~35 accesses end.)
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff mmio_testdev"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/mmio.elf domain name=mmio -- name=mmio
build/guests/mmio.elf domain name=mmiobad -- name=mmiobad bad=1'
EXPECT='\(mmiobad\) mmio: addl \$1 to the device \(cannot be emulated\)
d2 \(mmiobad\): domain crash: d2v0: MMIO access to guest-physical 0xfeb00000 at RIP 0x[0-9a-f]+: not a MOV/MOVZX/MOVSX to or from memory; bytes 83 0[0-7] 01
\(mmio\) mmio: [0-9]+ checks, magic XNLMMIO!, 11 writes counted
\(mmio\) Test result: SUCCESS
d1 \(mmio\): destroyed \(poweroff\)
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|\(mmio\) Test result: FAILURE|\(mmiobad\) Test result|d1 \(mmio\): domain crash'
