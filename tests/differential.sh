#!/bin/sh
# differential.sh - inlining must not change what a workflow does: every
# case of testdata/run/*.test (format in ../shared/STYLE.md) whose workflow
# has subworkflows is run twice with `wfc run`, as written and expanded by
# `wfc expand`, with the case's arguments and --sleep-scale 0. Both runs
# must exit with the same status and print the same result or the same
# error value; the step, routine and line the runner names with an error
# may differ, since expansion renames steps and moves them.
#
# It needs `wfc run`; without it, it says so with a SKIP line.
#
# usage: differential.sh WFC [FILE.test...]   (default: testdata/run/*.test)

wfc=$1
shift
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
if [ $# -eq 0 ]; then
    set -- "$srcdir"/testdata/run/*.test
fi
if ! "$wfc" help run >/dev/null 2>&1; then
    echo "SKIP: differential: wfc run does not exist yet"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_CACHE_HOME="$tmp/cache"

# The cases, as in tests/run.sh: $tmp/N.id, N.yaml, N.args; prints N.
count=$(awk -v dir="$tmp" '
    /^=== / { n++; print substr($0, 5) > (dir "/" n ".id"); close(dir "/" n ".id"); sect = "yaml"; next }
    n == 0 { next }
    /^--- [a-z]+[ \t]*$/ { sect = $2; next }
    sect == "yaml" { print > (dir "/" n ".yaml"); next }
    /^[ \t]*$/ || /^#/ { next }
    { print > (dir "/" n "." sect) }
    END { print n + 0 }
' "$@")

# run NAME FILE: runs FILE with the case's arguments; the result or the
# error line into $tmp/NAME.out, the status into $tmp/NAME.status.
run() {
    if [ -f "$c.args" ]; then
        "$wfc" run "$2" --sleep-scale 0 --data-file "$c.args" >"$tmp/$1.stdout" 2>"$tmp/$1.stderr"
    else
        "$wfc" run "$2" --sleep-scale 0 >"$tmp/$1.stdout" 2>"$tmp/$1.stderr"
    fi
    echo $? >"$tmp/$1.status"
    { cat "$tmp/$1.stdout"; grep '^error: \|^wfc: ' "$tmp/$1.stderr"; } >"$tmp/$1.out"
}

status=0
n=0
while [ "$n" -lt "$count" ]; do
    n=$((n + 1))
    c="$tmp/$n"
    id=$(cat "$c.id")
    # Only workflows with subworkflows: a top-level key other than main.
    grep -v '^main:' "$c.yaml" | grep -q '^[A-Za-z_][A-Za-z0-9_]*:' || continue
    # Not those that need the HTTP server of tests/run.sh.
    grep -q 'wfc-test\.invalid\|wfc-tls\.invalid\|wfc-closed\.invalid' "$c.yaml" && continue
    if ! "$wfc" expand "$c.yaml" -o "$c.flat.yaml" 2>"$tmp/err"; then
        echo "FAIL: differential/$id: wfc expand failed"
        sed 's/^/    /' "$tmp/err" | head -n 10
        status=1
        continue
    fi
    run a "$c.yaml"
    run b "$c.flat.yaml"
    if ! cmp -s "$tmp/a.status" "$tmp/b.status" || ! cmp -s "$tmp/a.out" "$tmp/b.out"; then
        echo "FAIL: differential/$id: the expanded workflow behaves differently"
        echo "    status $(cat "$tmp/a.status") as written, $(cat "$tmp/b.status") expanded"
        diff -u "$tmp/a.out" "$tmp/b.out" | head -n 20 | sed 's/^/    /'
        status=1
    else
        echo "PASS: differential/$id"
    fi
done
exit $status
