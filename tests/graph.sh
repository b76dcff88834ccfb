#!/bin/sh
# graph.sh - `wfc graph`: the DOT and Mermaid drawings of testdata/graph/ and
# of the bundled examples, their rendering by Graphviz, the refusal of a
# file with errors, -o (a complete file or none), and the usage errors.
#
# usage: graph.sh WFC
# testdata/graph/NAME.yaml is drawn from inside testdata/graph/ and must print
# exactly NAME.dot (default format) and NAME.mmd (--format mermaid), nothing
# on standard error, exit 0; examples/NAME.yaml is expected as
# example-NAME.dot and example-NAME.mmd. A case with NAME.err instead is a
# file with errors: exit 1, nothing on standard output, NAME.err on standard
# error. Every .dot must render with `dot -Tsvg` without a warning.

wfc=$1
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
dir="$srcdir/testdata/graph"
out=$(mktemp)
err=$(mktemp)
work=$(mktemp -d)
trap 'rm -f "$out" "$err"; chmod -R u+w "$work"; rm -rf "$work"' EXIT INT TERM
status=0
. "$srcdir/tests/judge.sh"

pass() { echo "PASS: $1"; }
fail() {
    echo "FAIL: $1"
    status=1
}

# draw LABEL EXPECTED ARGS...: runs wfc from testdata/graph/, stdout and
# stderr together, and judges the result against EXPECTED (exit 0).
draw() {
    label=$1 expected=$2
    shift 2
    (cd "$dir" && "$wfc" graph "$@") >"$out" 2>&1
    judge "$label" "$out" "$expected" $? 0
}

# ---- drawings ----
for input in "$dir"/*.yaml; do
    name=$(basename "$input" .yaml)
    [ -f "$dir/$name.err" ] && continue
    draw "graph/$name.dot" "$dir/$name.dot" "$name.yaml"
    draw "graph/$name.mmd" "$dir/$name.mmd" --format mermaid "$name.yaml"
done
for input in "$srcdir"/examples/vertex-pipeline.yaml "$srcdir"/examples/vertex-pipeline-subworkflow.yaml; do
    name=example-$(basename "$input" .yaml)
    draw "graph/$name.dot" "$dir/$name.dot" "../../examples/$(basename "$input")"
    draw "graph/$name.mmd" "$dir/$name.mmd" -f mermaid "../../examples/$(basename "$input")"
done

# The same drawing however the options are spelled, and from standard input.
draw "graph/option-format-equals" "$dir/step-kinds.mmd" --format=mermaid step-kinds.yaml
draw "graph/option-format-dot" "$dir/step-kinds.dot" step-kinds.yaml -f dot
(cd "$dir" && "$wfc" graph - <step-kinds.yaml) >"$out" 2>&1
judge "graph/stdin" "$out" "$dir/step-kinds.dot" $? 0

# ---- rendering ----
if command -v dot >/dev/null 2>&1; then
    for f in "$dir"/*.dot; do
        name=$(basename "$f")
        if ! dot -Tsvg "$f" >/dev/null 2>"$err"; then
            fail "graph/render/$name: dot -Tsvg failed"
            sed 's/^/    /' "$err" | head -n 10
        elif [ -s "$err" ]; then
            fail "graph/render/$name: dot -Tsvg warns"
            sed 's/^/    /' "$err" | head -n 10
        else
            pass "graph/render/$name"
        fi
    done
else
    echo "SKIP: graph/render: dot not installed"
fi

# ---- files with errors ----
for expected in "$dir"/*.err; do
    name=$(basename "$expected" .err)
    for format in dot mermaid; do
        (cd "$dir" && "$wfc" graph --format "$format" "$name.yaml") >"$out" 2>"$err"
        judge "graph/$name-$format" "$err" "$expected" $? 1
        if [ -s "$out" ]; then
            fail "graph/$name-$format: a file with errors drew something"
        fi
    done
done

# ---- -o OUT ----
mkdir "$work/out"
echo "an older drawing" >"$work/out/g.dot"
(cd "$dir" && "$wfc" graph -o "$work/out/g.dot" step-kinds.yaml) >"$out" 2>&1
st=$?
if [ "$st" -ne 0 ] || [ -s "$out" ]; then
    fail "graph/output: exit status $st, expected 0 and no output"
    sed 's/^/    /' "$out" | head -n 10
else
    judge "graph/output" "$work/out/g.dot" "$dir/step-kinds.dot" 0 0
fi
(cd "$dir" && "$wfc" graph --output="$work/out/g.mmd" --format mermaid step-kinds.yaml) >"$out" 2>&1
judge "graph/output-equals" "$work/out/g.mmd" "$dir/step-kinds.mmd" $? 0
# Nothing but the two outputs in the directory: no temporary file left.
left=$(ls -A "$work/out" | tr '\n' ' ')
if [ "$left" = "g.dot g.mmd " ]; then
    pass "graph/output-no-leftovers"
else
    fail "graph/output-no-leftovers: the directory holds $left"
fi

# out_fails LABEL DIR TARGET ARGS...: -o TARGET must exit 2, name TARGET
# in its message, and leave DIR as it was.
out_fails() {
    label=$1 where=$2 target=$3
    shift 3
    before=$(ls -A "$where" 2>/dev/null | tr '\n' ' ')
    (cd "$dir" && "$wfc" graph -o "$target" "$@") >"$out" 2>&1
    st=$?
    after=$(ls -A "$where" 2>/dev/null | tr '\n' ' ')
    if [ "$st" -ne 2 ]; then
        fail "graph/$label: exit status $st, expected 2"
        sed 's/^/    /' "$out" | head -n 10
    elif ! grep -qF "cannot write $target: " "$out"; then
        fail "graph/$label: the message does not name $target"
        sed 's/^/    /' "$out" | head -n 10
    elif [ "$before" != "$after" ]; then
        fail "graph/$label: left files behind: $after"
    else
        pass "graph/$label"
    fi
}

out_fails output-missing-directory "$work" "$work/missing/g.dot" step-kinds.yaml
[ -e "$work/missing" ] && fail "graph/output-missing-directory: created $work/missing"
mkdir "$work/out/adir"
out_fails output-onto-directory "$work/out" "$work/out/adir" step-kinds.yaml
mkdir "$work/ro"
chmod a-w "$work/ro"
if touch "$work/ro/probe" 2>/dev/null; then
    rm -f "$work/ro/probe"
    echo "SKIP: graph/output-unwritable: permissions do not apply to this user"
else
    out_fails output-unwritable "$work/ro" "$work/ro/g.dot" step-kinds.yaml
fi
# A file with errors writes no output file.
(cd "$dir" && "$wfc" graph -o "$work/out/broken.dot" broken.yaml) >"$out" 2>&1
st=$?
if [ "$st" -eq 1 ] && [ ! -e "$work/out/broken.dot" ]; then
    pass "graph/output-refused"
else
    fail "graph/output-refused: exit status $st, expected 1 and no file"
fi

# ---- usage ----
# usage LABEL ARGS...: exit 2 with a message on standard error only.
usage() {
    label=$1
    shift
    (cd "$dir" && "$wfc" graph "$@") >"$out" 2>"$err"
    st=$?
    if [ "$st" -ne 2 ]; then
        fail "graph/$label: exit status $st, expected 2"
    elif [ -s "$out" ] || ! grep -q '^wfc: \|error' "$err"; then
        fail "graph/$label: expected a message on standard error only"
        sed 's/^/    /' "$out" "$err" | head -n 10
    else
        pass "graph/$label"
    fi
}
usage no-file
usage two-files step-kinds.yaml raise.yaml
usage bad-format --format svg step-kinds.yaml
usage format-without-value step-kinds.yaml --format
usage output-without-value step-kinds.yaml -o
usage unknown-option --frobnicate step-kinds.yaml
usage missing-file missing.yaml

"$wfc" help graph >"$out" 2>&1
st=$?
"$wfc" graph --help >"$err" 2>&1
if [ "$st" -eq 0 ] && head -n 1 "$out" | grep -q '^usage: wfc graph' && cmp -s "$out" "$err"; then
    pass "graph/help"
else
    fail "graph/help: 'wfc help graph' (exit $st) and 'wfc graph --help' differ or lack the usage"
fi
exit $status
