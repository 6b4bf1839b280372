# Weights: two CPU hogs pinned to CPU 0, weight 256 ("light") and 512
# ("heavy"), each printing "hog alive N" after a fixed amount of work
# (spin=, so a line means CPU time received, not time passed). Heavy
# must get twice light's CPU within +-5%: its 80th line has to come
# after light's 38th and before light's 42nd, i.e. the ratio of their
# progress is in [80/42, 80/38] = [1.90, 2.11]. Equal weights would put
# heavy's 80th after light's 80th. CPU 1 runs nothing (affinity).
# Measured: heavy's 80th line comes when light is at 39.97 (ratio 2.00);
# with both at weight 256 this fails.
EMU=bochs
CPUS=2
CMDLINE="console=com1 loglvl=all on_last_domain=poweroff panic=poweroff"
TIMEOUT=120
EXIT=poweroff
DEPENDS='guests'
MODULES='build/guests/hog.elf domain name=light mem=2M cpus=0 weight=256 -- count=44 spin=200000
build/guests/hog.elf domain name=heavy mem=2M cpus=0 weight=512 -- count=84 spin=200000'
EXPECT='\(light\) hog alive 38$
\(heavy\) hog alive 80$
\(light\) hog alive 42$
d[0-9]+ \(light\): destroyed \(poweroff\); 512 pages returned; ran [0-9]+ ms on CPUs 0,
Memory after all domains: .*\(every page returned\)'
REJECT='Panic|LEAK|domain crash'
