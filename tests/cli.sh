#!/bin/sh
# cli.sh - the wfc command line: options, exit codes, several files, output
# formats, and the bundled examples.
#
# usage: cli.sh WFC [update]
# Each case runs from testdata/cli/ and must print exactly testdata/cli/NAME.out
# (stdout and stderr together) and exit with the given status. With
# "update", the .out files are rewritten from the current build instead.

wfc=$1
update=${2:-}
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
dir="$srcdir/testdata/cli"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT INT TERM
status=0
. "$srcdir/tests/judge.sh"

# NAME STATUS ARGS... [< FILE] (ARGS are split on spaces; FILE is standard input)
while read -r name want args; do
    case "$name" in ''|'#'*) continue ;; esac
    input=/dev/null
    case "$args" in *" < "*) input="${args##* < }" args="${args% < *}" ;; esac
    # shellcheck disable=SC2086
    (cd "$dir" && "$wfc" $args <"$input") >"$tmp" 2>&1
    st=$?
    if [ -n "$update" ]; then
        cp "$tmp" "$dir/$name.out"
        continue
    fi
    judge "cli/$name" "$tmp" "$dir/$name.out" "$st" "$want"
done <<'CASES'
help                 0 --help
help-short           0 -h
help-command         0 help
help-lint            0 help lint
lint-help            0 lint --help
help-dump            0 dump-ir --help
help-unknown         2 help frobnicate
version              0 --version
no-command           2
unknown-command      2 frobnicate
unknown-option       2 lint --frobnicate x.yaml
lint-no-files        2 lint
bad-format           2 lint --format xml clean.yaml
list-checks          0 lint --list-checks
clean                0 lint clean.yaml
several-files        1 lint clean.yaml findings.yaml clean.yaml
missing-file         2 lint clean.yaml missing.yaml findings.yaml
directory            2 lint .
json                 1 lint --format json findings.yaml clean.yaml
json-equals          1 lint --format=json findings.yaml
json-clean           0 lint -f json clean.yaml
stdin                1 lint - < findings.yaml
stdin-and-files      1 lint clean.yaml - < findings.yaml
dump-ir              0 dump-ir clean.yaml
dump-ir-args         2 dump-ir
dump-ir-missing      2 dump-ir missing.yaml
example              0 lint ../../examples/vertex-pipeline.yaml
example-sub          0 lint ../../examples/vertex-pipeline-subworkflow.yaml
example-broken       1 lint ../../examples/vertex-pipeline-broken.yaml
help-check           0 help duplicate-step
help-topic-typo      2 help unknwn-key
help-topic-unknown   2 help frobnicate-everything
sarif                1 lint --format sarif findings.yaml clean.yaml
sarif-clean          0 lint --format=sarif clean.yaml
github               1 lint --format github findings.yaml clean.yaml
github-clean         0 lint -f github clean.yaml
strict               1 lint --strict --no-config findings.yaml
enable-disable       1 lint --disable unknown-key,duplicate-step --enable duplicate-step findings.yaml
config-missing-arg   2 lint clean.yaml --config
CASES

# The size limit of a source file (exceeds-limit), on files made here: a small
# workflow padded with comment lines to exactly 131072 bytes passes, one byte
# more fails at 1:1. Nothing to update: the expected output is below.
big=$(mktemp -d)
trap 'rm -f "$tmp"; rm -rf "$big"' EXIT INT TERM
for size in 131072 131073; do
    [ -z "$update" ] || break
    name=size-$size
    printf 'main:\n  steps:\n    - done:\n        return: ok\n' >"$big/$name.yaml"
    pad=$((size - $(wc -c <"$big/$name.yaml")))
    awk -v n="$pad" 'BEGIN {
        s = "#"; while (length(s) < 63) s = s s
        while (n > 0) { k = n < 64 ? n : 64; print substr(s, 1, k - 1); n -= k } }' >>"$big/$name.yaml"
    want=0
    : >"$big/$name.out"
    if [ "$size" -gt 131072 ]; then
        want=1
        printf '%s\n' "$name.yaml:1:1: error: the file has $size bytes; Workflows deploys at most 131072 (128 KB): split it or move data out of it [exceeds-limit]" \
            '    1 | main:' '      | ^' >"$big/$name.out"
    fi
    (cd "$big" && "$wfc" lint --no-config "$name.yaml") >"$tmp" 2>&1
    judge "cli/$name" "$tmp" "$big/$name.out" $? "$want"
done
exit $status
