#!/bin/sh
# Boot each test guest directly in QEMU, without the hypervisor (make
# guests-smoke). QEMU's -kernel boots a PVH ELF through its Xen note; the
# guests run with "xen=0", so the runtime prints through port 0xE9
# (-debugcon) and shuts down through isa-debug-exit, whose exit status is
# (reason << 1) | 1. This checks the runtime's entry, long-mode switch,
# start-info parsing, printf, IDT and exit paths; hypercalls need Xenolith
# (vmcall raises #UD here, which the wildptr case uses to test the IDT).
# Prints PASS/FAIL per case and exits 1 if any failed.
set -u
OUT=${OUT:-build/guests/smoke}
mkdir -p "$OUT"
failed=0

# run <case> <rc> <guest> <cmdline> <expected lines, one ERE per line> [qemu args...]
run() {
    case=$1 want_rc=$2 guest=$3 cmdline=$4 expect=$5
    shift 5
    log=$OUT/$case.txt
    : > "$log"
    timeout 30 qemu-system-x86_64 -machine pc -m 16 -display none -serial none \
        -monitor none -no-reboot -kernel "build/guests/$guest.elf" \
        -append "$cmdline" -debugcon "file:$log" \
        -device isa-debug-exit,iobase=0xf4,iosize=4 "$@" >"$OUT/$case.qemu" 2>&1
    rc=$?
    why=''
    [ "$rc" = "$want_rc" ] || why="exit status $rc, expected $want_rc"
    while IFS= read -r pat; do
        grep -Eq -e "$pat" "$log" || why="$why${why:+; }no line matching '$pat'"
    done <<EXPECT
$expect
EXPECT
    [ "$(grep -c '^Test result:' "$log")" -le 1 ] || why="$why; more than one result line"
    if [ -z "$why" ]; then
        echo "PASS guests-smoke/$case"
    else
        echo "FAIL guests-smoke/$case: $why (log: $log)"
        failed=1
    fi
}

# Poweroff = status 1, reboot = 3, crash = 7; a triple fault resets QEMU,
# which -no-reboot turns into status 0.
run hello 1 hello "name=h1 xen=0" '^Guest h1: hello
^Hello from h1$
^Test result: SUCCESS$'
run hello-reboot 3 hello "name=h2 xen=0 exit=reboot" '^Hello from h2$'
run hello-crash 7 hello "name=h3 xen=0 exit=crash" '^Hello from h3$'
run hello-bad-exit 1 hello "xen=0 exit=bogus" '^Hello from guest$
^Test result: ERROR: bad exit=bogus'
run counter 1 counter "xen=0 count=3 delay=1000" '^tick 1$
^tick 3$
^Test result: SUCCESS$'
run hog 1 hog "xen=0 count=2 every=1000" '^hog alive 2$
^Test result: SUCCESS$'
run periodic 1 periodic "xen=0 periods=20 maxmiss=20" '^periodic: 20 periods, [0-9]+ missed$
^Test result: SUCCESS$'
run reboot 3 reboot "xen=0" '^reboot guest starting$
^Test result: SUCCESS$'
run triplefault 0 triplefault "xen=0" '^triplefault: loading an empty IDT'
# No EPT here: the write lands nowhere and the guest reports it went on.
run badgpa 1 badgpa "xen=0" '^badgpa: writing to GPA 0x40000000$
^Test result: FAILURE: write to GPA 0x40000000 returned$'
# vmcall without VT-x raises #UD: the default handler must report it.
run wildptr-ud 7 wildptr "xen=0" '^wildptr: RAM ends at 0x(f[0-9a-f]{5}|1000000)$
^Test result: ERROR: unexpected exception #6 '

# TCG ignores unknown MSRs and lacks x2APIC: these two need KVM.
if [ -w /dev/kvm ]; then
    run badmsr-kvm 1 badmsr "xen=0" '^badmsr: #GP caught for MSR 0x1234$
^Test result: SUCCESS$' -enable-kvm -cpu qemu64
    run smp-kvm 1 smp "xen=0" '^vcpu1 up$
^Test result: SUCCESS$' -enable-kvm -cpu qemu64,+x2apic -smp 2
    run smp-1cpu-kvm 1 smp "xen=0 timeout=10000000" \
        '^Test result: FAILURE: vcpu1 did not come up' -enable-kvm -cpu qemu64,+x2apic
fi

# The real-mode guest is also a boot sector; it ends in cli; hlt (timeout).
log=$OUT/realmode.txt
: > "$log"
timeout 5 qemu-system-x86_64 -drive file=build/guests/realmode.bin,format=raw \
    -display none -serial none -monitor none -debugcon "file:$log" >/dev/null 2>&1
if grep -q '^real mode hello$' "$log" && grep -q '^Test result: SUCCESS$' "$log"; then
    echo "PASS guests-smoke/realmode"
else
    echo "FAIL guests-smoke/realmode (log: $log)"
    failed=1
fi
exit $failed
