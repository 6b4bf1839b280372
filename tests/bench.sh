#!/bin/sh
# make bench: deterministic boot-cost figures from Bochs (clock sync=none, so
# one TSC tick is one emulated instruction). Each configuration boots twice;
# the two runs must agree exactly, or the figures are not worth printing.
# The floor beside them is one 64-character console line, measured in the
# same run by the hypervisor itself.
set -eu

cd "$(dirname "$0")/.."
out=build/bench
mkdir -p "$out"
make -s all
sh tools/mkiso.sh build/xenolith.elf "$out/bench.iso" \
    "console=com1 loglvl=info on_last_domain=poweroff panic=poweroff"

# boot <cpus> <run>: prints the "Boot cost" line of that run.
boot() {
    serial="$out/serial-$1-$2.txt"
    rm -f "$serial"
    sh tools/run-bochs.sh "$out/bench.iso" --cpus "$1" --serial "$serial" \
        --log "$out/bochs-$1-$2.log" --workdir "$out" --timeout 120 >/dev/null 2>&1 || true
    line=$(tr -d '\r' < "$serial" 2>/dev/null | grep -a 'Boot cost (TSC ticks)' || true)
    [ -n "$line" ] || { echo "bench: no boot-cost line with $1 CPU(s); serial tail:" >&2;
                        tail -20 "$serial" >&2 2>/dev/null; exit 1; }
    echo "${line#*Boot cost (TSC ticks): }"
}

# field <costs> <name>: the tick count of one phase.
field() {
    echo "$1" | tr ',;' '\n\n' | sed 's/^ *//' | awk -v n="$2" '
        { v = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print v }'
}

one_a=$(boot 1 a); one_b=$(boot 1 b)
two_a=$(boot 2 a); two_b=$(boot 2 b)
[ "$one_a" = "$one_b" ] && [ "$two_a" = "$two_b" ] || {
    echo "bench: runs of the same image differ; figures are not deterministic" >&2
    printf '%s\n%s\n%s\n%s\n' "$one_a" "$one_b" "$two_a" "$two_b" >&2; exit 1; }

printf 'Boot cost in Bochs (corei7_skylake_x, ips=4M, clock sync=none): TSC ticks = instructions\n'
printf 'Each figure repeated exactly in a second run.\n\n'
printf '%-12s %12s %12s %16s\n' phase "1 CPU" "2 CPUs" "2 CPUs / floor"
floor=$(field "$two_a" "one console line")
total1=0; total2=0
for p in console memory acpi time+apic smp vmx; do
    a=$(field "$one_a" "$p"); b=$(field "$two_a" "$p")
    total1=$((total1 + a)); total2=$((total2 + b))
    printf '%-12s %12s %12s %15.1fx\n' "$p" "$a" "$b" "$(echo "$b $floor" | awk '{print $1/$2}')"
done
printf '%-12s %12s %12s %15.1fx\n' total "$total1" "$total2" "$(echo "$total2 $floor" | awk '{print $1/$2}')"
printf '%-12s %12s %12s   (one 64-char console line)\n' floor "$(field "$one_a" "one console line")" "$floor"
