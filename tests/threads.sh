#!/bin/sh
# threads.sh - what runs on several threads, for a ThreadSanitizer build
# (./configure --enable-thread-sanitizer; `make check-threads`): the
# parallel steps and callback listener of libwfrt (their unit tests), the
# run cases of testdata/run/parallel.test and events.test, and of
# memory.test and connectors.test, which count memory and share stubs
# across branches (their runners `wfc build` compiles with
# -fsanitize=thread too), and the http module
# from many threads (tests/http.sh). A race or deadlock that TSan sees
# ends the process with status 99 (TSAN_OPTIONS in tests/harness.sh): a
# FAIL line.
#
#   threads.sh WFC BUILDDIR

wfc=$1
builddir=$2
srcdir=${srcdir:-.}
status=0
for t in test_parallel test_events; do
    "$builddir/tests/unit/$t" || status=1
done
sh "$srcdir/tests/run.sh" "$wfc" "$srcdir/testdata/run/parallel.test" \
    "$srcdir/testdata/run/events.test" "$srcdir/testdata/run/memory.test" \
    "$srcdir/testdata/run/connectors.test" || status=1
sh "$srcdir/tests/http.sh" "$wfc" "$builddir/tests/unit/test_http" || status=1
exit $status
