#!/bin/sh
# make bench: deterministic figures from Bochs (clock sync=none, so one TSC
# tick is one emulated instruction); docs/performance.md explains them.
# Each configuration boots twice; the two runs must agree exactly, or the
# figures are not worth printing. Four tables:
#  1. boot cost per phase, beside one 64-character console line;
#  2. VMX core round trips (tests/guests/bench), beside the floor VMCALL
#     (hypervisor option bench_floor) measured in the same run;
#  3. two domains talking (bench mode=ipc): event-channel send -> upcall
#     and grant map+unmap, beside the floor measured in the same run;
#  4. Debian's Linux booted natively and as a Xenolith domU, from the
#     kernel's first instruction to the init marker (tests/bench-linux.sh).
set -eu

cd "$(dirname "$0")/.."
out=build/bench
mkdir -p "$out"
make -s all build/guests/bench.elf
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

# ---- VMX core round trips ------------------------------------------------
# One CPU: on SMP Bochs RDTSC advances in steps of several instructions,
# and a single CPU keeps the yield pair apart from the exit loops.
n=1000
base="console=com1 loglvl=info on_last_domain=poweroff panic=poweroff bench_floor"
sh tools/mkiso.sh build/xenolith.elf "$out/exits.iso" "$base" \
    build/guests/bench.elf "domain name=bench mem=16M -- mode=exits n=$n"
sh tools/mkiso.sh build/xenolith.elf "$out/yield.iso" "$base" \
    build/guests/bench.elf "domain name=ya cpus=0 -- mode=yield n=$n" \
    build/guests/bench.elf "domain name=yb cpus=0 -- mode=yield n=$n"

# vmx <config> <run>: the run's bench lines (and the build-start line).
vmx() {
    serial="$out/serial-$1-$2.txt"
    rm -f "$serial"
    sh tools/run-bochs.sh "$out/$1.iso" --cpus 1 --serial "$serial" \
        --log "$out/bochs-$1-$2.log" --workdir "$out" --timeout 180 >/dev/null 2>&1 || true
    lines=$(tr -d '\r' < "$serial" 2>/dev/null |
            grep -aE 'building domain at TSC|\) bench: |\) Test result: ' | sed 's/^.*\] //' || true)
    echo "$lines" | grep -q 'bench: ' && ! echo "$lines" | grep -qv -e 'bench: ' \
        -e 'building domain' -e 'Test result: SUCCESS' || {
        echo "bench: $1 run $2 failed; serial tail:" >&2; tail -20 "$serial" >&2 2>/dev/null; exit 1; }
    echo "$lines"
}

# word <lines> <pattern> <key>: the number after "key" on the line matching pattern.
word() {
    echo "$1" | grep -a -- "$2" | head -1 | awk -v k="$3" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'
}

ex_a=$(vmx exits a); ex_b=$(vmx exits b)
y_a=$(vmx yield a); y_b=$(vmx yield b)
[ "$ex_a" = "$ex_b" ] && [ "$y_a" = "$y_b" ] || {
    echo "bench: runs of the same image differ; figures are not deterministic" >&2
    printf '%s\n--\n%s\n--\n%s\n--\n%s\n' "$ex_a" "$ex_b" "$y_a" "$y_b" >&2; exit 1; }

floor=$(word "$ex_a" 'bench: median' floor)
yfloor=$(word "$y_a" '(ya) bench: yield' floor)
ymed=$(word "$y_a" '(ya) bench: yield' median)
built=$(word "$ex_a" 'building domain' TSC)
entered=$(word "$ex_a" 'bench: entry_tsc' entry_tsc)

row() {     # row <name> <ticks> <floor> <what>
    printf '%-18s %10s %6s %10s   %s\n' "$1" "$2" "$3" \
        "$(echo "$2 $3" | awk '{ printf "%.2fx", $1 / $2 }')" "$4"
}
printf '\nVMX core round trips in Bochs (1 CPU, same settings), median of %s, TSC ticks\n' "$n"
printf 'Each figure repeated exactly in a second run; floor = bench_floor VMCALL in the same run.\n\n'
printf '%-18s %10s %6s %10s\n' name ticks floor ratio
row floor "$floor" "$floor" "VMCALL answered before the exit table"
for f in null_hypercall enosys_hypercall cpuid io; do
    case $f in
    null_hypercall) what="console_io(CONSOLEIO_write, 0 bytes) -> 0" ;;
    enosys_hypercall) what="hypercall 60 -> -ENOSYS (dispatcher only)" ;;
    cpuid) what="CPUID leaf 0" ;;
    io) what="OUTB to port 0x80" ;;
    esac
    row "$f" "$(word "$ex_a" 'bench: median' "$f")" "$floor" "$what"
done
row vcpu_switch "$((ymed / 2))" "$yfloor" "SCHEDOP_yield between 2 domains on CPU 0 (round trip $ymed / 2)"
row domain_create "$((entered - built))" "$floor" "16 MiB domain: build start -> first guest instruction"

# ---- Event channels and grants between two domains ----------------------
# One CPU, both domains on it, as above: B (module 0, domain 1) waits
# halted; A's send can only reach it by giving up the CPU, which is what
# an I/O ring's frontend does. Lines and method: tests/guests/bench/ipc.c.
sh tools/mkiso.sh build/xenolith.elf "$out/ipc.iso" "$base" \
    build/guests/bench.elf "domain name=eb cpus=0 -- mode=ipc role=recv peer=2 n=$n" \
    build/guests/bench.elf "domain name=ea cpus=0 -- mode=ipc role=send peer=1 n=$n"
ipc_a=$(vmx ipc a); ipc_b=$(vmx ipc b)
[ "$ipc_a" = "$ipc_b" ] || {
    echo "bench: runs of the same image differ; figures are not deterministic" >&2
    printf '%s\n--\n%s\n' "$ipc_a" "$ipc_b" >&2; exit 1; }

ev() { word "$ipc_a" 'bench: evtchn send->upcall' "$1"; }
bk() { word "$ipc_a" 'bench: evtchn reply->upcall' "$1"; }
rt() { word "$ipc_a" 'bench: evtchn round trip' "$1"; }
gr() { word "$ipc_a" 'bench: grant map+unmap' "$1"; }
printf '\nTwo domains on 1 CPU (same settings), median of %s (min beside it), TSC ticks\n' "$n"
printf 'Each figure repeated exactly in a second run; floor = bench_floor VMCALL in the same run.\n\n'
printf '%-18s %10s %6s %10s %8s\n' name ticks floor ratio min
ipc_row() {     # ipc_row <name> <ticks> <floor> <min> <what>
    printf '%-18s %10s %6s %10s %8s   %s\n' "$1" "$2" "$3" \
        "$(echo "$2 $3" | awk '{ printf "%.2fx", $1 / $2 }')" "$4" "$5"
}
ipc_row evtchn_upcall "$(ev median)" "$(ev floor)" "$(ev min)" \
    "A: EVTCHNOP_send -> B's upcall handler (B halted; B preempts A)"
ipc_row evtchn_reply "$(bk median)" "$(bk floor)" "$(bk min)" \
    "B: EVTCHNOP_send, HLT -> A's upcall handler (B runs on to HLT)"
ipc_row evtchn_roundtrip "$(rt median)" "$(rt floor)" "$(rt min)" "A -> B -> A, as A sees it"
ipc_row grant_map_unmap "$(gr median)" "$(gr floor)" "$(gr min)" \
    "A: GNTTABOP_map_grant_ref (host_map) + unmap_grant_ref of B's ref"
ipc_row grant_map "$(gr map)" "$(gr floor)" "" "  of which map_grant_ref"
ipc_row grant_unmap "$(gr unmap)" "$(gr floor)" "" "  of which unmap_grant_ref"

# ---- Linux boot, native vs Xenolith (tests/bench-linux.sh) ---------------
sh tests/bench-linux.sh
