#!/usr/bin/env python3
"""hostile_gen.py - writes the hostile inputs of tests/hostile.sh into DIR.

Each is built here rather than stored: some are 50 MB. The names are the
case names of hostile.sh; testdata/hostile/NAME.want holds what wfc must say.
"""
import os
import sys

D = sys.argv[1]


def write(name, text):
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(os.path.join(D, name), mode) as f:
        f.write(text)


STEP = "main:\n  steps:\n    - s:\n        return: "

# "Billion laughs": ten anchors, each ten aliases of the one before.
lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
for i in range(1, 10):
    lines.append("a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 10)))
write("alias-bomb.yaml", "\n".join(lines) + "\n" + STEP + "${a9}\n")

N = 100000
write("deep-yaml-lists.yaml", STEP + "[" * N + "]" * N + "\n")
write("deep-yaml-maps.yaml", STEP + "{a: " * N + "1" + "}" * N + "\n")
write("deep-json.json", '{"main": {"steps": [{"s": {"return": ' + "[" * N + "]" * N + "}}]}}\n")
write("deep-expression.yaml", STEP + "${" + "(" * N + "1" + ")" * N + "}\n")
write("operators-100k.yaml", STEP + "${" + " + ".join(["1"] * (N + 1)) + "}\n")
write("line-1mb.yaml", STEP + '"' + "x" * (1 << 20) + '"\n')
write("file-50mb.yaml", "# " + "c" * (50 << 20) + "\n" + STEP + "1\n")

with open(os.path.join(D, "steps-1m.yaml"), "w") as f:
    f.write("main:\n  steps:\n")
    for i in range(1000000):
        f.write("    - s%d:\n        assign:\n          - x: %d\n" % (i, i))

# Expressions whose trees outgrow the memory budget without many YAML nodes.
wide = "${[" + ",".join(["1"] * 500000) + "]}"
write("wide-expressions.yaml", "main:\n  steps:\n" +
      "".join("    - s%d:\n        return: %s\n" % (i, wide) for i in range(40)))

write("invalid-utf8.yaml", b"main:\n  steps:\n    - s:\n        return: \"\xff\xfe\"\n")
write("nul-byte.yaml", b"main:\n  steps:\n    - s:\n        return: \"a\x00b\"\n")
write("int-out-of-range.yaml", STEP + "99999999999999999999999\n")
write("double-out-of-range.yaml", STEP + "1e999\n")
write("expr-int-out-of-range.yaml", STEP + "${99999999999999999999999 + 1}\n")
write("expr-double-out-of-range.yaml", STEP + "${1e999 * 2}\n")

write("subworkflow-cycle.yaml",
      "main:\n  steps:\n    - s:\n        call: a\n"
      "a:\n  steps:\n    - s:\n        call: b\n"
      "b:\n  steps:\n    - s:\n        call: a\n")
write("next-cycle.yaml", "main:\n  steps:\n    - a:\n        next: b\n    - b:\n        next: a\n")

write("duplicate-workflow.yaml", "main:\n  steps:\n    - a:\n        return: 1\n"
      "main:\n  steps:\n    - b:\n        return: 2\n")
write("duplicate-step-key.yaml", "main:\n  steps:\n    - a:\n        return: 1\n        return: 2\n")
write("duplicate-assign-target.yaml",
      "main:\n  steps:\n    - a:\n        assign:\n          - x: 1\n            x: 2\n"
      "    - b:\n        return: ${x}\n")
write("duplicate-arg.yaml", "main:\n  steps:\n    - a:\n        call: sys.log\n"
      "        args:\n          text: one\n          text: two\n")
write("duplicate-nested.yaml", STEP + "{a: {b: 1, b: 2}}\n")
write("duplicate-json.json", '{"main": {"steps": [{"a": {"return": 1, "return": 2}}]}}\n')
