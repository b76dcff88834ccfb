#!/bin/sh
# expand.sh - `wfc expand` on testdata/expand/: each CASE.yaml or CASE.json
# (not the CASE.lib.yaml libraries) must write exactly CASE.out to standard output
# and exactly CASE.err to standard error (no .err: nothing), exit 0 when it
# writes something and 1 when it refuses; and every expansion must lint
# clean. A first line "# wfc-test: ARGS" adds ARGS after the file (options
# or library files). Also: the bundled example with a subworkflow expands to
# a file that lints clean and whose graph renders, and -o leaves no partial
# file behind.
#
# usage: expand.sh WFC [update]

wfc=$1
update=${2:-}
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
dir="$srcdir/testdata/expand"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
. "$srcdir/tests/judge.sh"

# lints_clean LABEL FILE: the expanded FILE draws no diagnostic at all.
lints_clean() {
    if "$wfc" lint --no-config "$2" >"$tmp/lint" 2>&1; then
        echo "PASS: $1"
    else
        echo "FAIL: $1: the expanded file does not lint clean"
        sed 's/^/    /' "$tmp/lint" | head -n 20
        status=1
    fi
}

for f in "$dir"/*.yaml "$dir"/*.json; do
    case "$f" in *.lib.yaml) continue ;; esac
    base=$(basename "$f")
    name=${base%.*}
    args=$(sed -n '1s/^# wfc-test: //p' "$f")
    # shellcheck disable=SC2086
    (cd "$dir" && "$wfc" expand "$base" $args) >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ -n "$update" ]; then
        cp "$tmp/out" "$dir/$name.out"
        if [ -s "$tmp/err" ]; then cp "$tmp/err" "$dir/$name.err"; else rm -f "$dir/$name.err"; fi
        continue
    fi
    want=0
    [ -s "$dir/$name.out" ] || want=1
    [ -f "$dir/$name.err" ] || : >"$tmp/no-err"
    judge "expand/$name" "$tmp/out" "$dir/$name.out" "$st" "$want"
    judge "expand/$name.err" "$tmp/err" "$( [ -f "$dir/$name.err" ] && echo "$dir/$name.err" || echo "$tmp/no-err")" 0 0
    if [ "$st" -eq 0 ]; then
        case "$args $base" in *json*) ext=json ;; *) ext=yaml ;; esac
        cp "$tmp/out" "$tmp/expanded.$ext"
        lints_clean "expand/$name/lints-clean" "$tmp/expanded.$ext"
    fi
done
[ -n "$update" ] && exit 0

# The bundled example with a subworkflow: one flat file that lints clean.
example="$srcdir/examples/vertex-pipeline-subworkflow.yaml"
if "$wfc" expand "$example" -o "$tmp/flat.yaml" 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
    echo "PASS: expand/example"
    lints_clean "expand/example/lints-clean" "$tmp/flat.yaml"
else
    echo "FAIL: expand/example: wfc expand failed"
    sed 's/^/    /' "$tmp/err" | head -n 20
    status=1
fi

# ... and its graph renders.
if ! command -v dot >/dev/null 2>&1; then
    echo "SKIP: expand/example/graph: dot not installed"
elif "$wfc" graph "$tmp/flat.yaml" 2>"$tmp/err" | dot -Tsvg >/dev/null 2>>"$tmp/err" &&
    [ ! -s "$tmp/err" ]; then
    echo "PASS: expand/example/graph"
else
    echo "FAIL: expand/example/graph: the expanded example does not render"
    sed 's/^/    /' "$tmp/err" | head -n 20
    status=1
fi

# -o into a directory that does not exist: exit 2, nothing written.
"$wfc" expand "$example" -o "$tmp/missing/flat.yaml" >/dev/null 2>"$tmp/err"
st=$?
if [ "$st" -eq 2 ] && [ ! -e "$tmp/missing" ] && grep -q "missing/flat.yaml" "$tmp/err"; then
    echo "PASS: expand/output-error"
else
    echo "FAIL: expand/output-error: exit $st, expected 2 and a message naming the file"
    status=1
fi

# A refused input leaves an existing -o file as it was.
echo "before" >"$tmp/keep.yaml"
"$wfc" expand "$dir/lint-error.yaml" -o "$tmp/keep.yaml" >/dev/null 2>&1
if [ "$(cat "$tmp/keep.yaml")" = "before" ]; then
    echo "PASS: expand/refused-keeps-output"
else
    echo "FAIL: expand/refused-keeps-output: the -o file was changed"
    status=1
fi
# Every corpus file without lint errors expands, and the expansion has no
# lint error either (warnings of the original come along).
corpus=${CORPUS:-"$srcdir/../shared/corpus"}
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    echo "SKIP: expand/corpus: no corpus at $corpus"
else
    tail -n +2 "$corpus/MANIFEST.tsv" | cut -f1 | while read -r file; do
        "$wfc" lint --no-config "$corpus/$file" >/dev/null 2>&1
        [ $? -le 1 ] || continue
        "$wfc" lint --no-config "$corpus/$file" 2>&1 | grep -q ': error: ' && continue
        ext=${file##*.}
        if ! "$wfc" expand "$corpus/$file" >"$tmp/c.$ext" 2>"$tmp/err"; then
            echo "FAIL: expand/corpus/$file: wfc expand failed"
            sed 's/^/    /' "$tmp/err" | head -n 10
        elif "$wfc" lint --no-config "$tmp/c.$ext" 2>&1 | grep -q ': error: '; then
            echo "FAIL: expand/corpus/$file: the expansion has lint errors"
            "$wfc" lint --no-config "$tmp/c.$ext" 2>&1 | grep ': error: ' | head -n 5 | sed 's/^/    /'
        else
            echo "PASS: expand/corpus/$file"
        fi
    done >"$tmp/corpus"
    cat "$tmp/corpus"
    grep -q '^FAIL' "$tmp/corpus" && status=1
fi
exit $status
