#!/bin/sh
# corpus.sh - lints every workflow of the shared corpus of real public
# workflows (../shared/corpus beside the repository, or $CORPUS).
#
# A file fails when wfc crashes on it (a signal, or an exit status other than
# 0, 1, 2) or when it gets an error although MANIFEST.tsv does not flag it
# as broken or templated (INVALID-YAML, template placeholders, Terraform
# templatefile). Warnings never fail a file; they are listed with
# `make check-corpus V=1` for review.
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
trap 'rm -f "$tmp"' EXIT INT TERM
status=0

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
        echo "FAIL: corpus/$file: errors on a file not flagged as broken"
        grep ': error: ' "$tmp" | head -n 10 | sed 's/^/    /'
    else
        echo "PASS: corpus/$file"
        if [ "${V:-0}" = 1 ] && [ -s "$tmp" ]; then
            sed 's/^/    /' "$tmp"
        fi
    fi
done | tee "$tmp.all"
grep -q '^FAIL: ' "$tmp.all" && status=1
rm -f "$tmp.all"
exit $status
