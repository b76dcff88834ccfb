#!/bin/sh
# runner.sh - the runner's command line (wfrt_main in
# backends/runtime/exec.c), driven through tests/unit/test_runner_main, a
# hand-written program whose main echoes its argument or, for a map with
# a known key, raises, fails, returns bytes, runs steps or recurses.
#
# usage: runner.sh RUNNER
# Each case gives the exit status, the exact standard output, and a text
# that standard error must contain (empty: stderr must be empty).

runner=$1
case "$runner" in /*) ;; *) runner="$(pwd)/$runner" ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# check NAME STATUS STDOUT STDERR-TEXT ARGS...
check() {
    name=$1 want=$2 out=$3 err=$4
    shift 4
    "$runner" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    st=$?
    if [ "$st" -ne "$want" ]; then
        echo "FAIL: runner/$name: exit status $st, expected $want"
        sed 's/^/    /' "$tmp/err" | head -n 10
        status=1
    elif [ "$(cat "$tmp/out")" != "$out" ]; then
        printf "FAIL: runner/%s: stdout is '%s', expected '%s'\n" "$name" "$(cat "$tmp/out")" "$out"
        status=1
    elif [ -z "$err" ] && [ -s "$tmp/err" ]; then
        echo "FAIL: runner/$name: unexpected stderr: $(head -n 3 "$tmp/err")"
        status=1
    elif [ -n "$err" ] && ! grep -qF -- "$err" "$tmp/err"; then
        echo "FAIL: runner/$name: stderr lacks '$err': $(head -n 3 "$tmp/err")"
        status=1
    else
        echo "PASS: runner/$name"
    fi
}

# The argument and the result, exactly.
check no-data 0 'null' ''
check data-int 0 '42' '' --data 42
check data-equals 0 '[1,2]' '' --data='[1,2]'
check data-max-int 0 '9223372036854775807' '' --data 9223372036854775807
check data-min-int 0 '-9223372036854775808' '' --data -9223372036854775808
check data-double-one 0 '1.0' '' --data 1.0
check data-double-tenth 0 '0.1' '' --data 0.1
check data-double-big 0 '1e+300' '' --data 1e300
check data-string 0 '"hé\"llo\n"' '' --data '"h\u00e9\"llo\n"'
check data-unicode 0 '"héllo 日本 😀"' '' --data '"h\u00e9llo \u65e5\u672c \ud83d\ude00"'
check data-nested 0 '{"b":[1,2.5,{"c":null}],"a":true,"z":""}' '' \
    --data ' { "b" : [1, 2.5, {"c": null}], "a": true, "z": "" } '
check data-key-order 0 '{"z":1,"a":2,"m":3}' '' --data '{"z":1,"a":2,"m":3}'
check data-duplicate-key 0 '{"a":3,"b":2}' '' --data '{"a":1,"b":2,"a":3}'

printf '{"from": "file", "n": [1, 2.0]}\n' >"$tmp/arg.json"
check data-file 0 '{"from":"file","n":[1,2.0]}' '' --data-file "$tmp/arg.json"
check data-file-equals 0 '{"from":"file","n":[1,2.0]}' '' --data-file="$tmp/arg.json"

# Bad options and arguments: exit 2 with a message.
check bad-json 2 '' 'invalid JSON' --data '{"a":'
check bad-json-word 2 '' 'invalid JSON' --data nope
check bad-json-int 2 '' 'does not fit in 64 bits' --data 9223372036854775808
check empty-data 2 '' 'invalid JSON' --data ''
check missing-file 2 '' 'cannot read' --data-file "$tmp/missing.json"
printf '[1,,2]' >"$tmp/bad.json"
check bad-file 2 '' 'invalid JSON' --data-file "$tmp/bad.json"
check data-twice 2 '' 'give the argument once' --data 1 --data 2
check data-and-file 2 '' 'give the argument once' --data 1 --data-file "$tmp/arg.json"
check no-value 2 '' 'needs a value' --data
check unknown-option 2 '' 'unknown option --frobnicate' --frobnicate
check stray-argument 2 '' 'unexpected argument' extra
check bad-log-format 2 '' 'expected text or json' --log-format xml
check bad-rewrite 2 '' 'expected FROM=TO' --http-rewrite nothing
check bad-sleep-scale 2 '' 'expected a number' --sleep-scale fast
check negative-sleep-scale 2 '' 'expected a number' --sleep-scale -1
check bad-max-steps 2 '' 'expected an integer' --max-steps many
check bad-max-memory 2 '' '--max-memory: expected an integer >= 0, not "-5"' --max-memory -5
check bad-stub 2 '' '--stub: expected NAME=JSON, not "googleapis.x"' --stub googleapis.x
check stub-not-json 2 '' '--stub googleapis.x: the value is not JSON' --stub 'googleapis.x={'
check stub-raise-number 2 '' '--stub-raise googleapis.x: raise a string or a map' \
    --stub-raise googleapis.x=1
check stub-file-missing 2 '' "--stub-file: cannot read $tmp/none.json" --stub-file "$tmp/none.json"
printf '{"googleapis.x": {"return": 1, "raise": "e"}}' >"$tmp/stubs-both.json"
check stub-file-both 2 '' 'googleapis.x: expected {"return": VALUE} or {"raise": ERROR}' \
    --stub-file "$tmp/stubs-both.json"
printf '[]' >"$tmp/stubs-list.json"
check stub-file-list 2 '' 'expected a map of connector names' --stub-file "$tmp/stubs-list.json"
printf '{"googleapis.x": {"return": [1, {"a": null}]}}' >"$tmp/stubs-ok.json"
check stub-file-ok 0 '1' '' --stub-file "$tmp/stubs-ok.json" --data 1
check help 0 "$("$runner" --help)" '' --help
check help-short 0 "$("$runner" --help)" '' -h
if "$runner" --help | grep -q '^usage: '; then
    echo "PASS: runner/help-text"
else
    echo "FAIL: runner/help-text: no usage line"
    status=1
fi

# Options that only set wfrt_opts are accepted.
check options 0 '1' '' --log-format json --http-rewrite 'https://a/=http://127.0.0.1:1/' \
    --http-rewrite x=y --sleep-scale 0.01 --data 1

# Uncaught errors: exit 1, the error as JSON on stderr.
check raise-map 1 '' 'error: {"message":"boom","tags":["X"],"code":7}' \
    --data '{"raise": {"message": "boom", "tags": ["X"], "code": 7}}'
check raise-string 1 '' 'error: "oops"' --data '{"raise": "oops"}'
check fail-tag 1 '' 'error: {"message":"failed on purpose","tags":["KeyError"]}' \
    --data '{"fail": "KeyError"}'
check bytes-result 1 '' '"tags":["ValueError"]' --data '{"bytes": "abc"}'
check bytes-in-result 1 '' '"tags":["ValueError"]' --data '{"bytes_in": "abc"}'

# Steps: the limit, the trace, the place of an error.
check steps 0 '3' '' --data '{"steps": 3}'
check max-steps 1 '' '"tags":["ResourceLimitError"]' --max-steps 2 --data '{"steps": 3}'
check max-steps-exact 0 '2' '' --max-steps 2 --data '{"steps": 2}'
check max-steps-none 0 '3' '' --max-steps 0 --data '{"steps": 3}'
check max-steps-where 1 '' 'in step "s3", routine "main", line 3' --max-steps 2 \
    --data '{"steps": 3}'
check trace 0 '2' 'step main.s2 (line 2)' --trace --data '{"steps": 2}'
"$runner" --trace --data '{"steps": 2}' 2>"$tmp/trace" >/dev/null
if [ "$(cat "$tmp/trace")" = "$(printf 'step main.s1 (line 1)\nstep main.s2 (line 2)')" ]; then
    echo "PASS: runner/trace-lines"
else
    echo "FAIL: runner/trace-lines: $(cat "$tmp/trace")"
    status=1
fi
check default-limit 0 '100000' '' --data '{"steps": 100000}'
check default-limit-past 1 '' '"tags":["ResourceLimitError"]' --data '{"steps": 100001}'

# Call depth: main and 19 nested routines are fine, a 20th is too deep.
check depth-19 1 '' 'error: {"message":"key not found: bottom","tags":["KeyError"]}' \
    --data '{"depth": 19}'
check depth-19-where 1 '' 'in step "again", routine "recurse", line 3' --data '{"depth": 19}'
check depth-20 1 '' '"tags":["RecursionError"]' --data '{"depth": 20}'

exit $status
