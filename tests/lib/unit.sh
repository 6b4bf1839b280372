#!/bin/sh
# Run one cmocka unit-test binary and turn its TAP output into runner lines
#   PASS unit/<binary>/<test>      FAIL unit/<binary>/<test>
# A binary that crashes, exits non-zero, stops before its TAP plan is
# complete, or runs no test at all gives a FAIL line too: a test binary
# must never pass by running nothing. Output (TAP, stderr) is kept in
# <outdir>/<binary>.tap and .err.
#
#   tests/lib/unit.sh <binary> <outdir>
set -u

bin=$1 outdir=$2
name=$(basename "$bin")
tap=$outdir/$name.tap err=$outdir/$name.err
# A unit test has no business running for a minute; a hang is a failure.
UNIT_TIMEOUT=${UNIT_TIMEOUT:-60}

# TAP -> runner lines. cmocka prints "1..N" per group, "ok N - name",
# "not ok N - name" and "not ok N # SKIP name". The last line printed is
# "<planned> <seen> <passed>" for the checks below.
tap_to_lines() {
    awk -v bin="$name" '
    /^1\.\.[0-9]+/       { split($0, p, "."); planned += p[3]; next }
    /^(not )?ok [0-9]+ # SKIP/ { sub(/^.*# SKIP */, ""); print "SKIP unit/" bin "/" $0; seen++; next }
    /^ok [0-9]+ - /      { sub(/^ok [0-9]+ - /, ""); print "PASS unit/" bin "/" $0; seen++; passed++; next }
    /^not ok [0-9]+ - /  { sub(/^not ok [0-9]+ - /, ""); print "FAIL unit/" bin "/" $0; seen++; next }
    END                  { printf "%d %d %d\n", planned, seen, passed }'
}

# Print the last lines of the test output so a crash is explained.
show_output() {
    for f in "$tap" "$err"; do
        [ -s "$f" ] || continue
        echo "  --- $f (last 20 lines)"
        tail -n 20 "$f" | sed 's/^/  | /'
    done
}

CMOCKA_MESSAGE_OUTPUT=tap timeout -k 5 "$UNIT_TIMEOUT" "$bin" >"$tap" 2>"$err"
status=$?
lines=$(tap_to_lines <"$tap")
counts=$(printf "%s\n" "$lines" | tail -n 1)
printf "%s\n" "$lines" | sed "\$d"
read -r planned seen passed <<COUNTS
$counts
COUNTS

problem=''
if [ "$status" = 124 ]; then problem="hung: killed after ${UNIT_TIMEOUT}s"
elif [ "$status" -gt 128 ]; then problem="crashed: signal $((status - 128))"
elif [ "$seen" = 0 ] && [ "$status" = 0 ]; then problem="ran no tests"
elif [ "$seen" = 0 ]; then problem="exit status $status before any test result (crash? see stderr)"
elif [ "$seen" != "$planned" ]; then problem="stopped after $seen of $planned tests, exit status $status"
elif [ "$status" != 0 ] && [ "$passed" = "$seen" ]; then problem="exit status $status with all tests ok"
fi
# A failing test already printed its FAIL line; only binary-level trouble
# needs an extra one, plus the output that explains it.
if [ -n "$problem" ]; then
    echo "FAIL unit/$name ($problem)"
fi
if [ -n "$problem" ] || [ "$status" != 0 ]; then
    show_output
    exit 1
fi
exit 0
