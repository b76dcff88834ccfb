#!/bin/sh
# lint.sh - runs `wfc lint` over test cases and compares with what is expected.
#
# usage: lint.sh WFC MODE DIR...
#   MODE check   each CASE.yaml / CASE.json must print exactly CASE.out
#                (empty .out: must stay silent) and exit 1 when it prints
#                something, 0 when it does not
#   MODE ok      each file must print nothing and exit 0
#   MODE bad     like check, and the output must not be empty, the exit
#                status 1 or 2 (a signal or anything else is a crash)
#   MODE compare each CASE must print exactly CASE.out, whatever the exit status
#   MODE update  rewrite every CASE.out from the current build
# Cases run from their own directory so paths print as bare names. A first
# line "# wfc-test: FLAGS" adds FLAGS to the command line. WFC_CMD (default
# lint) and WFC_EXT (default out) run another subcommand, e.g. dump-ir with
# expected output in CASE.ir.

wfc=$1
mode=$2
shift 2
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT INT TERM
status=0

flags_of() {
    sed -n '1s/^# wfc-test: //p' "$1"
}

for dir in "$@"; do
    for f in "$dir"/*.yaml "$dir"/*.json "$dir"/*.yml; do
        [ -f "$f" ] || continue
        d=$(dirname "$f")
        b=$(basename "$f")
        name="${f#"$srcdir"/}"
        exp="$d/${b%.*}.${WFC_EXT:-out}"
        flags=$(flags_of "$f")
        # shellcheck disable=SC2086
        (cd "$d" && "$wfc" "${WFC_CMD:-lint}" $flags "$b") >"$tmp" 2>&1
        st=$?
        case "$mode" in
        update)
            cp "$tmp" "$exp"
            continue
            ;;
        ok)
            if [ -s "$tmp" ] || [ "$st" -ne 0 ]; then
                echo "FAIL: $name: expected no findings, got exit $st:"
                sed 's/^/    /' "$tmp" | head -n 20
                status=1
            else
                echo "PASS: $name"
            fi
            continue
            ;;
        esac
        if [ ! -f "$exp" ]; then
            echo "FAIL: $name: no expected output ${exp#"$srcdir"/} (run make update-expected)"
            status=1
            continue
        fi
        want=0
        [ -s "$exp" ] && want=1
        why=""
        if ! cmp -s "$tmp" "$exp"; then
            why="output differs"
        elif [ "$mode" = bad ] && { [ "$st" -ne 1 ] && [ "$st" -ne 2 ]; }; then
            why="exit status $st, expected 1 or 2"
        elif [ "$mode" = bad ] && [ ! -s "$tmp" ]; then
            why="no diagnostic"
        elif [ "$mode" = check ] && [ "$st" -ne "$want" ] && [ "$st" -ne 2 ]; then
            why="exit status $st, expected $want"
        fi
        if [ -n "$why" ]; then
            echo "FAIL: $name: $why"
            diff -u "$exp" "$tmp" | head -n 40 | sed 's/^/    /'
            status=1
        else
            echo "PASS: $name"
        fi
    done
done
exit $status
