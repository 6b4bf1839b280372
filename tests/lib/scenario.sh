#!/bin/sh
# Run one emulator scenario (tests/scenarios/<name>.sh, format in
# tests/README.md) and judge it: how the emulator ended (EXIT), which lines
# the serial console printed (EXPECT, in order) and which it must not
# (REJECT). Prints one line, "PASS scenario/<name> (12.3s)" or "FAIL ...";
# artifacts and, on failure, report.txt go to build/test/<name>/.
#
#   tests/lib/scenario.sh tests/scenarios/<name>.sh      (from the repo root)
set -u

OVMF=/usr/share/ovmf/OVMF.fd
file=$1
name=$(basename "$file" .sh)
out=build/test/$name
failures=''

fail() { failures="$failures$*
"; }
now() { date +%s.%N; }

# Defaults first, so a scenario sets only what differs.
load_scenario() {
    EMU=bochs CPUS=1 MEM=256 CMDLINE='' TIMEOUT=120 EXIT=poweroff
    EXPECT='' REJECT='' UART=1 QEMU_ARGS='' BOCHS_CPU=corei7_skylake_x
    KERNEL=${XENOLITH_ELF:-build/xenolith.elf} MODULES=''
    SERIAL_INPUT='' SERIAL_INPUT_AFTER=''
    # DEPENDS (make targets) is read by tests/run.sh, not here.
    # shellcheck disable=SC2034
    DEPENDS=''
    # shellcheck disable=SC1090 # the scenario file is data chosen at run time
    . "./$file"
}

is_number() { case $1 in ''|*[!0-9]*) return 1 ;; esac; [ "$1" -gt 0 ]; }
bad_regex() { printf '' | grep -E -e "$1" >/dev/null 2>&1; [ $? = 2 ]; }

# Catch scenario mistakes before booting anything.
validate() {
    case $EMU in bochs|qemu|ovmf) ;; *) fail "bad scenario: EMU=$EMU (bochs|qemu|ovmf)" ;; esac
    case $EXIT in poweroff|reboot|panic|magic|any) ;;
    *) fail "bad scenario: EXIT=$EXIT (poweroff|reboot|panic|magic|any)" ;; esac
    [ "$EMU" = bochs ] || [ "$EXIT" != magic ] ||
        fail "bad scenario: QEMU ignores the magic breakpoint (EXIT=magic needs EMU=bochs)"
    is_number "$CPUS" || fail "bad scenario: CPUS=$CPUS must be a positive integer"
    is_number "$MEM" || fail "bad scenario: MEM=$MEM must be a positive integer"
    is_number "$TIMEOUT" || fail "bad scenario: TIMEOUT=$TIMEOUT must be a positive integer"
    case $UART in 0|1) ;; *) fail "bad scenario: UART=$UART (0|1)" ;; esac
    [ -f "$KERNEL" ] || fail "hypervisor image not found: $KERNEL"
    while IFS= read -r pat; do
        [ -z "$pat" ] || ! bad_regex "$pat" || fail "bad scenario: EXPECT regex: $pat"
    done <<PATTERNS
$EXPECT
PATTERNS
    [ -z "$REJECT" ] || ! bad_regex "$REJECT" || fail "bad scenario: REJECT regex: $REJECT"
    [ -z "$SERIAL_INPUT" ] || [ "$UART" = 1 ] || fail "bad scenario: SERIAL_INPUT needs UART=1"
    [ -n "$SERIAL_INPUT" ] || [ -z "$SERIAL_INPUT_AFTER" ] ||
        fail "bad scenario: SERIAL_INPUT_AFTER without SERIAL_INPUT"
}

# MODULES has one "<file> <module string>" per line; mkiso wants pairs.
build_iso() {
    set --
    while read -r mfile mstring; do
        [ -z "$mfile" ] || set -- "$@" "$mfile" "$mstring"
    done <<LIST
$MODULES
LIST
    sh tools/mkiso.sh "$KERNEL" "$out/xenolith.iso" "$CMDLINE" "$@" >"$out/mkiso.txt" 2>&1 ||
        fail "ISO build failed: $(tail -n 1 "$out/mkiso.txt")"
}

# Wait for a background emulator; on ^C or TERM stop it instead of
# leaving it to run until its timeout.
wait_emulator() {
    pid=$1
    trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM HUP
    rc=0
    wait "$pid" || rc=$?
    trap - INT TERM HUP
}

run_bochs() {
    set -- "$out/xenolith.iso" --serial "$out/serial.txt" --log "$out/bochs.log" \
        --workdir "$out" --cpus "$CPUS" --megs "$MEM" --cpu-model "$BOCHS_CPU" \
        --timeout "$TIMEOUT" --stop-on-reset
    [ "$UART" = 1 ] || set -- "$@" --no-uart
    [ -z "$SERIAL_INPUT" ] || set -- "$@" --serial-input "$SERIAL_INPUT"
    [ -z "$SERIAL_INPUT_AFTER" ] || set -- "$@" --serial-input-after "$SERIAL_INPUT_AFTER"
    echo "sh tools/run-bochs.sh $*" >"$out/cmd.txt"
    sh tools/run-bochs.sh "$@" </dev/null >"$out/stdout.txt" 2>&1 &
    wait_emulator $!
}

# -no-reboot turns a guest reset into a QEMU exit (rc 0, like power-off);
# isa-debug-exit lets a guest pick an odd exit status.
run_qemu() {
    set -- -cdrom "$out/xenolith.iso" -nographic -monitor none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -smp "$CPUS" -m "$MEM" -cpu max
    if [ -n "$SERIAL_INPUT" ]; then
        start_qemu_feeder
        set -- "$@" -serial "tcp:127.0.0.1:$feeder_port"
    elif [ "$UART" = 1 ]; then
        set -- "$@" -serial "file:$out/serial.txt"
    else
        set -- "$@" -serial none
    fi
    [ "$EMU" != ovmf ] || set -- "$@" -bios "$OVMF"
    # shellcheck disable=SC2086 # QEMU_ARGS is a word list on purpose
    set -- "$@" $QEMU_ARGS
    echo "timeout -k 5 $TIMEOUT qemu-system-x86_64 $*" >"$out/cmd.txt"
    timeout -k 5 "$TIMEOUT" qemu-system-x86_64 "$@" </dev/null >"$out/stdout.txt" 2>&1 &
    wait_emulator $!
    [ -z "${feeder_pid:-}" ] || { wait "$feeder_pid" 2>/dev/null; feeder_pid=''; }
}

# SERIAL_INPUT under QEMU: COM1 is a TCP client of tools/serial-feeder.py
# (as under Bochs, see tools/run-bochs.sh), which records the output and
# types the keys once SERIAL_INPUT_AFTER matched.
start_qemu_feeder() {
    set -- --port-file "$out/feeder.port" --out "$out/serial.txt" --input "$SERIAL_INPUT"
    [ -z "$SERIAL_INPUT_AFTER" ] || set -- "$@" --after "$SERIAL_INPUT_AFTER"
    python3 tools/serial-feeder.py "$@" &
    feeder_pid=$!
    for _ in $(seq 50); do
        [ -s "$out/feeder.port" ] && break
        sleep 0.1
    done
    feeder_port=$(cat "$out/feeder.port" 2>/dev/null) || fail "serial feeder did not start"
}

# The first Bochs panic message, e.g. "ACPI control: soft power off".
bochs_panic() { grep -a -m 1 '>>PANIC<<' "$out/bochs.log" 2>/dev/null | sed 's/.*>>PANIC<< *//'; }
bochs_powered_off() { bochs_panic | grep -q "^ACPI control: soft power off"; }

# What an emulator exit status means, for the failure report.
rc_meaning() {
    case $EMU:$rc in
    *:124)     echo "hang: no exit within ${TIMEOUT}s, killed by timeout" ;;
    *:137)     echo "killed: did not stop after the timeout's TERM" ;;
    *:130)     echo "interrupted" ;;
    bochs:0)   echo "magic breakpoint (xchg %bx,%bx)" ;;
    bochs:1)   if bochs_powered_off; then echo "ACPI power-off (Bochs calls it a panic)"
               else echo "Bochs panic: $(bochs_panic)"; fi ;;
    bochs:2)   echo "guest reset the machine (reboot)" ;;
    bochs:64)  echo "run-bochs.sh usage error, see stdout.txt" ;;
    *:0)       echo "QEMU exit: ACPI power-off, reset or triple fault" ;;
    *:1)       echo "QEMU error (see stdout.txt) or isa-debug-exit value 0" ;;
    esac
    if [ "$rc" -gt 128 ] && [ "$rc" != 130 ] && [ "$rc" != 137 ]; then
        echo "emulator died from signal $((rc - 128))"
    elif [ "$EMU" != bochs ] && [ "$rc" -gt 1 ] && [ "$rc" -lt 124 ] && [ $((rc % 2)) = 1 ]; then
        echo "isa-debug-exit value $(((rc - 1) / 2))"
    fi
}

# Is $rc the way this scenario should end? A timeout is always a failure.
exit_matches() {
    [ "$rc" != 124 ] || return 1
    case $EMU:$EXIT in
    bochs:poweroff) [ "$rc" = 1 ] && bochs_powered_off ;;
    bochs:panic)    [ "$rc" = 1 ] && ! bochs_powered_off ;;
    bochs:reboot)   [ "$rc" = 2 ] ;;
    bochs:magic)    [ "$rc" = 0 ] ;;
    bochs:any)      [ "$rc" -le 2 ] ;;
    *:any)          [ "$rc" -lt 124 ] ;;
    *)              [ "$rc" = 0 ] ;;  # QEMU: power-off, reset, triple fault
    esac
}

# GRUB paints the screen with ANSI escapes and lines end in CR LF: strip
# both (and any NUL) so EXPECT patterns see plain text.
clean_serial() {
    esc=$(printf '\033')
    touch "$out/serial.txt"  # Bochs creates it only on the first byte
    tr -d '\r\000' <"$out/serial.txt" |
        sed "s/${esc}\[[0-9;?]*[@-~]//g; s/${esc}[()][0-9A-Za-z]//g" >"$out/serial.clean.txt"
}

# Each EXPECT line must match a serial line later than the previous match.
check_expect() {
    from=1 n=0
    while IFS= read -r pat; do
        [ -n "$pat" ] || continue
        n=$((n + 1))
        hit=$(tail -n "+$from" "$out/serial.clean.txt" | grep -a -n -m 1 -E -e "$pat" | cut -d: -f1)
        if [ -z "$hit" ]; then
            fail "EXPECT #$n not found after serial line $((from - 1)): $pat"
            return
        fi
        from=$((from + hit))
    done <<PATTERNS
$EXPECT
PATTERNS
}

check_reject() {
    [ -n "$REJECT" ] || return 0
    hit=$(grep -a -n -m 1 -E -e "$REJECT" "$out/serial.clean.txt") || return 0
    fail "REJECT /$REJECT/ matched serial line ${hit%%:*}: ${hit#*:}"
}

judge() {
    exit_matches || fail "expected EXIT=$EXIT, but the run ended with rc $rc: $(rc_meaning | head -n 1)"
    [ "$UART" = 1 ] || return 0
    check_expect
    check_reject
}

# Everything a reader needs to start debugging, without opening files.
write_report() {
    echo "FAIL scenario/$name ($elapsed)"
    printf '%s' "$failures" | sed 's/^/  why: /'
    [ -z "${rc:-}" ] || echo "  emulator: $EMU rc $rc = $(rc_meaning | tr '\n' ' ')"
    echo "  artifacts: $out/"
    if [ -f "$out/serial.clean.txt" ]; then
        echo "  --- serial (last 40 lines)"
        tail -n 40 "$out/serial.clean.txt" | sed 's/^/  | /'
    fi
    if [ "$EMU" = bochs ] && [ -f "$out/bochs.log" ]; then
        echo "  --- bochs.log (VMX failures, panics, exceptions; last 20)"
        lines=$(grep -a -E 'VMENTER FAIL|VMFAIL|VMABORT|PANIC|>>PANIC<<|exception' "$out/bochs.log" | tail -n 20)
        printf '%s\n' "${lines:-(no matching lines)}" | sed 's/^/  | /'
    fi
}

start=$(now)
rm -rf "$out"
mkdir -p "$out"
load_scenario
validate
[ -n "$failures" ] || build_iso
if [ -z "$failures" ]; then
    if [ "$EMU" = bochs ]; then run_bochs; else run_qemu; fi
    clean_serial
    judge
fi
elapsed=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }')

if [ -z "$failures" ]; then
    echo PASS >"$out/result"
    echo "PASS scenario/$name ($elapsed)"
    exit 0
fi
echo FAIL >"$out/result"
write_report >"$out/report.txt"
echo "FAIL scenario/$name ($elapsed): $(printf '%s' "$failures" | head -n 1)"
exit 1
