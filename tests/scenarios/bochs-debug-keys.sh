# Debug keys typed on the real serial line (COM1 as a TCP link, see
# tools/serial-feeder.py) while two counter guests run on 2 CPUs: once
# c1 has printed its first tick the keys h d e r m c x are typed; each must
# produce its dump, naming the running domains, before the guests end.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=240
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/counter.elf domain name=c1 -- count=150
build/guests/counter.elf domain name=c2 -- count=150'
SERIAL_INPUT='hdermcx'
SERIAL_INPUT_AFTER='\(c1\) tick 1\n'
EXPECT="'h' pressed -> showing the list of debug keys
 'c' dumping console
 'd' dumping domain info
 'e' dumping VM-exit counts
 'h' showing the list
 'm' dumping memory
 'r' dumping run queues
'd' pressed -> dumping domain info \\(now = [0-9]+\\.[0-9]{6} s\\)
  2 domains
  d[0-9]+ \\(c[12]\\): running, [0-9]+/[0-9]+ pages, 1 vCPU
    d[0-9]+v0: (running|runnable|blocked) on CPU[01], ran [1-9][0-9]* us, runs [1-9]
  d[0-9]+ \\(c[12]\\): running
    d[0-9]+v0: 
'e' pressed -> dumping VM-exit counts by reason
  d[0-9]+ \\(c[12]\\):
  d[0-9]+ exit +18 VMCALL +[1-9]
'r' pressed -> dumping run queues
sched: 2 CPUs
CPU0: 
CPU1: 
'm' pressed -> dumping memory statistics
  page allocator: [0-9]+ pages managed, [0-9]+ free
  xmalloc: [0-9]+ pages kept by size classes, [0-9]+ objects live
  page allocator audit: ok
'c' pressed -> dumping console and debug-key statistics
  console: [0-9]+ bytes logged; keys received [56], dropped 0
'x' pressed -> no handler; press 'h' for help
\\(c[12]\\) tick 150$
Memory after all domains: .*\\(every page returned\\)"
REJECT='Panic|LEAK|domain crash|FAILED'
