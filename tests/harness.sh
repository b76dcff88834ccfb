#!/bin/sh
# harness.sh - runs every test driver of `make check` and prints the totals.
#
# A driver prints one line per case, "PASS: name" or "FAIL: name: why", and
# exits non-zero when a case failed. A driver that dies without printing a
# FAIL line counts as one failure of its own. The last line of the output is
# always "N passed, N failed"; the exit status is 0 only when nothing failed.
#
# Environment: srcdir, builddir (set by make); ONLY=pattern runs the drivers
# whose name contains the pattern.

srcdir=${srcdir:-.}
builddir=${builddir:-.}
export srcdir builddir

# In a sanitizer build (./configure --enable-sanitizers, or
# --enable-thread-sanitizer), a finding of ASan, UBSan or TSan ends the
# process with status 99: a crash to every driver, never mistaken for wfc's
# own status 1 (findings).
ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99:detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=99:print_stacktrace=1}
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=99:second_deadlock_stack=1}
export ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS

passed=0
failed=0
failures=""
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM

run_driver() {
    name=$1
    shift
    case "$name" in *"${ONLY:-}"*) ;; *) return ;; esac
    # threads repeats other drivers' cases for a TSan build: only on demand.
    [ "$name" = threads ] && [ "${ONLY:-}" != threads ] && return
    "$@" >"$out" 2>&1
    status=$?
    p=$(grep -c '^PASS: ' "$out")
    f=$(grep -c '^FAIL: ' "$out")
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL: $name: driver exited with status $status" >>"$out"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    printf '%-28s %5d passed, %d failed\n' "$name" "$p" "$f"
    grep '^SKIP: ' "$out" | sed 's/^/    /'
    if [ "$f" -ne 0 ]; then
        grep '^FAIL: ' "$out" | head -n 50
        tail -n 20 "$out" | grep -v '^PASS: \|^FAIL: '
    fi
}

wfc="$builddir/wfc"
lint="$srcdir/tests/lint.sh"

run_driver expr-unit "$builddir/tests/unit/test_expr" "$srcdir/testdata/expr"
run_driver stdlib-unit "$builddir/tests/unit/test_stdlib"
run_driver wfrt-lib "$builddir/tests/unit/test_wfrt_lib"
run_driver wfrt-lib-table sh "$srcdir/tests/wfrt_lib_table.sh" "$srcdir/ir/stdlib.c" \
    "$builddir/backends/runtime/libwfrt.a"
run_driver wfrt-unit "$builddir/tests/unit/test_wfrt"
run_driver parallel-unit "$builddir/tests/unit/test_parallel"
run_driver events-unit "$builddir/tests/unit/test_events"
run_driver runner sh "$srcdir/tests/runner.sh" "$builddir/tests/unit/test_runner_main"
run_driver checks sh "$lint" "$wfc" check "$srcdir"/testdata/checks/*
run_driver ok sh "$lint" "$wfc" ok "$srcdir/testdata/ok"
run_driver bad sh "$lint" "$wfc" bad "$srcdir/testdata/bad"
run_driver ir env WFC_CMD=dump-ir WFC_EXT=ir sh "$lint" "$wfc" compare "$srcdir/testdata/ir"
run_driver cli sh "$srcdir/tests/cli.sh" "$wfc"
run_driver docs sh "$srcdir/tests/docs.sh" "$wfc"
run_driver corpus sh "$srcdir/tests/corpus.sh" "$wfc"
run_driver corpus-build sh "$srcdir/tests/corpus_build.sh" "$wfc"
run_driver hostile sh "$srcdir/tests/hostile.sh" "$wfc"
run_driver dist sh "$srcdir/tests/dist.sh"
run_driver format sh "$srcdir/tests/format.sh" "$wfc"
run_driver help sh "$srcdir/tests/help.sh" "$wfc"
run_driver suppress sh "$lint" "$wfc" check "$srcdir/testdata/suppress"
# shellcheck disable=SC2046
run_driver config sh "$lint" "$wfc" check $(find "$srcdir/testdata/config" -type d | sort)
run_driver precommit sh "$srcdir/tests/precommit.sh" "$wfc"
run_driver emit sh "$srcdir/tests/emit.sh" "$wfc"
run_driver graph sh "$srcdir/tests/graph.sh" "$wfc"
run_driver expand sh "$srcdir/tests/expand.sh" "$wfc"
run_driver run sh "$srcdir/tests/run.sh" "$wfc" "$srcdir"/testdata/run/*.test
run_driver run-coverage sh "$srcdir/tests/run_coverage.sh" "$srcdir/ir/stdlib.c" \
    "$builddir/backends/runtime/libwfrt.a" "$srcdir"/testdata/run/*.test
run_driver http sh "$srcdir/tests/http.sh" "$wfc" "$builddir/tests/unit/test_http"
run_driver differential sh "$srcdir/tests/differential.sh" "$wfc"
run_driver threads sh "$srcdir/tests/threads.sh" "$wfc" "$builddir"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
