#!/bin/sh
# run.sh - runs the libFuzzer targets that fuzz.mk built in fuzz/build/,
# one after the other, each for FUZZ_SECONDS (cgen for FUZZ_CGEN_SECONDS).
#
# usage: run.sh TARGET...      (yaml expr emit cgen json; `make fuzz`)
#
# Seeds: the files of testdata/ (workflows for yaml, emit and cgen; the
# expressions of testdata/expr/ and of ${...} in workflows for expr; JSON
# files and the args and results of testdata/run/ for json), gathered into
# fuzz/build/seeds/, and the workflows of the shared corpus
# ($FUZZ_CORPUS, default ../shared/corpus), read where they are. New inputs
# that reach new code are kept in fuzz/corpus/TARGET/, so runs build on
# each other; an input that crashes, leaks or hangs (10 s) is saved in
# fuzz/findings/. Both are git-ignored. Dictionaries: fuzz/*.dict.
#
# Prints per target "PASS: fuzz/TARGET: N executions in S s" or a FAIL
# line with where the input was saved and the report's first lines; the
# whole log is fuzz/build/logs/TARGET.log. Exits 1 when a target failed.

srcdir=${srcdir:-.}
seconds=${FUZZ_SECONDS:-60}
cgen_seconds=${FUZZ_CGEN_SECONDS:-$seconds}
corpus=${FUZZ_CORPUS:-"$srcdir/../shared/corpus"}
build=fuzz/build
status=0
# Stack traces for UBSan's reports too (libFuzzer sets ASan's options).
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export UBSAN_OPTIONS

# Copies the files found by `find "$1" ARGS...` into seed directory $S,
# each named by a running number (names in testdata/ repeat across dirs).
gather() { # DIR FIND-ARGS...
    dir=$1
    shift
    find "$dir" -type f "$@" 2>/dev/null | sort | while read -r f; do
        n=$((n + 1))
        cp "$f" "$S/$(basename "$(dirname "$f")")-$n-$(basename "$f")"
    done
}

# Writes each line of standard input as a file of its own into $S.
split_lines() { # PREFIX
    awk -v dir="$S" -v p="$1" '{ f = sprintf("%s/%s-%d", dir, p, NR); printf "%s", $0 > f; close(f) }'
}

seeds_yaml() {
    gather "$srcdir/testdata" \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \)
}

seeds_expr() {
    # The input of each case line ("INPUT => EXPECTED", or the whole line).
    for f in "$srcdir"/testdata/expr/*.txt; do
        grep -v '^#' "$f" | sed 's/ => .*//' | grep -v '^$' | split_lines "$(basename "$f" .txt)"
    done
    # The inside of every one-line ${...} of the workflows.
    # shellcheck disable=SC2016
    find "$srcdir/testdata" "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
        -exec cat {} + 2>/dev/null | grep -ao '\${[^}]*}' | sed 's/^\${//; s/}$//' | sort -u |
        split_lines workflows
}

seeds_json() {
    gather "$srcdir/testdata" -name '*.json'
    # The JSON after "--- args" and "--- result" in testdata/run/*.test.
    for f in "$srcdir"/testdata/run/*.test; do
        awk -v dir="$S" -v p="$(basename "$f" .test)" '
            /^(---|===)/ { if (out) close(out); out = "" }
            out { print > out }
            /^--- (args|result)$/ { n++; out = sprintf("%s/%s-%d", dir, p, n) }' "$f"
    done
}

# The options of each target: seeds, dictionary, largest input.
setup() { # TARGET
    S="$build/seeds/$1"
    rm -rf "$S"
    mkdir -p "$S"
    extra=""
    case $1 in
    yaml | emit | cgen)
        seeds_yaml
        [ -d "$corpus" ] && extra=$corpus
        dict=yaml max_len=32768
        ;;
    expr)
        seeds_expr
        dict=expr max_len=4096
        ;;
    json)
        seeds_json
        dict=json max_len=16384
        ;;
    *)
        echo "run.sh: unknown target $1" >&2
        return 1
        ;;
    esac
}

mkdir -p "$build/logs" "$build/tmp" fuzz/findings
for t in "$@"; do
    secs=$seconds
    [ "$t" = cgen ] && secs=$cgen_seconds
    setup "$t" || {
        status=1
        continue
    }
    mkdir -p "fuzz/corpus/$t"
    log="$build/logs/$t.log"
    start=$(date +%s)
    # shellcheck disable=SC2086
    TMPDIR="$(pwd)/$build/tmp" "$build/$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len="$max_len" -dict="$srcdir/fuzz/$dict.dict" \
        -print_final_stats=1 -artifact_prefix="fuzz/findings/$t-" \
        "fuzz/corpus/$t" "$S" $extra >"$log" 2>&1
    st=$?
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    inputs=$(find "fuzz/corpus/$t" -type f | wc -l)
    what="${execs:-?} executions in $took s, corpus $inputs inputs"
    if [ "$st" -eq 0 ]; then
        echo "PASS: fuzz/$t: $what"
    else
        saved=$(sed -n "s/.*Test unit written to \(.*\)/\1/p" "$log" | head -n 1)
        echo "FAIL: fuzz/$t: exit status $st after $what; input saved in ${saved:-(nothing)}; log $log"
        grep -E 'error:|wfc fuzz:|runtime error|==ERROR|^SUMMARY' "$log" | head -n 12 | sed 's/^/    /'
        status=1
    fi
done
exit $status
