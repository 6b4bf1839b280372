# Grant tables v1 between two domains (xen-abi.md §4.4, §4.8): the granter
# (d1) maps its grant frame and grants pages to the mapper (d2), which
# maps, replies, unmaps, copies and checks every misuse status; the
# granter's destruction revokes the read-only mapping the mapper kept.
# Only orderings the protocol guarantees are expected across domains.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=180
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/grant.elf domain name=granter -- name=granter role=granter peer=2
build/guests/grant.elf domain name=mapper -- name=mapper role=mapper peer=1'
EXPECT='\(granter\) grant: grant frame 0 at gfn 0x[0-9a-f]+, query_size 1/32
\(mapper\) grant: mapped d1 ref 8 at gfn 0x[0-9a-f]+ \(handle 0\), pattern OK
\(granter\) grant: mapper replied; ref 8 reading\+writing, ref 9 reading
\(mapper\) grant: unmapped; own page back
\(granter\) grant: DONE copied in; ref 8 flags clear after unmap
\(granter\) Test result: SUCCESS
d1: grant: released 0 mappings of others. grants, revoked 1 of its own
\(mapper\) grant: granter gone, read-only mapping revoked, own page back
\(mapper\) Test result: SUCCESS
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash|FAILURE|ERROR'
