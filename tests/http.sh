#!/bin/sh
# http.sh - HTTP beyond the conformance cases of testdata/run/http.test,
# against tests/http_server.py:
#   - the bundled example pipeline runs end to end with `wfc run` against
#     the server's fake of the Vertex AI custom-jobs API, as written, in its
#     subworkflow version, and that version expanded by `wfc expand`, the
#     way ./quickstart runs it;
#   - a job that fails ends the pipeline with the failed job;
#   - without a token, the pipeline fails with AuthError;
#   - a bearer token never shows in the trace, the logs or an error;
#   - the http module called from many threads at once (tests/unit/test_http).
#
# usage: http.sh WFC TEST_HTTP

wfc=$1
test_http=$2
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac
srcdir=${srcdir:-$(dirname "$0")/..}
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: http: python3 is needed for the test server"
    exit 0
fi
. "$srcdir/tests/http_server.sh"
tmp=$(mktemp -d)
trap 'http_server_stop; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
export XDG_CACHE_HOME="$tmp/cache"
unset WFC_ACCESS_TOKEN WFC_ID_TOKEN
if ! http_server_start "$srcdir/tests/http_server.py" "$tmp"; then
    echo "FAIL: http/server: tests/http_server.py did not start"
    exit 1
fi
GCE_METADATA_HOST=127.0.0.1:$http_closed_port
export GCE_METADATA_HOST
status=0

pass() {
    echo "PASS: http/$1"
}
fail() {
    echo "FAIL: http/$1: $2"
    [ -f "$tmp/out" ] && sed 's/^/    /' "$tmp/out" | head -n 15
    status=1
}

# pipeline FILE IMAGE_TAG [RUN OPTION...]: runs an example pipeline against
# the fake; stdout and stderr into $tmp/out.
pipeline() {
    file=$1
    tag=$2
    shift 2
    "$wfc" run "$file" --data "{\"project\": \"my-project\", \"location\": \"europe-west4\", \
\"bucket\": \"my-bucket\", \"image_tag\": \"$tag\"}" --sleep-scale 0 \
        --http-rewrite "https://europe-west4-aiplatform.googleapis.com/=http://127.0.0.1:$http_port/" \
        "$@" >"$tmp/out" 2>&1
}

# judge STATE: the result on the first line of $tmp/out is the pipeline's,
# ended in STATE.
judge='
import json, re, sys
state = sys.argv[1]
with open(sys.argv[2]) as f:
    got = json.loads(f.readline())
job = r"projects/my-project/locations/europe-west4/customJobs/[0-9]+"
if state == "JOB_STATE_SUCCEEDED":
    ok = (sorted(got) == ["preprocess", "state", "train"] and got["state"] == state
          and re.fullmatch(job, got["preprocess"]) and re.fullmatch(job, got["train"])
          and got["preprocess"] != got["train"])
else:
    ok = (got.get("state") == state and got.get("displayName") == "penguins-preprocess"
          and re.fullmatch(job, got.get("name", "")) and "error" in got)
sys.exit(0 if ok else 1)
'

ex="$srcdir/examples"
export WFC_ACCESS_TOKEN=wfc-test-access-token
for name in vertex-pipeline vertex-pipeline-subworkflow; do
    if pipeline "$ex/$name.yaml" v3 && python3 -c "$judge" JOB_STATE_SUCCEEDED "$tmp/out"; then
        pass "$name"
    else
        fail "$name" "the pipeline did not succeed"
    fi
    if pipeline "$ex/$name.yaml" v3-fail && python3 -c "$judge" JOB_STATE_FAILED "$tmp/out"; then
        pass "$name-failed-job"
    else
        fail "$name-failed-job" "a failed job did not end the pipeline with the job"
    fi
done
if "$wfc" expand "$ex/vertex-pipeline-subworkflow.yaml" -o "$tmp/flat.yaml" >"$tmp/out" 2>&1 &&
    pipeline "$tmp/flat.yaml" v3 && python3 -c "$judge" JOB_STATE_SUCCEEDED "$tmp/out"; then
    pass vertex-pipeline-subworkflow-expanded
else
    fail vertex-pipeline-subworkflow-expanded "the expanded pipeline did not succeed"
fi

# Without a token (and no metadata server), the first call fails.
unset WFC_ACCESS_TOKEN
pipeline "$ex/vertex-pipeline.yaml" v3
if [ $? -eq 1 ] && grep -q '^error: .*"AuthError"' "$tmp/out" &&
    grep -q 'in step "submit_preprocess"' "$tmp/out"; then
    pass vertex-pipeline-without-token
else
    fail vertex-pipeline-without-token "expected an AuthError in step submit_preprocess"
fi

# A token the fake refuses: the HttpError, the trace and the logs never
# show it, nor does a run that succeeds with --trace.
secret=wfc-test-secret-8d1f0c
cat >"$tmp/leak.yaml" <<'EOF'
main:
  steps:
    - log:
        call: sys.log
        args:
          text: calling
    - call_api:
        call: http.get
        args:
          url: https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/l/customJobs/1
          auth:
            type: OAuth2
EOF
WFC_ACCESS_TOKEN=$secret pipeline "$tmp/leak.yaml" v3 --trace --log-format json
if grep -q '"HttpError"' "$tmp/out" && grep -q '^http GET' "$tmp/out" &&
    ! grep -q "$secret" "$tmp/out"; then
    pass token-not-in-trace-or-error
else
    fail token-not-in-trace-or-error "the token shows, or the run did not fail as expected"
fi
WFC_ACCESS_TOKEN=$secret
export WFC_ACCESS_TOKEN
if pipeline "$ex/vertex-pipeline.yaml" v3 --trace; [ $? -eq 1 ] && ! grep -q "$secret" "$tmp/out"; then
    pass token-not-in-trace-of-pipeline
else
    fail token-not-in-trace-of-pipeline "the token shows in the trace"
fi
unset WFC_ACCESS_TOKEN

# Many threads at once.
rm -f "$tmp/out"
"$test_http" "$http_port" "$http_closed_port" >"$tmp/threads" 2>&1
threads_status=$?
cat "$tmp/threads"
if [ "$threads_status" -ne 0 ] && ! grep -q '^FAIL: ' "$tmp/threads"; then
    fail http-threads "test_http exited with status $threads_status"
fi
[ "$threads_status" -eq 0 ] || status=1
exit $status
