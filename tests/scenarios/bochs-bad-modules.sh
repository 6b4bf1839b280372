# Bad modules are named and skipped; the good one still starts: a flat
# binary passed as a PVH kernel, an unknown option, memory that does not fit.
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/realmode.bin domain name=notelf
build/guests/hello.elf domain name=typo vpcus=2
build/guests/hello.elf domain name=huge mem=3G
build/guests/hello.elf domain name=good -- name=good'
EXPECT='module 1 .*vpcus=2: unknown option
module 0 \(notelf\): not an ELF file
d[0-9] \(huge\): not enough free memory for 3072 MiB
module 2 \(huge\): domain not started
\(good\) Hello from good
\(good\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK'
