# Affinity: two CPU hogs pinned with cpus=1 on a 2-CPU machine share CPU 1
# and never run on CPU 0, even though CPU 0 is idle and would steal one
# of them if affinity allowed it. A third hog with cpus=all is the
# control: it gets CPU 0. Each domain's "destroyed" line lists the CPUs
# its vCPUs ever ran on (vcpu->ran_on, set by xen/schedule.c). Checked:
# with cpus=all for pin1/pin2 the balancer puts one on CPU 0 and this
# fails.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=pin1 mem=2M cpus=1 -- count=6 spin=200000
build/guests/hog.elf domain name=pin2 mem=2M cpus=1 -- count=6 spin=200000
build/guests/hog.elf domain name=free mem=2M cpus=all -- count=6 spin=200000'
EXPECT='\(free\) hog alive 6$
d[0-9]+ \(free\): destroyed \(poweroff\); 512 pages returned; ran [0-9]+ ms on CPUs 0,
\(pin[12]\) hog alive 6$
d[0-9]+ \(pin[12]\): destroyed \(poweroff\); 512 pages returned; ran [0-9]+ ms on CPUs 1,
d[0-9]+ \(pin[12]\): destroyed \(poweroff\); 512 pages returned; ran [0-9]+ ms on CPUs 1,
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash|\(pin[12]\): destroyed .* on CPUs [^1]'
