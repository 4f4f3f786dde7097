#!/usr/bin/env python3
"""The editor schema of the spec format (`formc schema`) judged with python jsonschema: every spec file
given must validate, read as an editor's YAML 1.2 reader reads it (dates stay text); with --bad, every
file given must fail. Usage: judge_spec_schema.py SCHEMA [--bad] FILE...  Prints problems; exits 1 on any."""
import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it: dates and times are text, not datetime objects."""


Loader.yaml_implicit_resolvers = {key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                                  for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def main(arguments):
    schema = json.load(open(arguments[0], encoding="utf-8"))
    bad = "--bad" in arguments
    files = [a for a in arguments[1:] if a != "--bad"]
    validator = jsonschema.Draft7Validator(schema)
    problems = 0
    for path in files:
        document = yaml.load(open(path, encoding="utf-8"), Loader=Loader)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if bad and not errors:
            print(f"{path}: accepted, but it is wrong")
            problems += 1
        elif not bad:
            for error in errors:
                print(f"{path}: /{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
                problems += 1
    print(f"spec schema: {len(files)} files {'refused' if bad else 'accepted'}, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
