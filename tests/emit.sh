#!/bin/sh
# emit.sh - `wfc emit`: the writer's cases, the command line, -o, and the
# round trip over the shared corpus.
#
# usage: emit.sh WFC [update]
#
# 1. Each testdata/emit/NAME.yaml or NAME.json is emitted from that
#    directory as YAML and as JSON; stdout and stderr together must equal
#    NAME.yaml.out and NAME.json.out, with exit status 0 (1 for the few
#    cases of expected_status below). Each output must then read back as
#    the same program (`wfc dump-ir --no-positions` prints the same) and
#    emit again unchanged. When a Python with PyYAML is there, a YAML 1.1
#    reader must also read the YAML output as the same data as the JSON one.
# 2. testdata/emit/cli/: options, exit codes, settings, NAME.out as above.
# 3. -o: written atomically, nothing left behind on a failure.
# 4. Every file of the corpus (../shared/corpus or $CORPUS) that `wfc lint`
#    finds no error in is emitted as YAML and as JSON: each output must lint
#    without an error and give the same IR and the same text again. One
#    line per file and format.
# With "update", the .out files of 1 and 2 are rewritten instead.

wfc=$1
update=${2:-}
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
dir="$srcdir/testdata/emit"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
status=0
. "$srcdir/tests/judge.sh"

pass() { echo "PASS: $1"; }
fail() {
    echo "FAIL: $1"
    status=1
}

# ---- 1. the writer's cases ----

expected_status() { # NAME.FORMAT
    case "$1" in
    special-floats.json) echo 1 ;;
    *) echo 0 ;;
    esac
}

# Outputs that wfc cannot read back, and why (the YAML 1.1 check still
# reads them).
unreadable() { # NAME.FORMAT
    case "$1" in
    long-key.json) echo "wfc reads JSON as YAML, whose keys have at most 1024 characters" ;;
    esac
}

# Whether emitting $1 (any format) as $2 gives the same program and the
# same text again; prints why not.
round_trip() { # ORIGINAL FORMAT OUTPUT
    "$wfc" dump-ir --no-positions "$1" >"$tmp/ir.a" 2>/dev/null
    "$wfc" dump-ir --no-positions "$3" >"$tmp/ir.b" 2>"$tmp/ir.err"
    if ! cmp -s "$tmp/ir.a" "$tmp/ir.b"; then
        echo "the IR differs:"
        diff "$tmp/ir.a" "$tmp/ir.b" | head -n 10
        grep ': error: ' "$tmp/ir.err" | head -n 3
        return 1
    fi
    if ! "$wfc" emit --format "$2" "$3" 2>/dev/null | cmp -s - "$3"; then
        echo "emitting the output again changes it:"
        "$wfc" emit --format "$2" "$3" 2>&1 | diff "$3" - | head -n 10
        return 1
    fi
}

python=""
if python3 -c 'import yaml' 2>/dev/null; then
    python=python3
elif [ -z "$update" ]; then
    echo "SKIP: emit/*.yaml-1.1: no python3 with PyYAML (Debian: python3-yaml)"
fi

# For each line "LABEL<TAB>YAML<TAB>JSON" of file $1: whether a YAML 1.1
# reader (PyYAML) reads the YAML file as the data of the JSON one, keys
# compared as Workflows reads them (strings). One PASS or FAIL line each.
same_data() { # LIST
    "$python" - "$1" <<'PY'
import json, sys, yaml

def key(k):
    if isinstance(k, bool):
        return "true" if k else "false"
    if k is None:
        return "null"
    if isinstance(k, float):
        for p in range(1, 18):
            s = "%.*g" % (p, k)
            if float(s) == k:
                return s
    return str(k)

def norm(v):
    if isinstance(v, dict):
        return {key(k): norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v

failed = False
with open(sys.argv[1], encoding="utf-8") as cases:
    for line in cases:
        label, y, j = line.rstrip("\n").split("\t")
        try:
            with open(y, encoding="utf-8") as f:
                a = norm(yaml.safe_load(f))
            with open(j, encoding="utf-8") as f:
                b = norm(json.load(f))
        except (OSError, ValueError, yaml.YAMLError) as e:
            print("FAIL: %s: %s" % (label, str(e).splitlines()[0]))
            failed = True
            continue
        if a == b:
            print("PASS: " + label)
        else:
            print("FAIL: %s: PyYAML reads the YAML output as other data than the JSON one" % label)
            failed = True
sys.exit(1 if failed else 0)
PY
}

: >"$tmp/pairs"
for input in "$dir"/*.yaml "$dir"/*.json; do
    name=$(basename "$input")
    base=${name%.*}
    for fmt in yaml json; do
        (cd "$dir" && "$wfc" emit --format "$fmt" "$name") >"$tmp/got" 2>&1
        st=$?
        if [ -n "$update" ]; then
            cp "$tmp/got" "$dir/$base.$fmt.out"
            continue
        fi
        judge "emit/$base.$fmt" "$tmp/got" "$dir/$base.$fmt.out" "$st" "$(expected_status "$base.$fmt")"
        [ "$st" -eq 0 ] || continue
        got="$tmp/$base.$fmt"
        (cd "$dir" && "$wfc" emit --format "$fmt" "$name") >"$got" 2>/dev/null
        if [ -n "$(unreadable "$base.$fmt")" ]; then
            echo "SKIP: emit/$base.$fmt round trip: $(unreadable "$base.$fmt")"
        elif round_trip "$input" "$fmt" "$got" >"$tmp/why"; then
            pass "emit/$base.$fmt round trip"
        else
            fail "emit/$base.$fmt round trip"
            sed 's/^/    /' "$tmp/why"
        fi
    done
    if [ -s "$tmp/$base.json" ]; then
        printf 'emit/%s.yaml-1.1\t%s\t%s\n' "$base" "$tmp/$base.yaml" "$tmp/$base.json" >>"$tmp/pairs"
    fi
done
if [ -z "$update" ] && [ -n "$python" ]; then
    same_data "$tmp/pairs" || status=1
fi

# ---- 2. the command line ----

# NAME STATUS ARGS... [< FILE], run from testdata/emit/cli/
while read -r name want args; do
    case "$name" in '' | '#'*) continue ;; esac
    input=/dev/null
    case "$args" in *" < "*) input="${args##* < }" args="${args% < *}" ;; esac
    # shellcheck disable=SC2086
    (cd "$dir/cli" && "$wfc" $args <"$input") >"$tmp/got" 2>&1
    st=$?
    if [ -n "$update" ]; then
        cp "$tmp/got" "$dir/cli/$name.out"
        continue
    fi
    judge "emit-cli/$name" "$tmp/got" "$dir/cli/$name.out" "$st" "$want"
done <<'CASES'
help             0 help emit
help-option      0 emit --help
no-file          2 emit
two-files        2 emit clean.yaml clean.yaml
bad-format       2 emit --format xml clean.yaml
no-format        2 emit clean.yaml --format
unknown-option   2 emit --frobnicate clean.yaml
output-no-file   2 emit clean.yaml -o
missing-file     2 emit missing.yaml
directory        2 emit .
clean            0 emit clean.yaml
clean-json       0 emit -f json clean.yaml
format-equals    0 emit --format=json clean.yaml
stdout-dash      0 emit -o - clean.yaml
stdin            0 emit - < clean.yaml
double-dash      0 emit -- clean.yaml
lint-error       1 emit lint-error.yaml
lint-error-json  1 emit --format json lint-error.yaml
yaml-error       1 emit yaml-error.yaml
warning          0 emit warning.yaml
suppressed       0 emit suppressed.yaml
config           0 emit config/uses-config.yaml
bad-config       2 emit bad-config/workflow.yaml
json-refused     1 emit -f json ../special-floats.yaml
CASES
[ -z "$update" ] || exit 0

# ---- 3. -o ----

out="$tmp/o"
mkdir "$out"
clean="$dir/cli/clean.yaml"
listing() { (cd "$1" && ls -A); }

"$wfc" emit -o "$out/x.yaml" "$clean" >"$tmp/got" 2>&1
st=$?
if [ "$st" -eq 0 ] && [ ! -s "$tmp/got" ] && cmp -s "$out/x.yaml" "$dir/cli/clean.out" &&
    [ "$(listing "$out")" = x.yaml ]; then
    pass "emit-o/new-file"
else
    fail "emit-o/new-file: status $st, or the file differs from cli/clean.out, or more files: $(listing "$out")"
fi

printf 'old\n' >"$out/x.yaml"
chmod 640 "$out/x.yaml"
"$wfc" emit --output="$out/x.yaml" --format json "$clean" >"$tmp/got" 2>&1
st=$?
mode=$(ls -l "$out/x.yaml" | cut -c1-10)
if [ "$st" -eq 0 ] && cmp -s "$out/x.yaml" "$dir/cli/clean-json.out" && [ "$mode" = "-rw-r-----" ] &&
    [ "$(listing "$out")" = x.yaml ]; then
    pass "emit-o/replace-keeps-mode"
else
    fail "emit-o/replace-keeps-mode: status $st, mode $mode, files: $(listing "$out")"
fi

# A symbolic link is followed: the file it names is replaced, the link stays.
printf 'old\n' >"$out/real.yaml"
ln -s real.yaml "$out/link.yaml"
"$wfc" emit -o "$out/link.yaml" "$clean" >"$tmp/got" 2>&1
st=$?
if [ "$st" -eq 0 ] && [ -L "$out/link.yaml" ] && cmp -s "$out/real.yaml" "$dir/cli/clean.out"; then
    pass "emit-o/follows-symlink"
else
    fail "emit-o/follows-symlink: status $st, files: $(listing "$out")"
fi
rm -f "$out/real.yaml" "$out/link.yaml"
# A device is written to, never replaced.
if "$wfc" emit -o /dev/null "$clean" >"$tmp/got" 2>&1 && [ -c /dev/null ] && [ ! -s "$tmp/got" ]; then
    pass "emit-o/device"
else
    fail "emit-o/device"
fi

# A failure leaves the old file as it was and no temporary file.
for spec in "lint-error 1 $dir/cli/lint-error.yaml" "json-refused 1 -f json $dir/special-floats.yaml" \
    "missing-input 2 $dir/cli/missing.yaml"; do
    # shellcheck disable=SC2086
    set -- $spec
    label=$1 want=$2
    shift 2
    printf 'old\n' >"$out/x.yaml"
    "$wfc" emit -o "$out/x.yaml" "$@" >"$tmp/got" 2>&1
    st=$?
    if [ "$st" -eq "$want" ] && [ "$(cat "$out/x.yaml")" = old ] && [ "$(listing "$out")" = x.yaml ]; then
        pass "emit-o/$label-keeps-old"
    else
        fail "emit-o/$label-keeps-old: status $st (want $want), files: $(listing "$out")"
    fi
done
rm -f "$out/x.yaml"
"$wfc" emit -o "$out/y.yaml" "$dir/cli/lint-error.yaml" >/dev/null 2>&1
if [ -z "$(listing "$out")" ]; then
    pass "emit-o/lint-error-creates-nothing"
else
    fail "emit-o/lint-error-creates-nothing: files: $(listing "$out")"
fi

# Unwritable places: exit 2, a message naming OUT, nothing left behind.
printf 'x\n' >"$tmp/plain-file"
for spec in "no-directory $out/missing/x.yaml" "under-a-file $tmp/plain-file/x.yaml" \
    "a-directory $out" "trailing-slash $out/new/"; do
    # shellcheck disable=SC2086
    set -- $spec
    "$wfc" emit -o "$2" "$clean" >"$tmp/got" 2>&1
    st=$?
    if [ "$st" -eq 2 ] && grep -q "^wfc: cannot write $2: " "$tmp/got" && [ -z "$(listing "$out")" ]; then
        pass "emit-o/$1"
    else
        fail "emit-o/$1: status $st, files: $(listing "$out")"
        sed 's/^/    /' "$tmp/got"
    fi
done
# A directory without write permission; root is bound by it only when the
# run drops to another user (setpriv, util-linux), else the case is skipped.
mkdir "$out/ro"
cp "$clean" "$tmp/clean.yaml"
chmod 644 "$tmp/clean.yaml"
chmod 711 "$tmp" "$out"
chmod 555 "$out/ro"
as_user=""
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ "$(id -u)" -eq 0 ] && [ -z "$as_user" ]; then
    echo "SKIP: emit-o/read-only-directory: running as root without setpriv"
else
    $as_user "$wfc" emit -o "$out/ro/x.yaml" "$tmp/clean.yaml" >"$tmp/got" 2>&1
    st=$?
    if [ "$st" -eq 2 ] && grep -q "^wfc: cannot write $out/ro/x.yaml: " "$tmp/got" &&
        [ -z "$(listing "$out/ro")" ]; then
        pass "emit-o/read-only-directory"
    else
        fail "emit-o/read-only-directory: status $st, files: $(listing "$out/ro")"
        sed 's/^/    /' "$tmp/got"
    fi
fi
if [ -w /dev/full ]; then
    "$wfc" emit "$clean" >/dev/full 2>"$tmp/got"
    st=$?
    if [ "$st" -eq 2 ] && grep -q "^wfc: cannot write standard output: " "$tmp/got"; then
        pass "emit-o/stdout-full"
    else
        fail "emit-o/stdout-full: status $st"
    fi
fi

# ---- 4. the corpus ----

corpus=${CORPUS:-"$srcdir/../shared/corpus"}
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    echo "SKIP: emit-corpus: no corpus at $corpus"
    exit $status
fi
n=0
skipped=0
mkdir "$tmp/c"
: >"$tmp/pairs"
for file in $(tail -n +2 "$corpus/MANIFEST.tsv" | cut -f1); do
    [ -f "$corpus/$file" ] || continue
    if (cd "$corpus" && "$wfc" lint --color=never "$file") 2>&1 | grep -q ': error: '; then
        skipped=$((skipped + 1))
        continue
    fi
    n=$((n + 1))
    for fmt in yaml json; do
        rt="$tmp/c/$n.$fmt"
        (cd "$corpus" && "$wfc" emit --format "$fmt" "$file") >"$rt" 2>"$tmp/err"
        st=$?
        if [ "$st" -ne 0 ]; then
            fail "emit-corpus/$file ($fmt): exit status $st"
            head -n 5 "$tmp/err" | sed 's/^/    /'
        elif "$wfc" lint --no-config --color=never "$rt" 2>&1 | grep ': error: ' >"$tmp/why"; then
            fail "emit-corpus/$file ($fmt): the output has lint errors"
            head -n 5 "$tmp/why" | sed 's/^/    /'
        elif ! round_trip "$corpus/$file" "$fmt" "$rt" >"$tmp/why"; then
            fail "emit-corpus/$file ($fmt)"
            sed 's/^/    /' "$tmp/why"
        else
            pass "emit-corpus/$file ($fmt)"
        fi
    done
    printf 'emit-corpus/%s (yaml-1.1)\t%s\t%s\n' "$file" "$tmp/c/$n.yaml" "$tmp/c/$n.json" >>"$tmp/pairs"
done
if [ -n "$python" ]; then
    same_data "$tmp/pairs" || status=1
fi
echo "SKIP: emit-corpus: $n files round-tripped; $skipped with lint errors left out"
exit $status
