#!/bin/sh
# make bench, part 2: Debian's Linux kernel and the same busybox initramfs
# booted natively in Bochs (GRUB's Linux loader, the bzImage) and as a
# Xenolith PVH domU (the vmlinux inside that bzImage), each counted in TSC
# ticks from the kernel's own first instruction to the init marker, so
# firmware, GRUB and the XZ decompression are left out of both sides.
#
#  * Native first instruction: startup_64 at 0x1000000, caught with a Bochs
#    debugger breakpoint. GRUB loads the bzImage's protected-mode code at
#    that same address, so the first hit is the decompressor and the second
#    the kernel; "ptime" prints the tick count at each hit.
#  * Xenolith first instruction: the hypervisor's TSC just before the first
#    VM entry of the domain (printed when the domain ends).
#  * Init marker: tests/linux/tsc-marker.c, run by the initramfs /init with
#    xenolith.init=bench, reads the TSC as its first instruction. Natively a
#    second breakpoint, on the instruction after that RDTSC, must see the
#    RDTSC value + 1: RDTSC and the debugger count the same ticks. (Not on
#    the RDTSC itself: its first fetch takes the demand-paging fault, and
#    the breakpoint fires before the kernel's thousands of instructions.)
#
# Bochs runs at ips=3500000000, the TSC rate the CPU model announces in
# CPUID 0x15/0x16: the kernel's idea of a second (timer ticks, timeouts,
# UART speed) then means the same number of instructions natively and under
# Xenolith. With the default 4M ips Linux natively believes CPUID (3.5 GHz)
# while the hypervisor measures 4 MHz, and the domU would take a timer
# interrupt every 16,000 instructions. docs/performance.md has the figures.
set -eu

cd "$(dirname "$0")/.."
out=build/bench/linux
ips=3500000000
marker_addr=0x10001000      # the marker's _start (RDTSC), linked there by build_marker
after_rdtsc=0x10001002      # the next instruction
kernel_paddr=0x1000000      # startup_64 of Debian's vmlinux (its ELF entry)
target=1.10
mkdir -p "$out"

die() { echo "bench-linux: $*" >&2; exit 1; }

# The marker program as a second cpio archive after the stock initramfs
# (the kernel unpacks concatenated archives in order).
build_marker() {
    rm -rf "$out/root"
    mkdir -p "$out/root/bin"
    gcc -O2 -Wall -Wextra -Werror -static -nostdlib -ffreestanding -fno-pie -no-pie \
        -fno-stack-protector -fcf-protection=none -Wl,-Ttext-segment=0x10000000 \
        -o "$out/root/bin/xenolith-tsc" tests/linux/tsc-marker.c
    entry=$(readelf -h "$out/root/bin/xenolith-tsc" | awk '/Entry point/ { print $4 }')
    [ "$entry" = "$marker_addr" ] || die "marker entry is $entry, expected $marker_addr"
    objdump -d --start-address="$marker_addr" --stop-address="$after_rdtsc" \
        "$out/root/bin/xenolith-tsc" | grep -q 'rdtsc' || die "the marker does not start with RDTSC"
    (cd "$out/root" && find bin | cpio -o -H newc --quiet) > "$out/marker.cpio"
    cat build/linux/initramfs.cpio "$out/marker.cpio" > "$out/initramfs-bench.cpio"
}

build_isos() {
    args="quiet nokaslr xenolith.init=bench"
    sh tools/mkiso.sh --linux build/linux/bzImage "$out/native.iso" "console=ttyS0 $args" \
        "$out/initramfs-bench.cpio" ""
    sh tools/mkiso.sh build/xenolith.elf "$out/xen.iso" \
        "console=com1 loglvl=info on_last_domain=poweroff panic=poweroff" \
        build/linux/vmlinux "domain name=linux mem=256M vcpus=1 -- console=hvc0 $args" \
        "$out/initramfs-bench.cpio" "initrd"
    printf '%s\n' "pb $kernel_paddr" continue ptime continue ptime "d 1" \
        "lb $after_rdtsc" continue ptime "d 2" continue quit > "$out/native-dbg.rc"
}

# run <side> <run>: boots one side; its serial and debugger output stay in $out.
run() {
    case $1 in
    native) set -- "$1" "$2" "$out/native.iso" --megs 256 --ignore-bad-msrs \
                --debugger-script "$out/native-dbg.rc" ;;
    xen)    set -- "$1" "$2" "$out/xen.iso" --megs 512 ;;
    esac
    side=$1 n=$2; shift 2
    sh tools/run-bochs.sh "$@" --cpus 1 --ips "$ips" --serial "$out/serial-$side-$n.txt" \
        --log "$out/bochs-$side-$n.log" --workdir "$out/w-$side-$n" --timeout 1800 \
        > "$out/stdout-$side-$n.txt" 2>&1 || true
}

# fail <side> <run> <why>: says why with the serial tail and Bochs errors.
fail() {
    echo "bench-linux: $1 run $2: $3; serial tail:" >&2
    tail -15 "$out/serial-$1-$2.txt" >&2 2>/dev/null || true
    grep -aE 'VMENTER FAIL|VMFAIL|VMABORT|PANIC|exiting with' "$out/bochs-$1-$2.log" >&2 2>/dev/null || true
    grep -a -A1 'exiting with' "$out/stdout-$1-$2.txt" >&2 2>/dev/null || true
    exit 1
}

marker_tsc() {
    tr -d '\r' < "$out/serial-$1-$2.txt" 2>/dev/null |
        sed -n 's/.*XENOLITH-INIT-TSC \([0-9][0-9]*\)$/\1/p' | head -n 1
}

# native_ticks <run>: "<kernel entry> <marker> <decompression>" from one run.
native_ticks() {
    n=$1
    set -- $(sed -n 's/^ptime: \([0-9][0-9]*\).*/\1/p' "$out/stdout-native-$n.txt")
    [ $# -eq 3 ] || fail native "$n" "expected 3 debugger tick counts, got $#"
    decomp=$1 entry=$2 at_marker=$3
    [ $((entry - decomp)) -gt 1000000000 ] ||
        fail native "$n" "second hit at $kernel_paddr only $((entry - decomp)) ticks after the first: not the kernel"
    m=$(marker_tsc native "$n")
    [ -n "$m" ] || fail native "$n" "no XENOLITH-INIT-TSC line"
    [ $((at_marker - m)) -eq 1 ] ||
        fail native "$n" "RDTSC read $m but the debugger counted $at_marker one instruction later"
    echo "$entry $m $((entry - decomp))"
}

# xen_ticks <run>: "<first VM entry> <marker>".
xen_ticks() {
    f="$out/serial-xen-$1.txt"
    entry=$(tr -d '\r' < "$f" 2>/dev/null | sed -n 's/.*(linux): vCPU0 entered the guest first at TSC \([0-9]*\)$/\1/p')
    m=$(marker_tsc xen "$1")
    [ -n "$entry" ] && [ -n "$m" ] || fail xen "$1" "no first-entry or init-marker TSC line"
    echo "$entry $m"
}

make -s all linux-images >/dev/null
build_marker
build_isos
echo "Linux boot: 2 native and 2 Xenolith runs in Bochs at ips=$ips (several minutes)..." >&2
run native a & run native b & wait
run xen a & run xen b & wait

na=$(native_ticks a); nb=$(native_ticks b)
xa=$(xen_ticks a); xb=$(xen_ticks b)
[ "$na" = "$nb" ] && [ "$xa" = "$xb" ] || {
    echo "bench-linux: runs of the same image differ; figures are not deterministic" >&2
    printf 'native: %s | %s\nxen:    %s | %s\n' "$na" "$nb" "$xa" "$xb" >&2; exit 1; }

set -- $na; native=$(($2 - $1)) decomp=$3
set -- $xa; xen=$(($2 - $1))
ratio=$(echo "$xen $native" | awk '{ printf "%.3f", $1 / $2 }')
verdict=$(echo "$ratio $target" | awk '{ print ($1 <= $2) ? "met" : "MISSED" }')
printf '\nLinux %s boot in Bochs (1 CPU, ips=%s, clock sync=none), TSC ticks\n' \
    "$(cat build/linux/version)" "$ips"
printf 'from the kernel'"'"'s first instruction to the init marker; each repeated exactly in a second run.\n\n'
printf '%-34s %14s\n' side ticks
printf '%-34s %14s\n' "native (GRUB, bzImage, startup_64)" "$native"
printf '%-34s %14s\n' "Xenolith PVH domU (pvh entry)" "$xen"
printf '%-34s %14s   target <= %s: %s\n' "ratio Xenolith / native" "${ratio}x" "$target" "$verdict"
printf '%-34s %14s   (not counted above)\n' "native XZ decompression" "$decomp"
