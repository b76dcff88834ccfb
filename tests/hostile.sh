#!/bin/sh
# hostile.sh - wfc on hostile input: each input gets a clear diagnostic and
# exit status 1 or 2, within 512 MB and promptly, never a signal.
#
#   hostile.sh WFC
#
# tests/hostile_gen.py writes the inputs (some are 50 MB) into a temporary
# directory; testdata/hostile/NAME.want holds, for input NAME.*, "exit N"
# and the lines (FILE for the input's name) the output must contain. The
# limits behind them are listed in docs/limits.md.
#
# Memory: `ulimit -v 524288` (512 MB of address space) around every run.
# AddressSanitizer reserves terabytes of address space for its shadow, so a
# sanitizer build runs under ASan's own hard_rss_limit_mb instead, set to
# 1024 to leave room for ASan's redzones and quarantine. `timeout 120` is a
# hang guard, not a speed test.

wfc=$1
case $wfc in /*) ;; *) wfc=$(pwd)/$wfc ;; esac # the runs cd to the inputs
srcdir=${srcdir:-.}
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

mkdir "$work/in"
if ! python3 "$srcdir/tests/hostile_gen.py" "$work/in"; then
    echo "FAIL: hostile: tests/hostile_gen.py could not write the inputs"
    exit 1
fi

if ldd "$wfc" 2>/dev/null | grep -q 'libasan\|libtsan'; then
    limit() { ASAN_OPTIONS="$ASAN_OPTIONS:hard_rss_limit_mb=1024" timeout 120 "$@"; }
else
    limit() { (ulimit -v 524288 && exec timeout 120 "$@"); }
fi

# expect NAME WANT COMMAND... - runs COMMAND in the input directory and
# judges its exit status and output against WANT (a .want file's text).
expect() {
    name=$1 want=$2
    shift 2
    (cd "$work/in" && limit "$@") >"$work/out" 2>&1
    got=$?
    code=$(printf '%s\n' "$want" | sed -n 's/^exit //p')
    if [ "$got" -ne "$code" ]; then
        echo "FAIL: hostile/$name: exit status $got, expected $code"
        head -c 600 "$work/out" | sed 's/^/    /'
        status=1
        return
    fi
    missing=$(printf '%s\n' "$want" | sed 1d | while IFS= read -r line; do
        grep -qxF "$line" "$work/out" || printf '%s\n' "$line"
    done)
    if [ -n "$missing" ]; then
        echo "FAIL: hostile/$name: the output lacks:"
        printf '%s\n' "$missing" | sed 's/^/    /'
        head -c 600 "$work/out" | sed 's/^/    got: /'
        status=1
        return
    fi
    echo "PASS: hostile/$name"
}

count=0
for want in "$srcdir"/testdata/hostile/*.want; do
    name=$(basename "$want" .want)
    input=$(cd "$work/in" && ls "$name".* 2>/dev/null | head -n 1)
    if [ -z "$input" ]; then
        echo "FAIL: hostile/$name: tests/hostile_gen.py wrote no input for it"
        status=1
        continue
    fi
    expect "$name" "$(sed "s|FILE|$input|" "$want")" "$wfc" lint --color=never "$input"
    count=$((count + 1))
done

# The other commands read files through the same loader.
expect emit-alias-bomb "$(printf 'exit 1\nalias-bomb.yaml:5:38: error: aliases expand this document by more than 100000 nodes; refusing to expand it (an alias bomb?) [yaml-syntax]')" \
    "$wfc" emit alias-bomb.yaml
expect graph-deep-nesting "$(printf 'exit 1\ndeep-yaml-lists.yaml:4:1012: error: nesting is deeper than 1000 levels [yaml-syntax]')" \
    "$wfc" graph deep-yaml-lists.yaml
expect build-next-cycle "$(printf 'exit 1\nnext-cycle.yaml:4:15: error: this jump closes a loop that never ends: no step in it returns, raises, calls anything or leads out of it, so every execution that gets here fails at the limit of 100,000 steps [endless-loop]')" \
    "$wfc" build next-cycle.yaml -o "$work/never"
if [ -e "$work/never" ]; then
    echo "FAIL: hostile/build-next-cycle: wfc build left $work/never behind"
    status=1
fi

# Files that are no workflow at all.
mkdir "$work/in/a-directory.yaml"
expect directory "$(printf 'exit 2\na-directory.yaml: error: is a directory, not a workflow file [io-error]')" \
    "$wfc" lint a-directory.yaml
mkfifo "$work/in/fifo.yaml"
expect fifo "$(printf 'exit 2\nfifo.yaml: error: is not a regular file [io-error]')" "$wfc" lint fifo.yaml
# /proc/self/mem reads fail (EIO) even for root, whom permissions do not stop.
expect read-error "$(printf 'exit 2\n/proc/self/mem: error: input/output error [io-error]')" \
    "$wfc" lint /proc/self/mem
printf 'main:\n  steps:\n    - a:\n        return: 1\n' >"$work/in/unreadable.yaml"
chmod 000 "$work/in/unreadable.yaml"
if [ -r "$work/in/unreadable.yaml" ]; then
    echo "SKIP: hostile/unreadable: permissions do not apply to this user (read-error covers it)"
else
    expect unreadable "$(printf 'exit 2\nunreadable.yaml: error: permission denied [io-error]')" \
        "$wfc" lint unreadable.yaml
fi
[ "$count" -ge 20 ] || { echo "FAIL: hostile: only $count .want files"; status=1; }
exit $status
