#!/bin/sh
# run.sh - the runner conformance suite: every case of testdata/run/*.test
# (format in ../shared/STYLE.md) is compiled with `wfc build` and run, and
# what it prints must be what Workflows does.
#
#   === ID            a case; the workflow follows verbatim up to the first
#   ...               "--- " line
#   --- args          (optional) the JSON argument, passed with --data-file
#   --- result        JSON the run must print (exit 0), compared by value:
#                     an integer is not a double, true is not 1
#   --- error         JSON the uncaught error must match (exit 1): for a
#                     map, each key given (pin "tags"); else the whole value
#
#   --- env           (optional, this driver's own) NAME=VALUE lines: the
#                     environment of the case's run
#   --- stubs         (optional, this driver's own) a --stub-file for the
#                     program: {"NAME": {"return": V} or {"raise": E}}
#   --- flags         (optional, this driver's own) options for the
#                     program, after those below (a later one wins), split
#                     at spaces: "--sleep-scale 1"
#
# Blank lines and lines starting with # between cases are ignored. Every
# case runs with --sleep-scale 0 (backoffs, sys.sleep and the timeout of
# events.await_callback take no time) unless its flags say otherwise, and
# is compiled with CC="${CC:-cc} -Wall -Wextra -Werror", so the generated C
# is proved warning-free too. Then `wfc run` is checked once: the second
# run of an unchanged file uses the cached program.
#
# HTTP: when a case names http://wfc-test.invalid/, https://wfc-tls.invalid/
# or http://wfc-closed.invalid/ (".invalid" never resolves),
# tests/http_server.py is started on 127.0.0.1 (tests/http_server.sh) and
# every case runs with --http-rewrite options that send the first to it,
# the second to its HTTPS port and the third to a port nothing listens on.
# Cases run without WFC_ACCESS_TOKEN and WFC_ID_TOKEN and with the metadata
# server out of reach (GCE_METADATA_HOST), unless their --- env says
# otherwise.
#
# usage: run.sh WFC [--only ID] [--keep] FILE.test...
#   --only ID   run the cases whose id matches ID (a shell pattern)
#   --keep      keep the work directory (the workflow, C and program of each
#               case) and print where it is

wfc=$1
shift
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
only=""
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
    --only) only=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) break ;;
    esac
done

if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: run: python3 is needed to compare JSON"
    exit 0
fi

srcdir=${srcdir:-$(dirname "$0")/..}
. "$srcdir/tests/http_server.sh"
tmp=$(mktemp -d)
if [ -n "$keep" ]; then
    echo "kept in $tmp"
    trap 'http_server_stop' EXIT
else
    trap 'http_server_stop; rm -rf "$tmp"' EXIT
fi
trap 'exit 130' INT TERM
export XDG_CACHE_HOME="$tmp/cache"
CC="${CC:-cc} -Wall -Wextra -Werror"
export CC

# Splits the files into $tmp/N.id, N.yaml, N.args, N.result, N.error, ... (a
# file per section); prints N.
awk -v dir="$tmp" '
    /^=== / { n++; print substr($0, 5) > (dir "/" n ".id"); close(dir "/" n ".id"); sect = "yaml"; next }
    n == 0 { next }
    /^--- [a-z]+[ \t]*$/ { sect = $2; next }
    sect == "yaml" { print > (dir "/" n ".yaml"); next }
    /^[ \t]*$/ || /^#/ { next }
    { print > (dir "/" n "." sect) }
    END { print n + 0 }
' "$@" >"$tmp/count"
count=$(cat "$tmp/count")

if grep -q 'wfc-test\.invalid\|wfc-tls\.invalid\|wfc-closed\.invalid' "$@" &&
    ! http_server_start "$srcdir/tests/http_server.py" "$tmp"; then
    echo "FAIL: run/http-server: tests/http_server.py did not start"
    exit 1
fi
unset WFC_ACCESS_TOKEN WFC_ID_TOKEN
GCE_METADATA_HOST=127.0.0.1:${http_closed_port:-9}
export GCE_METADATA_HOST

# run_case C: runs the program of case C with its arguments, environment
# and the HTTP rewrites, --sleep-scale 0, its stubs, then its flags.
run_case() (
    if [ -f "$1.env" ]; then
        while IFS= read -r assignment; do
            export "$assignment"
        done <"$1.env"
    fi
    set -- "$1" --sleep-scale 0
    if [ -n "$http_port" ]; then
        set -- "$@" --http-rewrite "http://wfc-test.invalid/=http://127.0.0.1:$http_port/" \
            --http-rewrite "https://wfc-tls.invalid/=https://127.0.0.1:$http_tls_port/" \
            --http-rewrite "http://wfc-closed.invalid/=http://127.0.0.1:$http_closed_port/"
    fi
    [ -f "$1.args" ] && set -- "$@" --data-file "$1.args"
    [ -f "$1.stubs" ] && set -- "$@" --stub-file "$1.stubs"
    # shellcheck disable=SC2046
    [ -f "$1.flags" ] && set -- "$@" $(cat "$1.flags")
    c=$1
    shift
    exec "$c.exe" "$@"
)

# judge KIND EXPECTED OUTPUT: compares by value; prints why not, exits 1.
judge='
import json, math, sys
kind, expected, output = sys.argv[1:4]
def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b
with open(expected, encoding="utf-8") as f:
    want = json.loads(f.read())
with open(output, encoding="utf-8", errors="surrogateescape") as f:
    text = f.read()
try:
    if kind == "result":
        got = json.loads(text)
    else:
        lines = [l for l in text.splitlines() if l.startswith("error: ")]
        got = json.loads(lines[-1][len("error: "):])
except (ValueError, IndexError) as e:
    print("cannot read the %s: %s" % (kind, e))
    sys.exit(1)
if kind == "error" and isinstance(want, dict) and isinstance(got, dict):
    bad = [k for k in want if k not in got or not same(want[k], got[k])]
    ok = not bad
else:
    ok = same(want, got)
if not ok:
    print("%s %s, expected %s" % (kind, json.dumps(got), json.dumps(want)))
    sys.exit(1)
'

status=0
n=0
while [ "$n" -lt "$count" ]; do
    n=$((n + 1))
    c="$tmp/$n"
    id=$(cat "$c.id")
    # shellcheck disable=SC2254
    case "$id" in ${only:-*}) ;; *) continue ;; esac
    if [ -f "$c.result" ]; then
        kind=result want=0
    elif [ -f "$c.error" ]; then
        kind=error want=1
    else
        echo "FAIL: run/$id: the case has neither --- result nor --- error"
        status=1
        continue
    fi
    if ! "$wfc" build -O 0 --emit-c "$c.c" -o "$c.exe" "$c.yaml" >"$c.build" 2>&1; then
        echo "FAIL: run/$id: wfc build failed"
        sed 's/^/    /' "$c.build" | head -n 20
        status=1
        continue
    fi
    run_case "$c" >"$c.out" 2>"$c.err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: run/$id: exit status $got, expected $want"
        cat "$c.out" "$c.err" | head -n 10 | sed 's/^/    /'
        status=1
        continue
    fi
    [ "$kind" = result ] && out="$c.out" || out="$c.err"
    if why=$(python3 -c "$judge" "$kind" "$c.$kind" "$out"); then
        echo "PASS: run/$id"
    else
        echo "FAIL: run/$id: $why"
        status=1
    fi
done

# wfc run: compiles once, then runs the cached program.
if [ -z "$only" ]; then
    cat >"$tmp/cached.yaml" <<'EOF'
main:
  params: [args]
  steps:
    - done:
        return: ${args.n + 1}
EOF
    first=$("$wfc" run --verbose -O 0 "$tmp/cached.yaml" --data '{"n": 41}' 2>"$tmp/cached.1")
    second=$("$wfc" run --verbose -O 0 "$tmp/cached.yaml" --data '{"n": 1}' 2>"$tmp/cached.2")
    if [ "$first" = 42 ] && [ "$second" = 2 ] && grep -q compiling "$tmp/cached.1" &&
        grep -q cached "$tmp/cached.2" && ! grep -q compiling "$tmp/cached.2"; then
        echo "PASS: run/cache"
    else
        echo "FAIL: run/cache: the second run compiled again or printed the wrong result"
        cat "$tmp/cached.1" "$tmp/cached.2" | sed 's/^/    /'
        status=1
    fi

    # check NAME WANT-STATUS COMMAND...: the exit status of a command.
    check() {
        name=$1 want=$2
        shift 2
        "$@" >"$tmp/check.out" 2>&1
        got=$?
        if [ "$got" -eq "$want" ]; then
            echo "PASS: run/$name"
        else
            echo "FAIL: run/$name: exit status $got, expected $want"
            sed 's/^/    /' "$tmp/check.out" | head -n 10
            status=1
        fi
    }
    printf 'main:\n  steps:\n    - a:\n        next: nowhere\n' >"$tmp/broken.yaml"
    check build-refuses-errors 1 "$wfc" build "$tmp/broken.yaml" -o "$tmp/broken"
    check build-refuses-errors-no-program 1 test -e "$tmp/broken"
    check run-refuses-errors 1 "$wfc" run "$tmp/broken.yaml"
    # Errors silenced by `# wfc: ignore` still leave no main to compile
    # (found by the cgen fuzz target): refused, not a crash.
    printf 'other: # wfc: ignore\n  steps:\n    - a:\n        return: 1\n' >"$tmp/no-main.yaml"
    check build-refuses-silenced-no-main 1 "$wfc" build "$tmp/no-main.yaml" -o "$tmp/no-main"
    printf '"text" # wfc: ignore\n' >"$tmp/scalar.yaml"
    check run-refuses-silenced-scalar 1 "$wfc" run "$tmp/scalar.yaml"
    check build-needs-output 2 "$wfc" build "$tmp/cached.yaml"
    check build-bad-level 2 "$wfc" build -O 9 "$tmp/cached.yaml" -o "$tmp/x"
    check run-needs-file 2 "$wfc" run
    check build-emit-c-alone 0 "$wfc" build --emit-c "$tmp/alone.c" "$tmp/cached.yaml"
    check build-emit-c-alone-no-program 1 test -e "$tmp/alone"
    check build-emit-c-alone-c 0 grep -q 'wfrt_main(argc, argv' "$tmp/alone.c"
    check run-uncaught-error 1 "$wfc" run "$tmp/cached.yaml" --data '{"n": null}'
    check run-bad-runner-option 2 "$wfc" run "$tmp/cached.yaml" --frobnicate
fi
exit $status
