# make bench's guests once, as a test: the floor VMCALL (hypervisor option
# bench_floor) is answered, every exit figure is above 0 and not below the
# floor (the bench guest checks that itself and says FAILURE otherwise),
# and two guests pinned to CPU 0 yield to each other. Figures: tests/bench.sh.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff bench_floor"
TIMEOUT=180
EXIT=poweroff
DEPENDS='build/guests/bench.elf'
MODULES='build/guests/bench.elf domain name=ya cpus=0 -- mode=yield n=200
build/guests/bench.elf domain name=yb cpus=0 -- mode=yield n=200
build/guests/bench.elf domain name=ex cpus=1 -- mode=exits n=200'
EXPECT='module 2 \(ex\): building domain at TSC [0-9]+$
\(ex\) bench: entry_tsc [1-9][0-9]*$
\(ex\) bench: min floor [1-9][0-9]* null_hypercall [1-9][0-9]* enosys_hypercall [1-9][0-9]* cpuid [1-9][0-9]* io [1-9][0-9]*$
\(ex\) bench: median floor [1-9][0-9]* null_hypercall [1-9][0-9]* enosys_hypercall [1-9][0-9]* cpuid [1-9][0-9]* io [1-9][0-9]*$
\(ex\) Test result: SUCCESS$
\(y[ab]\) bench: yield min [1-9][0-9]* median [1-9][0-9]* floor [1-9][0-9]* \(200 round trips\)$
\(y[ab]\) Test result: SUCCESS$
\(y[ab]\) bench: yield min [1-9][0-9]* median [1-9][0-9]* floor [1-9][0-9]* \(200 round trips\)$
\(y[ab]\) Test result: SUCCESS$
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash|Test result: (FAILURE|ERROR)'
