#!/bin/sh
# corpus.sh - lints every workflow of the shared corpus of real public
# workflows (../shared/corpus beside the repository, or $CORPUS).
#
# A file fails when wfc crashes on it (a signal, or an exit status other than
# 0, 1, 2) or when it gets an error although MANIFEST.tsv does not flag it
# as broken or templated (INVALID-YAML, template placeholders, Terraform
# templatefile) -- unless testdata/corpus-known.tsv lists that error as a
# real problem of the file. Every row of that list must still be reported.
# Warnings never fail a file; `make check-corpus V=1` shows them for review.
#
# usage: corpus.sh WFC

wfc=$1
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
corpus=${CORPUS:-"$srcdir/../shared/corpus"}
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    echo "corpus.sh: no corpus at $corpus; skipped" >&2
    exit 0
fi
tmp=$(mktemp)
seen=$(mktemp)
trap 'rm -f "$tmp" "$tmp.all" "$seen"' EXIT INT TERM
status=0
known="$srcdir/testdata/corpus-known.tsv"

# The errors of the file in $tmp as "FILE<TAB>LINE<TAB>CHECK" lines.
errors_of() {
    sed -n 's/^\(.*\):\([0-9]*\):[0-9]*: error: .* \[\([a-z-]*\)\]$/\1	\2	\3/p' "$tmp"
}

# Columns: 1 file, 7 notes. The header line is skipped.
tail -n +2 "$corpus/MANIFEST.tsv" | cut -f1,7 | while IFS="$(printf '\t')" read -r file notes; do
    [ -f "$corpus/$file" ] || { echo "FAIL: corpus/$file: listed but missing"; continue; }
    flagged=no
    case "$notes" in
    *INVALID-YAML* | *"template placeholders"* | *"terraform templatefile"*) flagged=yes ;;
    esac
    (cd "$corpus" && "$wfc" lint --color=never "$file") >"$tmp" 2>&1
    st=$?
    if [ "$st" -gt 2 ]; then
        echo "FAIL: corpus/$file: crashed (exit status $st)"
        sed 's/^/    /' "$tmp" | tail -n 20
    elif [ "$flagged" = no ] && grep -q ': error: ' "$tmp"; then
        errors_of >>"$seen"
        unknown=$(errors_of | while IFS="$(printf '\t')" read -r f l c; do
            grep -q "^$f	$l	$c	" "$known" || echo "$f:$l [$c]"
        done)
        if [ -n "$unknown" ]; then
            echo "FAIL: corpus/$file: errors on a file not flagged as broken"
            grep ': error: ' "$tmp" | head -n 10 | sed 's/^/    /'
        else
            echo "PASS: corpus/$file (known problems, see testdata/corpus-known.tsv)"
        fi
    else
        echo "PASS: corpus/$file"
        if [ "${V:-0}" = 1 ] && [ -s "$tmp" ]; then
            sed 's/^/    /' "$tmp"
        fi
    fi
done >"$tmp.all"
cat "$tmp.all"
grep -q '^FAIL: ' "$tmp.all" && status=1
# Every known problem must still be found.
grep -v '^#' "$known" | while IFS="$(printf '\t')" read -r f l c why; do
    if grep -q "^$f	$l	$c\$" "$seen"; then
        echo "PASS: corpus-known/$f:$l [$c]"
    else
        echo "FAIL: corpus-known/$f:$l [$c]: listed in corpus-known.tsv but no longer reported"
    fi
done >"$tmp"
cat "$tmp"
grep -q '^FAIL: ' "$tmp" && status=1
exit $status
