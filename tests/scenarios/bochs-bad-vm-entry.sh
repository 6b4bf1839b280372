# A VM entry that fails the guest-state checks (test hook: CS with L and D
# set) is decoded — exit reason 33, which check failed — and crashes only
# that domain; the next domain runs normally.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff vmx_selftest_bad_entry"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hello.elf domain name=broken -- name=broken
build/guests/hello.elf domain name=fine -- name=fine'
EXPECT='selftest: giving d1v0 an invalid CS \(L and D set\)
d1 \(broken\): domain crash: d1v0: VM entry failed: invalid guest state \(exit reason 33\): a guest-state field is invalid
\(fine\) Hello from fine
\(fine\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|\(broken\) Hello'
