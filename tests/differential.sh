#!/bin/sh
# differential.sh - inlining must not change what a workflow does: every
# testdata/run/CASE.yaml that has subworkflows is run twice with `wfc run`,
# as written and expanded by `wfc expand`, and both runs must print the
# same result (or the same error) and exit with the same status. A first
# line "# wfc-run: ARGS" gives the arguments of both runs.
#
# `wfc run` comes with the C backend; until it exists this driver says so
# with a SKIP line and checks nothing.
#
# usage: differential.sh WFC

wfc=$1
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
dir="$srcdir/testdata/run"
if ! "$wfc" help run >/dev/null 2>&1; then
    echo "SKIP: differential: wfc run does not exist yet"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
for f in "$dir"/*.yaml; do
    [ -f "$f" ] || continue
    # Only workflows with subworkflows: a top-level key other than main.
    grep -q '^[A-Za-z_][A-Za-z0-9_]*:' "$f" && grep -v '^main:' "$f" | grep -q '^[A-Za-z_][A-Za-z0-9_]*:' || continue
    name=$(basename "$f" .yaml)
    args=$(sed -n '1s/^# wfc-run: //p' "$f")
    if ! "$wfc" expand "$f" -o "$tmp/$name.flat.yaml" 2>"$tmp/err"; then
        echo "FAIL: differential/$name: wfc expand failed"
        sed 's/^/    /' "$tmp/err" | head -n 10
        status=1
        continue
    fi
    # shellcheck disable=SC2086
    "$wfc" run "$f" $args >"$tmp/a" 2>&1
    a=$?
    # shellcheck disable=SC2086
    "$wfc" run "$tmp/$name.flat.yaml" $args >"$tmp/b" 2>&1
    b=$?
    if [ "$a" -ne "$b" ] || ! cmp -s "$tmp/a" "$tmp/b"; then
        echo "FAIL: differential/$name: the expanded workflow behaves differently"
        diff -u "$tmp/a" "$tmp/b" | head -n 20 | sed 's/^/    /'
        status=1
    else
        echo "PASS: differential/$name"
    fi
done
exit $status
