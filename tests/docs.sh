#!/bin/sh
# docs.sh - every check has its page in docs/checks/, and every page a check;
# the man pages format without a warning from groff.
#
# usage: docs.sh WFC

wfc=$1
status=0
ids=$("$wfc" lint --list-checks | cut -d' ' -f1)
for id in $ids; do
    if [ -f "$srcdir/docs/checks/$id.md" ] && head -n 1 "$srcdir/docs/checks/$id.md" | grep -q "^# $id\$"; then
        echo "PASS: docs/checks/$id.md"
    else
        echo "FAIL: docs/checks/$id.md: check $id has no page (or the page's title is not \"# $id\")"
        status=1
    fi
done
for page in "$srcdir"/docs/checks/*.md; do
    id=$(basename "$page" .md)
    if ! echo "$ids" | grep -qx "$id"; then
        echo "FAIL: docs/checks/$id.md: no check has this id"
        status=1
    fi
done
for page in "$srcdir"/docs/*.[0-9]; do
    name=docs/$(basename "$page")
    if ! command -v groff >/dev/null 2>&1; then
        echo "SKIP: $name: groff is not installed (Debian package groff-base)"
    elif warnings=$(groff -man -ww -z "$page" 2>&1) && [ -z "$warnings" ]; then
        echo "PASS: $name formats without warnings"
    else
        echo "FAIL: $name: groff -man -ww: $warnings"
        status=1
    fi
done
exit $status
