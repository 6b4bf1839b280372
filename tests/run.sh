#!/bin/sh
# The "make test" runner: builds the hypervisor and the host unit tests,
# runs every unit test (cmocka, TAP) and every emulator scenario
# (tests/scenarios/*.sh, in parallel), prints one PASS/FAIL line per test
# and a final "N passed, M failed". Exits 1 if anything failed or if
# nothing ran at all: a green run must have tested something.
#
#   tests/run.sh [--unit-only | --scenarios-only] [--no-build] [-j N] [NAME]...
#
# NAME is a shell glob matched against scenario names (bochs-boot) and unit
# binaries (test_cmdline); only matching tests run. XENOLITH_ELF=path boots
# that image instead of building build/xenolith.elf. Artifacts of each
# scenario (ISO, serial log, Bochs log, emulator stdout) stay in
# build/test/<name>/.
set -u
# XENOLITH_ELF is relative to where the user stands, not the repo root.
if [ -n "${XENOLITH_ELF:-}" ]; then
    XENOLITH_ELF=$(realpath -m -- "$XENOLITH_ELF")
    export XENOLITH_ELF
fi
cd "$(dirname "$0")/.." || exit 1

OUT=build/test
RESULTS=$OUT/results.txt
run_unit=1 run_scenarios=1 build=1 filters='' hypervisor_built=1
JOBS=${JOBS:-$(nproc)}

usage() {
    sed -n '2,/^set -u/p' tests/run.sh | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
        --unit-only)      run_scenarios=0 ;;
        --scenarios-only) run_unit=0 ;;
        --no-build)       build=0 ;;
        -j)               JOBS=${2:-}; shift ;;
        -j*)              JOBS=${1#-j} ;;
        -h|--help)        usage ;;
        -*)               echo "run.sh: unknown option $1" >&2; usage ;;
        *)                filters="$filters $1" ;;
        esac
        shift
    done
    case $JOBS in ''|*[!0-9]*|0) echo "run.sh: bad job count '$JOBS'" >&2; exit 2 ;; esac
    # Each Bochs takes one VNC port from 5900-5949 (testing-platform.md §4).
    [ "$JOBS" -le 50 ] || JOBS=50
}

# Does $1 match one of the NAME globs (or are there none)?
selected() {
    [ -n "$filters" ] || return 0
    set -f
    for pat in $filters; do
        set +f
        # shellcheck disable=SC2254 # $pat is a glob on purpose
        case $1 in $pat) return 0 ;; esac
    done
    set +f
    return 1
}

record() { echo "$1" | tee -a "$RESULTS"; }

# Scenarios selected by name, one path per line.
scenario_files() {
    for f in tests/scenarios/*.sh; do
        [ -f "$f" ] || continue
        selected "$(basename "$f" .sh)" && echo "$f"
    done
}

# Extra make targets scenarios ask for (DEPENDS=), e.g. test guests.
scenario_depends() {
    for f in $(scenario_files); do
        # shellcheck disable=SC1090 # scenario files are chosen at run time
        (DEPENDS=''; . "./$f" >/dev/null 2>&1; echo "$DEPENDS")
    done | xargs -n 1 | sort -u | xargs
}

# A failed build is reported as a FAIL line (so the run fails loudly) but
# does not stop the other half: unit tests still run if the hypervisor
# does not link, and the other way round.
build_all() {
    [ "$build" = 1 ] || return 0
    if [ "$run_scenarios" = 1 ] && [ -z "${XENOLITH_ELF:-}" ]; then
        echo "== make"
        if ! make --no-print-directory; then
            record "FAIL build/hypervisor (make failed, see above)"
            hypervisor_built=0
        fi
    fi
    if [ "$run_scenarios" = 1 ] && [ -n "$(scenario_depends)" ]; then
        echo "== make $(scenario_depends)"
        # -k: one failed target (e.g. an offline Linux download) must not
        # keep the others (test guests) from being built.
        # shellcheck disable=SC2046 # a list of make targets
        make -k --no-print-directory $(scenario_depends) ||
            record "FAIL build/scenario-depends (make failed, see above)"
    fi
    if [ "$run_unit" = 1 ]; then
        echo "== make unit"
        # -k: one broken test must not keep the others from building.
        make --no-print-directory -k unit || echo "run.sh: make unit failed, see above"
    fi
}

# style.md §1: generic code in xen/ must not know VMX names.
check_layering() {
    [ -d xen ] && [ -z "$filters" ] || return 0
    hits=$(grep -rnEw '(vmcs|vmx|ept)_[a-z0-9_]+|VMX_[A-Z0-9_]+' xen/)
    if [ -z "$hits" ]; then
        record "PASS lint/layering"
    else
        record "FAIL lint/layering (VMX names in xen/)"
        echo "$hits" | head -n 20 | sed 's/^/  | /'
    fi
}

# One binary per tests/unit/test_*.c; a source whose binary is missing
# (build failed) is a failure, and stale binaries of deleted tests are ignored.
run_unit_tests() {
    mkdir -p "$OUT/unit"
    for src in tests/unit/test_*.c; do
        [ -f "$src" ] || continue
        bin=build/unit/$(basename "$src" .c)
        selected "$(basename "$bin")" || continue
        # make -q: a binary older than its sources is a stale leftover.
        if [ ! -x "$bin" ] || { [ "$build" = 1 ] && ! make -q "$bin" 2>/dev/null; }; then
            record "FAIL unit/$(basename "$bin") (did not build)"
            continue
        fi
        sh tests/lib/unit.sh "$bin" "$OUT/unit" | tee -a "$RESULTS"
    done
    check_layering
}

# Scenarios run JOBS at a time through xargs -P; each prints its own
# one-line result as it finishes (one short write, so lines never mix).
run_scenarios() {
    files=$(scenario_files)
    [ -n "$files" ] || return 0
    # A stale build/xenolith.elf from an earlier build would be misleading.
    if [ "$hypervisor_built" = 0 ]; then
        echo "== scenarios skipped: the hypervisor did not build"
        return 0
    fi
    echo "== scenarios ($(echo "$files" | wc -l), $JOBS at a time)"
    echo "$files" | xargs -P "$JOBS" -n 1 sh tests/lib/scenario.sh | tee -a "$RESULTS"
    for f in $files; do
        name=$(basename "$f" .sh)
        [ -f "$OUT/$name/result" ] || record "FAIL scenario/$name (runner died, no result)"
    done
    show_reports "$files"
}

# The details of failed scenarios, after all results, in name order.
show_reports() {
    for f in $1; do
        report=$OUT/$(basename "$f" .sh)/report.txt
        [ -f "$report" ] || continue
        echo
        cat "$report"
    done
}

summary() {
    passed=$(grep -c '^PASS ' "$RESULTS")
    failed=$(grep -c '^FAIL ' "$RESULTS")
    echo
    [ $((passed + failed)) -gt 0 ] || echo "run.sh: nothing ran (no tests selected or found)"
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}

parse_args "$@"
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM
mkdir -p "$OUT"
: >"$RESULTS"
build_all
[ "$run_unit" = 0 ] || run_unit_tests
[ "$run_scenarios" = 0 ] || run_scenarios
summary
