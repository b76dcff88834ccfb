#!/bin/sh
# dist.sh - the release tarball: `make distcheck` passes, the tarball ships
# the generated lexer and parser, it builds with re2c and bison absent, and
# what `make install` puts in a prefix builds and runs workflows alone.
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
inst=$work/inst
(cd "$work" && tar xJf "$tarball" && cd wfc-* &&
    ./configure -q --prefix="$inst" RE2C=false BISON=false && $make -s >/dev/null 2>&1 &&
    ./wfc lint examples/vertex-pipeline.yaml) >"$log" 2>&1
if [ $? -eq 0 ]; then
    result builds-without-re2c-and-bison yes
else
    result builds-without-re2c-and-bison no "build from the tarball failed"
    tail -n 20 "$log" | sed 's/^/    /'
    exit 1
fi
rm -f "$tarball"

# Install it, then delete the build tree: the installed wfc must build and
# run workflows with what `make install` put in the prefix alone, and the C
# it emits must build against the installed libwfrt through pkg-config,
# shared and static.
if (cd "$work"/wfc-* && $make -s install) >"$log" 2>&1; then
    result install yes
else
    result install no "make install failed"
    tail -n 20 "$log" | sed 's/^/    /'
    exit 1
fi
rm -rf "$work"/wfc-*
for f in bin/wfc include/wfrt.h lib/libwfrt.a lib/libwfrt.so lib/libwfrt.so.0 \
    lib/pkgconfig/wfrt.pc share/man/man1/wfc.1 share/man/man3/wfrt.3; do
    if [ -e "$inst/$f" ]; then
        result "installs-$f" yes
    else
        result "installs-$f" no "$f is not in the prefix"
    fi
done
cat >"$work/sum.yaml" <<'EOF'
main:
  params: [args]
  steps:
    - init:
        assign:
          - total: 0
    - add:
        for:
          value: x
          in: ${args.xs}
          steps:
            - acc:
                assign:
                  - total: ${total + x}
    - done:
        return: ${"sum " + string(total)}
EOF
data='{"xs": [1, 2, 3]}'
judge() { # NAME COMMAND...: the command must print "sum 6"
    name=$1
    shift
    got=$("$@" 2>"$log")
    if [ "$got" = '"sum 6"' ]; then
        result "$name" yes
    else
        result "$name" no "printed '$got', expected '\"sum 6\"'; $(head -c 300 "$log")"
    fi
}
XDG_CACHE_HOME="$work/cache" judge installed-wfc-run "$inst/bin/wfc" run "$work/sum.yaml" --data "$data"
"$inst/bin/wfc" build "$work/sum.yaml" --emit-c "$work/sum.c" >"$log" 2>&1 ||
    result emit-c no "wfc build --emit-c failed: $(head -c 300 "$log")"
export PKG_CONFIG_PATH="$inst/lib/pkgconfig"
cc=${CC:-cc}
# shellcheck disable=SC2046 # pkg-config prints several words
$cc -o "$work/sum-shared" "$work/sum.c" $(pkg-config --cflags --libs wfrt) >"$log" 2>&1 ||
    result link-shared no "linking with pkg-config failed: $(head -c 300 "$log")"
judge runs-with-libwfrt.so env LD_LIBRARY_PATH="$inst/lib" "$work/sum-shared" --data "$data"
if LD_LIBRARY_PATH="$inst/lib" ldd "$work/sum-shared" 2>/dev/null |
    grep -q "libwfrt.so.0 => $inst/lib/"; then
    result loads-libwfrt.so yes
else
    result loads-libwfrt.so no "the program does not load $inst/lib/libwfrt.so.0"
fi
# shellcheck disable=SC2046
$cc -static-libgcc -o "$work/sum-static" "$work/sum.c" $(pkg-config --cflags wfrt) \
    "$inst/lib/libwfrt.a" $(pkg-config --static --libs wfrt | sed 's/-lwfrt//') >"$log" 2>&1 ||
    result link-static no "linking libwfrt.a failed: $(head -c 300 "$log")"
judge runs-with-libwfrt.a "$work/sum-static" --data "$data"
if ldd "$work/sum-static" 2>/dev/null | grep -q libwfrt; then
    result static-has-no-libwfrt.so no "the static program loads libwfrt.so"
else
    result static-has-no-libwfrt.so yes
fi
exit $status
