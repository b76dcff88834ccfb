#!/bin/sh
# run_coverage.sh - the runner conformance suite (testdata/run/*.test) must
# exercise every function of the standard library's table (ir/stdlib.c,
# `wf_stdlib[]`) and every operator of spec expressions.md §4-6. It checks
# that a case mentions each one, not that the case is right: tests/run.sh
# does that. One PASS, FAIL or SKIP line per function and per operator, as
# tests/harness.sh counts them.
#
# A function counts as used when some workflow calls it, `name(` in an
# expression or `call: name` in a step; a value of the table (WF_FN_VALUE:
# http.default_retry, retry.default_backoff) counts when `${...}` names it.
# events.* comes with a later part of the runtime: while libwfrt.a lacks
# its function (wfrt_fn_events_..., see tests/wfrt_lib_table.sh), a missing
# case is skipped, not failed. An operator counts when an expression of
# some workflow (a `${...}`, with its string literals removed) holds it.
#
#   run_coverage.sh ir/stdlib.c backends/runtime/libwfrt.a testdata/run/*.test

stdlib=$1
lib=$2
shift 2
status=0

# The names of the table's entries (as tests/wfrt_lib_table.sh reads them),
# and of those that are values.
table=$(sed -n '/^const struct wf_func wf_stdlib\[\] = {/,/^};/p' "$stdlib")
names=$(printf '%s\n' "$table" | grep -o '^ *\({\|HTTP_REQUEST(\)"[a-z0-9_.]*"' |
    sed 's/^[^"]*"\([^"]*\)"$/\1/')
values=$(printf '%s\n' "$table" | grep 'WF_FN_VALUE' | grep -o '^ *{"[a-z0-9_.]*"' |
    sed 's/^[^"]*"\([^"]*\)"$/\1/')
count=$(printf '%s\n' "$names" | grep -c .)
if [ "$count" -lt 50 ] || [ -z "$values" ]; then
    echo "FAIL: coverage: found $count entries in $stdlib; has the table's layout changed?"
    exit 1
fi

symbols=$(nm -g --defined-only "$lib" 2>/dev/null | awk '$2 == "T" && $3 ~ /^wfrt_fn_/ { print $3 }')
if [ -z "$symbols" ]; then
    echo "FAIL: coverage: no wfrt_fn_ symbol in $lib (or nm failed)"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The workflows of the cases, without the --- sections (args, results and
# expected errors name functions and operators too, and prove nothing).
awk '
    /^=== / { yaml = 1; next }
    /^--- [a-z]+[ \t]*$/ { yaml = 0; next }
    yaml { print }
' "$@" >"$tmp/workflows"
# Their expressions: each ${...} on a line, string literals replaced by "".
# shellcheck disable=SC2016 # a literal ${ to match, not to expand
grep -o '\${.*}' "$tmp/workflows" | sed 's/"\([^"\\]\|\\.\)*"/""/g' >"$tmp/expressions"

for name in $names; do
    re=$(printf '%s' "$name" | sed 's/\./\\./g')
    if grep -q "\(^\|[^A-Za-z0-9_.]\)$re(" "$tmp/expressions" ||
        grep -q "^[ -]*call:  *$re *$" "$tmp/workflows"; then
        echo "PASS: coverage: $name is called"
    elif printf '%s\n' "$values" | grep -qx "$name" &&
        grep -q "\(^\|[^A-Za-z0-9_.]\)$re\($\|[^A-Za-z0-9_.(]\)" "$tmp/expressions"; then
        echo "PASS: coverage: $name is used"
    else
        sym=wfrt_fn_$(printf '%s' "$name" | tr . _)
        case "$name" in
        events.*)
            if ! printf '%s\n' "$symbols" | grep -qx "$sym"; then
                echo "SKIP: coverage: $name has no case; not implemented yet (no $sym)"
                continue
            fi
            ;;
        esac
        echo "FAIL: coverage: no case of testdata/run calls $name"
        status=1
    fi
done

# operator NAME REGEX: a line for one operator, found by a basic regex in
# the expressions.
operator() {
    if grep -q "$2" "$tmp/expressions"; then
        echo "PASS: coverage: operator $1"
    else
        echo "FAIL: coverage: no case of testdata/run uses the operator $1"
        status=1
    fi
}
# A binary operator has an operand on its left: a name, a number, a closing
# bracket or a string literal (now ""), then spaces; at least one before a
# keyword, or `a.min + 1` would hold `in`.
left='[]A-Za-z0-9_)"] *'
kw='[]A-Za-z0-9_)"]  *'
operator '+' "$left+"
operator '-' "$left-"
operator '*' "$left\*"
operator '/' "$left/[^/]"
operator '%' "$left%"
operator '//' "$left//"
operator '==' "$left=="
operator '!=' "$left!="
operator '<' "$left<[^=]"
operator '<=' "$left<="
operator '>' "$left>[^=]"
operator '>=' "$left>="
operator 'in' "${kw}in[ (]"
operator 'and' "$kw\(and\|AND\)[ (]"
operator 'or' "$kw\(or\|OR\)[ (]"
operator 'not' "\(^\|[^A-Za-z0-9_.]\)\(not\|NOT\)[ (]"
# Unary minus: after an opening bracket, a comma, another operator or `${`.
operator 'unary -' "\([[(,{+*/%<>=-]\|and\|or\|not\) *-[A-Za-z0-9_(]"
exit $status
