#!/bin/sh
# wfrt_lib_table.sh - every entry of the standard library's table
# (ir/stdlib.c) must have its function in libwfrt.a, wfrt_fn_<name> with
# '.' as '_', and libwfrt.a must define no wfrt_fn_ the table lacks.
# One PASS or FAIL line per entry, as tests/harness.sh counts them.
#
#   wfrt_lib_table.sh ir/stdlib.c backends/runtime/libwfrt.a

stdlib=$1
lib=$2
status=0

# The quoted name opening each entry of `wf_stdlib[]`: {"name", ... or
# HTTP_REQUEST("name", ...
names=$(sed -n '/^const struct wf_func wf_stdlib\[\] = {/,/^};/p' "$stdlib" |
    grep -o '^ *\({\|HTTP_REQUEST(\)"[a-z0-9_.]*"' | sed 's/^[^"]*"\([^"]*\)"$/\1/')
count=$(printf '%s\n' "$names" | grep -c .)
if [ "$count" -lt 50 ]; then
    echo "FAIL: table: found $count entries in $stdlib; has the table's layout changed?"
    exit 1
fi

symbols=$(nm -g --defined-only "$lib" 2>/dev/null | awk '$2 == "T" && $3 ~ /^wfrt_fn_/ { print $3 }' |
    sort -u)
if [ -z "$symbols" ]; then
    echo "FAIL: table: no wfrt_fn_ symbol in $lib (or nm failed)"
    exit 1
fi

for name in $names; do
    sym=wfrt_fn_$(printf '%s' "$name" | tr . _)
    if printf '%s\n' "$symbols" | grep -qx "$sym"; then
        echo "PASS: table: $name is $sym"
        continue
    fi
    echo "FAIL: table: $name has no $sym in libwfrt.a"
    status=1
done

expected=$(for name in $names; do printf 'wfrt_fn_%s\n' "$name" | tr . _; done | sort -u)
for sym in $symbols; do
    if ! printf '%s\n' "$expected" | grep -qx "$sym"; then
        echo "FAIL: table: $sym in libwfrt.a matches no entry of ir/stdlib.c"
        status=1
    fi
done
exit $status
