# Hypercalls with wild pointers return -EFAULT; unknown numbers -ENOSYS.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/wildptr.elf domain name=wildptr'
EXPECT='console_io\(wild buffer\) -> -14 as expected
console_io\(buffer crossing the end of RAM\) -> -14 as expected
hypercall 60 -> -38 as expected
\(wildptr\) Test result: SUCCESS'
REJECT='Panic|LEAK'
