#!/usr/bin/env python3
"""sarif_validate.py - checks SARIF logs against the SARIF 2.1.0 JSON schema.

usage: sarif_validate.py SCHEMA LOG...

Prints "LOG: PATH: PROBLEM" for every violation and exits 1 when there is
one. Needs the jsonschema module (Debian: python3-jsonschema). The schema is
not in the repository: quickstart --deps-only fetches it (tests/format.sh).
"""
import json
import sys

import jsonschema


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        for err in sorted(validator.iter_errors(log), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in err.path)
            print(f"{path}: /{where}: {err.message}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
