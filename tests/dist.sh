#!/bin/sh
# dist.sh - the release tarball: `make distcheck` passes, the tarball ships
# the generated lexer and parser, and it builds with re2c and bison absent.
#
# Runs from `make check` in a configured tree. Inside the distcheck it
# starts, it skips itself (WFC_IN_DISTCHECK), so it never recurses.

if [ -n "${WFC_IN_DISTCHECK:-}" ]; then
    echo "dist.sh: inside distcheck; skipped" >&2
    exit 0
fi
make=${MAKE:-make}
log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT INT TERM
status=0

result() { # NAME OK [WHY]
    if [ "$2" = yes ]; then
        echo "PASS: dist/$1"
    else
        echo "FAIL: dist/$1: $3"
        status=1
    fi
}

if (cd "$builddir" && WFC_IN_DISTCHECK=1 $make -s distcheck) >"$log" 2>&1; then
    result distcheck yes
else
    result distcheck no "make distcheck failed"
    tail -n 30 "$log" | sed 's/^/    /'
    exit 1
fi
tarball=$(cd "$builddir" && ls "$(pwd)"/wfc-*.tar.xz 2>/dev/null | tail -n 1)
[ -n "$tarball" ] || { result tarball no "no tarball"; exit 1; }
for f in frontend/expr_lex.c frontend/expr_parse.c frontend/expr_parse.h; do
    if tar tJf "$tarball" | grep -q "/$f\$"; then
        result "ships-$f" yes
    else
        result "ships-$f" no "missing from $tarball"
    fi
done
# Build from the tarball with re2c and bison unusable.
(cd "$work" && tar xJf "$tarball" && cd wfc-* &&
    ./configure -q RE2C=false BISON=false && $make -s >/dev/null 2>&1 &&
    ./wfc lint examples/vertex-pipeline.yaml) >"$log" 2>&1
if [ $? -eq 0 ]; then
    result builds-without-re2c-and-bison yes
else
    result builds-without-re2c-and-bison no "build from the tarball failed"
    tail -n 20 "$log" | sed 's/^/    /'
fi
rm -f "$tarball"
exit $status
