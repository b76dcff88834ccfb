#!/bin/sh
# corpus_build.sh - the C backend on real workflows: every file of the
# shared corpus (../shared/corpus, or $CORPUS) that lints without an error
# is compiled by `wfc build --emit-c`, and the C must pass
# `cc -std=c11 -fsyntax-only -Wall -Wextra -Werror` against wfrt.h. One
# PASS or FAIL line per file. Skipped without the corpus.
#
# usage: corpus_build.sh WFC

wfc=$1
srcdir=${srcdir:-.}
corpus=${CORPUS:-"$srcdir/../shared/corpus"}
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    echo "SKIP: corpus-build: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
cc=${CC:-cc}
tail -n +2 "$corpus/MANIFEST.tsv" | cut -f1 >"$tmp/list"
while IFS= read -r f; do
    [ -f "$corpus/$f" ] || continue
    "$wfc" lint --color=never "$corpus/$f" >/dev/null 2>&1
    [ $? -eq 0 ] || continue # findings: the lint tests judge those
    if ! "$wfc" build "$corpus/$f" --emit-c "$tmp/w.c" >"$tmp/err" 2>&1; then
        echo "FAIL: corpus-build/$f: wfc build failed: $(head -c 300 "$tmp/err")"
        status=1
    elif ! $cc -std=c11 -fsyntax-only -Wall -Wextra -Werror -I"$srcdir/backends/runtime" \
        "$tmp/w.c" >"$tmp/err" 2>&1; then
        echo "FAIL: corpus-build/$f: the C does not compile: $(head -c 300 "$tmp/err")"
        status=1
    else
        echo "PASS: corpus-build/$f"
    fi
done <"$tmp/list"
exit $status
