#!/bin/sh
# precommit.sh - the hook of .pre-commit-hooks.yaml, end to end: a scratch
# git repository whose .pre-commit-config.yaml points at this source tree
# (at its HEAD commit) commits a clean workflow, refuses one with a mistake
# while showing wfc's diagnostic, and leaves YAML outside the workflow paths
# alone.
#
# Skipped with a SKIP line (and no PASS or FAIL) when pre-commit or git is
# missing, when the source tree is not a git checkout of its own (a release
# tarball, make distcheck), or when its HEAD does not have
# .pre-commit-hooks.yaml yet. Never touches the network: PRE_COMMIT_HOME is
# a scratch directory, the hook repository is a local path, and the hook's
# language is "system", so pre-commit installs nothing.
#
# usage: precommit.sh WFC

wfc=$1
case "$wfc" in /*) ;; *) wfc="$(pwd)/$wfc" ;; esac

skip() {
    echo "SKIP: precommit: $1"
    exit 0
}

command -v pre-commit >/dev/null 2>&1 || skip "pre-commit is not installed (Debian: pre-commit)"
command -v git >/dev/null 2>&1 || skip "git is not installed"
[ -z "${WFC_IN_DISTCHECK:-}" ] || skip "inside make distcheck"
src=$(cd "$srcdir" && pwd -P)
top=$(git -C "$src" rev-parse --show-toplevel 2>/dev/null) || skip "$srcdir is not a git checkout"
[ "$(cd "$top" && pwd -P)" = "$src" ] || skip "$srcdir is not the top of a git checkout"
rev=$(git -C "$src" rev-parse --verify -q HEAD) || skip "$srcdir has no commit yet"
git -C "$src" cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null ||
    skip "HEAD of $srcdir has no .pre-commit-hooks.yaml yet"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
status=0

# A world of our own: no user or system git configuration, no shared cache.
HOME=$work
PRE_COMMIT_HOME=$work/cache
PATH=$(dirname "$wfc"):$PATH
GIT_CONFIG_NOSYSTEM=1
export HOME PRE_COMMIT_HOME PATH GIT_CONFIG_NOSYSTEM
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_GLOBAL
git config --global user.name wfc
git config --global user.email wfc@example.invalid
git config --global init.defaultBranch main
git config --global safe.directory '*'

repo=$work/repo
git init -q "$repo" || exit 1
cd "$repo" || exit 1
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: wfc-lint
EOF
mkdir -p workflows config
git add .pre-commit-config.yaml
pre-commit install >"$work/log" 2>&1 || {
    echo "FAIL: precommit/install: pre-commit install failed"
    sed 's/^/    /' "$work/log"
    exit 1
}

# NAME WANT(ok|refused) FILE [ID]: commits FILE (from standard input); a
# refused commit must show a diagnostic of check ID (any check without ID).
try_commit() {
    name=$1 want=$2 file=$3 id=${4:-}
    cat >"$file"
    git add "$file"
    if git commit -q -m "$name" >"$work/log" 2>&1; then got=ok; else got=refused; fi
    why=""
    if [ "$got" != "$want" ]; then
        why="the commit was $got, expected $want"
    elif [ "$want" = refused ] && ! grep -q "$(basename "$file"):[0-9]*:[0-9]*: \(error\|warning\): .*\[${id:-[a-z-]*}\]" "$work/log"; then
        why="the diagnostic is not in pre-commit's output"
    fi
    if [ -n "$why" ]; then
        echo "FAIL: precommit/$name: $why"
        sed 's/^/    /' "$work/log" | head -n 30
        status=1
        git reset -q --hard HEAD 2>/dev/null
    else
        echo "PASS: precommit/$name"
    fi
    [ "$got" = refused ] && git reset -q HEAD -- "$file" && rm -f "$file"
}

try_commit clean-workflow-is-committed ok workflows/hello.yaml <<'EOF'
main:
  params: [args]
  steps:
    - done:
        return: ${"Hello, " + args.name}
EOF

# Any finding fails the hook, a warning too; this one is the classic
# missing ${}: the workflow would return the text "job_status.body".
try_commit workflow-with-missing-dollar-brace-is-refused refused workflows/broken.yaml \
    missing-dollar-brace <<'EOF'
main:
  params: [args]
  steps:
    - get_status:
        call: http.get
        args:
          url: ${args.status_url}
        result: job_status
    - done:
        return: job_status.body
EOF

try_commit other-yaml-is-left-alone ok config/app.yaml <<'EOF'
not: a workflow
EOF
exit $status
