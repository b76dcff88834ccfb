# judge.sh - sourced by test drivers: compares one run with what is expected.
#
# judge LABEL GOT EXPECTED STATUS WANT
#   GOT: the file with the output of the run; EXPECTED: the file it must
#   equal; STATUS: the exit status of the run; WANT: the status it must have.
# Prints "PASS: LABEL" or "FAIL: LABEL: why" with the difference, and sets
# the caller's $status to 1 on a failure.
judge() {
    if [ "$4" -ne "$5" ]; then
        echo "FAIL: $1: exit status $4, expected $5"
        sed 's/^/    /' "$2" | head -n 20
        status=1
    elif ! cmp -s "$2" "$3"; then
        echo "FAIL: $1: output differs"
        diff -u "$3" "$2" | head -n 40 | sed 's/^/    /'
        status=1
    else
        echo "PASS: $1"
    fi
}
