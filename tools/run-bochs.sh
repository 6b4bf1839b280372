#!/bin/sh
# Boot an ISO in Bochs, the only emulator here with VT-x (EPT, VPID,
# unrestricted guest). Writes the bochsrc per docs/testing-platform.md §4.
#
#   tools/run-bochs.sh <iso> [options]
#     --serial FILE     COM1 output file (default: this terminal, interactive)
#     --serial-input S  type the characters of S into COM1 (needs --serial):
#                       COM1 becomes a TCP link to tools/serial-feeder.py,
#                       which records the output in FILE and sends S
#     --serial-input-after RE   send S only once the output matched RE
#     --no-uart         boot with no COM1 at all (com1: enabled=0)
#     --log FILE        Bochs log (default: <iso dir>/bochs.log)
#     --workdir DIR     where bochsrc.txt and dbg.rc go (default: <iso dir>)
#     --cpus N          CPU count (default $BOCHS_CPUS or 2)
#     --megs N          RAM in MiB (default $BOCHS_MEGS or 256)
#     --cpu-model M     Bochs CPU model (default $BOCHS_CPU or corei7_skylake_x)
#     --ips N           emulated instructions per virtual second (default
#                       4000000): the rate of the PIT, HPET, LAPIC timer and
#                       UART against the TSC, which counts instructions
#     --timeout SEC     kill Bochs after SEC seconds (exit 124)
#     --stop-on-reset   stop when the guest resets the machine (exit 2)
#     --ignore-bad-msrs MSRs Bochs does not model read 0 and ignore writes
#                       (for native kernels; Xenolith wants the #GP)
#     --debugger-script FILE  Bochs debugger commands instead of "continue,
#                       quit", e.g. breakpoints and "ptime" to print the tick
#                       count somewhere (tests/bench-linux.sh); the output
#                       goes to this script's stdout
#
# Exit status: Bochs's own (0 = magic breakpoint, 1 = any Bochs "panic",
# including ACPI power-off and triple fault), 124 = timeout, 2 = the guest
# rebooted (--stop-on-reset only; Bochs would otherwise boot again forever).
# Interactive use: Ctrl-C breaks into the Bochs debugger, whose script then
# says "quit", so Ctrl-C ends the run.
set -eu

die() { echo "run-bochs: $*" >&2; exit 64; }

iso='' ips=4000000 dbg_script='' bad_msrs=0 serial='' serial_input='' serial_after='' feeder_port='' log='' workdir='' timeout='' stop_on_reset=0 uart=1
cpus=${BOCHS_CPUS:-2}
megs=${BOCHS_MEGS:-256}
model=${BOCHS_CPU:-corei7_skylake_x}

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
        --serial)        serial=${2:?}; shift ;;
        --serial-input)  serial_input=${2:?}; shift ;;
        --serial-input-after) serial_after=${2:?}; shift ;;
        --no-uart)       uart=0 ;;
        --log)           log=${2:?}; shift ;;
        --workdir)       workdir=${2:?}; shift ;;
        --cpus)          cpus=${2:?}; shift ;;
        --megs)          megs=${2:?}; shift ;;
        --cpu-model)     model=${2:?}; shift ;;
        --timeout)       timeout=${2:?}; shift ;;
        --stop-on-reset) stop_on_reset=1 ;;
        --ignore-bad-msrs) bad_msrs=1 ;;
        --ips)           ips=${2:?}; shift ;;
        --debugger-script) dbg_script=${2:?}; shift ;;
        -*)              die "unknown option $1" ;;
        *)               [ -z "$iso" ] || die "more than one ISO given"; iso=$1 ;;
        esac
        shift
    done
    [ -n "$iso" ] || die "usage: $0 <iso> [--serial FILE] [--no-uart] [--log FILE] [--workdir DIR] [--cpus N] [--megs N] [--cpu-model M] [--timeout SEC] [--stop-on-reset]"
    [ -f "$iso" ] || die "ISO not found: $iso"
    [ -z "$serial_input" ] || [ -n "$serial" ] || die "--serial-input needs --serial FILE"
}

# Bochs resolves relative paths against its CWD, not the bochsrc, and a
# wrong ISO path only shows up as "No bootable device": use absolute paths.
abspath() { realpath -m -- "$1"; }

# COM1: a file for tests; for interactive runs /dev/stdout, which Bochs
# flushes per byte (a pipe or terminal; a regular-file stdout would be
# overwritten by Bochs's own messages, so pass --serial FILE for that).
com1_line() {
    if [ "$uart" = 0 ]; then
        echo 'com1: enabled=0'
    elif [ -n "$feeder_port" ]; then
        echo "com1: enabled=1, mode=socket-client, dev=127.0.0.1:$feeder_port"
    elif [ -n "$serial" ]; then
        echo "com1: enabled=1, mode=file, dev=$(abspath "$serial")"
    else
        echo 'com1: enabled=1, mode=file, dev=/dev/stdout'
    fi
}

# Keys for COM1: Bochs 2.7's file mode is output only, but its
# socket-client mode both sends and receives, so the feeder listens on a
# free port and Bochs connects to it at power-on (Bochs reads one byte per
# character time into the emulated 16550's FIFO).
start_feeder() {
    rm -f "$workdir/feeder.port"
    python3 "$(dirname "$0")/serial-feeder.py" --port-file "$workdir/feeder.port" \
        --out "$serial" --input "$serial_input" ${serial_after:+--after "$serial_after"} &
    feeder_pid=$!
    for _ in $(seq 50); do
        [ -s "$workdir/feeder.port" ] && break
        sleep 0.1
    done
    feeder_port=$(cat "$workdir/feeder.port" 2>/dev/null) || die "serial feeder did not start"
}

# The feeder ends by itself when Bochs closes the link (after copying the
# last bytes); give it a moment, then make sure it is gone.
stop_feeder() {
    [ -n "${feeder_pid:-}" ] || return 0
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$feeder_pid" 2>/dev/null || break
        sleep 0.2
    done
    kill "$feeder_pid" 2>/dev/null
    wait "$feeder_pid" 2>/dev/null
    feeder_pid=''
}

# Every line here is load-bearing; see testing-platform.md §4 and §9:
# sound=dummy (else ALSA aborts Bochs), rfb timeout=0 (no "nogui" plugin;
# else rfb waits 30 s for a client), sync=none + fixed ips/time0 for
# deterministic instruction counts, no reset on triple fault (panic instead).
write_bochsrc() {
    cat <<RC
megs: $megs
cpu: model=$model, count=$cpus, ips=$ips, reset_on_triple_fault=0, ignore_bad_msrs=$bad_msrs
romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot
vgaromimage: file=/usr/share/vgabios/vgabios.bin
pci: enabled=1, chipset=i440fx
ata0-master: type=cdrom, path=$(abspath "$iso"), status=inserted
boot: cdrom
$(com1_line)
clock: sync=none, time0=946681200
speaker: enabled=0
sound: driver=dummy
magic_break: enabled=1
display_library: rfb, options="timeout=0"
log: $(abspath "$log")
panic: action=fatal
RC
}

# The debugger script is mandatory: without it the debugger prompt reads
# EOF at t=0. "continue" runs the guest; "quit" ends Bochs after a magic
# breakpoint or a Ctrl-C instead of prompting.
write_debugger_rc() {
    if [ -n "$dbg_script" ]; then
        cat "$dbg_script"
    else
        printf 'continue\nquit\n'
    fi
}

# Bochs logs "Reset(HARDWARE) called" once at power-on and once per guest
# reset; a second one means the guest rebooted.
guest_has_reset() {
    n=$(grep -c "Reset(HARDWARE) called" "$log" 2>/dev/null || true)
    [ "${n:-0}" -ge 2 ]
}

# Bochs ends at power-on when its VNC display (rfb, the only display
# library Debian's bochs runs headless) finds no free port; seen once with
# many Bochs runs on one host. Nothing ran yet, so starting again is safe.
vnc_port_busy() { grep -q "RFB could not bind any port" "$log" 2>/dev/null; }

# Test mode: run Bochs in the background under timeout(1), optionally
# watching for a reboot; forward Ctrl-C/TERM so no Bochs is left behind
# (timeout(1) puts Bochs in its own process group, out of reach of ^C).
run_bounded() {
    timeout -k 5 "${timeout:-86400}" bochs-bin -q -f "$rc" -rc "$dbg" </dev/null &
    pid=$!
    trap 'kill "$pid" ${feeder_pid:-} 2>/dev/null; exit 130' INT TERM HUP
    if [ "$stop_on_reset" = 1 ]; then
        while kill -0 "$pid" 2>/dev/null; do
            if guest_has_reset; then
                kill "$pid" 2>/dev/null; wait "$pid" || true
                stop_feeder
                echo "run-bochs: guest reset the machine; stopped" >&2
                exit 2
            fi
            sleep 0.2
        done
    fi
    status=0
    wait "$pid" || status=$?
    if [ "$status" != 0 ] && vnc_port_busy && [ -z "$serial_input" ] && [ "${retried:-0}" -lt 3 ]; then
        retried=$((${retried:-0} + 1))
        echo "run-bochs: Bochs found no free VNC port (5900-5949); starting it again" >&2
        sleep 2
        rm -f "$log"
        run_bounded
    fi
    stop_feeder
    # Bochs may stop on its own right after the reset (its BIOS can panic
    # on the second boot) before the poll above saw the log line.
    if [ "$stop_on_reset" = 1 ] && guest_has_reset; then
        echo "run-bochs: guest reset the machine; stopped" >&2
        exit 2
    fi
    exit "$status"
}

parse_args "$@"
isodir=$(dirname "$iso")
log=${log:-$isodir/bochs.log}
workdir=${workdir:-$isodir}
mkdir -p "$workdir" "$(dirname "$log")"
rc=$(abspath "$workdir/bochsrc.txt")
dbg=$(abspath "$workdir/dbg.rc")
[ -z "$serial" ] || rm -f "$serial"  # Bochs creates it on the first byte
[ -z "$serial_input" ] || start_feeder
write_bochsrc > "$rc"
write_debugger_rc > "$dbg"
rm -f "$log"

command -v bochs-bin >/dev/null 2>&1 || die "bochs-bin not found (run tools/install-deps.sh)"
if [ -n "$serial" ] || [ "$uart" = 0 ] || [ "$stop_on_reset" = 1 ]; then
    run_bounded
fi
echo "run-bochs: serial console below; Ctrl-C stops; log: $log; VNC display on port 5900+" >&2
if [ -n "$timeout" ]; then
    exec timeout --foreground "$timeout" bochs-bin -q -f "$rc" -rc "$dbg"
fi
exec bochs-bin -q -f "$rc" -rc "$dbg"
