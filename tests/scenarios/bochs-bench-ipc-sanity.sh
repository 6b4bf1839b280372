# make bench's two-domain figures once, as a test (tests/bench.sh, mode=ipc):
# domain 1 grants a page to domain 2 and offers an event channel in it;
# they time send -> upcall in the other domain both ways, the round trip,
# and domain 2 grant map+unmap round trips of domain 1's grant.
# The guests check that every figure is above 0 and not below the floor
# (one floor per hypercall) and say FAILURE otherwise. One CPU, both
# domains on it, as in make bench. Should domain 2 fail, domain 1 stays
# halted waiting for it: TIMEOUT then ends the run (it takes ~5 s).
EMU=bochs
CPUS=1
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff bench_floor"
TIMEOUT=60
EXIT=poweroff
DEPENDS='build/guests/bench.elf'
MODULES='build/guests/bench.elf domain name=eb cpus=0 -- mode=ipc role=recv peer=2 n=50
build/guests/bench.elf domain name=ea cpus=0 -- mode=ipc role=send peer=1 n=50'
EXPECT='\(eb\) bench: evtchn send->upcall min [1-9][0-9]* median [1-9][0-9]* floor [1-9][0-9]* \(50 sends\)$
\(ea\) bench: evtchn reply->upcall min [1-9][0-9]* median [1-9][0-9]* floor [1-9][0-9]* \(50 sends\)$
\(ea\) bench: evtchn round trip min [1-9][0-9]* median [1-9][0-9]* floor [1-9][0-9]* \(50 round trips\)$
\(ea\) bench: grant map\+unmap min [1-9][0-9]* median [1-9][0-9]* map [1-9][0-9]* unmap [1-9][0-9]* floor [1-9][0-9]* \(50 round trips\)$
\(e[ab]\) Test result: SUCCESS$
\(e[ab]\) Test result: SUCCESS$
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash|Test result: (FAILURE|ERROR)'
