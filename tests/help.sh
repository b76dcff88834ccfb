#!/bin/sh
# help.sh - `wfc help TOPIC`: every check's page is compiled into wfc and
# printed exactly as docs/checks/ID.md has it, `wfc help` lists every check,
# and `wfc help functions` prints the standard library table.
#
# usage: help.sh WFC

wfc=$1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT INT TERM
status=0

fail() {
    echo "FAIL: $1"
    status=1
}

ids=$("$wfc" lint --list-checks | cut -d' ' -f1)
"$wfc" help >"$tmp" 2>&1 || fail "help: exit status $?"
for id in $ids; do
    page="$srcdir/docs/checks/$id.md"
    [ -f "$page" ] || continue # tests/docs.sh reports the missing page
    if ! grep -q "[ ,]$id[,]*\$\|[ ,]$id," "$tmp"; then
        fail "help/$id: 'wfc help' does not list it"
    elif ! "$wfc" help "$id" | tr -d '\r' | cmp -s - "$page"; then
        fail "help/$id: 'wfc help $id' differs from docs/checks/$id.md"
        "$wfc" help "$id" | diff -u "$page" - | head -n 20 | sed 's/^/    /'
    else
        echo "PASS: help/$id"
    fi
done

"$wfc" help functions >"$tmp" 2>&1
st=$?
if [ "$st" -ne 0 ]; then
    fail "help/functions: exit status $st"
elif ! grep -q 'sys\.sleep' "$tmp"; then
    fail "help/functions: sys.sleep is not listed"
else
    echo "PASS: help/functions"
fi
exit $status
