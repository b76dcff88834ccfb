#!/bin/sh
# format.sh - one list of diagnostics, four printers: each run below must
# print exactly testdata/format/NAME.out (text), NAME.json, NAME.sarif and
# NAME.github, and exit with the given status. Every SARIF log printed is
# also validated against the official SARIF 2.1.0 schema when it is there
# (quickstart --deps-only fetches it into .cache/; WFC_SARIF_SCHEMA overrides
# the path) and a Python with jsonschema is; otherwise that part is skipped
# with a SKIP line.
#
# usage: format.sh WFC [update]

wfc=$1
update=${2:-}
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
dir="$srcdir/testdata/format"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
. "$srcdir/tests/judge.sh"

schema=${WFC_SARIF_SCHEMA:-$srcdir/.cache/sarif-2.1.0-rtm.5.json}
python=""
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import jsonschema' 2>/dev/null; then
        python=$p
        break
    fi
done
validate=yes
if [ -z "$update" ] && [ ! -f "$schema" ]; then
    echo "SKIP: format/sarif-schema: no schema at $schema (run ./quickstart --deps-only)"
    validate=no
elif [ -z "$update" ] && [ -z "$python" ]; then
    echo "SKIP: format/sarif-schema: no python3 with jsonschema (Debian: python3-jsonschema)"
    validate=no
fi

# NAME STATUS FILE... [< INPUT]
while read -r name want files; do
    case "$name" in '' | '#'*) continue ;; esac
    input=/dev/null
    case "$files" in *" < "*) input="${files##* < }" files="${files% < *}" ;; esac
    for fmt in text json sarif github; do
        ext=$fmt
        [ "$fmt" = text ] && ext=out
        # shellcheck disable=SC2086
        (cd "$dir" && "$wfc" lint --no-config --format "$fmt" $files <"$input") >"$tmp/$name.$ext" 2>&1
        st=$?
        if [ -n "$update" ]; then
            cp "$tmp/$name.$ext" "$dir/$name.$ext"
            continue
        fi
        judge "format/$name.$ext" "$tmp/$name.$ext" "$dir/$name.$ext" "$st" "$want"
    done
    if [ -z "$update" ] && [ "$validate" = yes ]; then
        if "$python" "$srcdir/tests/sarif_validate.py" "$schema" "$tmp/$name.sarif" >"$tmp/why" 2>&1; then
            echo "PASS: format/sarif-schema/$name"
        else
            echo "FAIL: format/sarif-schema/$name: not valid SARIF 2.1.0"
            head -n 20 "$tmp/why" | sed 's/^/    /'
            status=1
        fi
    fi
done <<'RUNS'
findings    1 findings.yaml
yaml-error  1 yaml-error.yaml
clean       0 clean.yaml
several     2 findings.yaml clean.yaml yaml-error.yaml missing.yaml
stdin       1 - < findings.yaml
RUNS
exit $status
