#!/usr/bin/env python3
"""Property-based check of the generated validators against the schemas (hypothesis-jsonschema).

Usage: scripts/property-check.py BUILD_DIR [EXAMPLES_PER_FORM]

For every form, hypothesis-jsonschema generates instances that the draft-07 schema accepts. Then:
1. python jsonschema must accept each (a sanity check of the generator);
2. the generated validate.mjs, run under node, may report only rules that no JSON Schema can state
   (check digits, CCCD provinces, names, administrative units, relative dates, logic and form rules):
   a schema-decidable error on a schema-valid instance means the schema and the validator disagree.
Slow (hypothesis-jsonschema makes a few instances a second), so it is a separate command, not part
of scripts/test.sh. Requires: pip install hypothesis-jsonschema jsonschema; node.
"""
import json
import os
import subprocess
import sys
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema
from jsonschema import Draft7Validator

SCHEMA_RULES = {"type", "unknown_field", "min_length", "max_length", "pattern", "minimum", "maximum", "option",
                "min_items", "max_items", "unique_items", "format"}

RUNNER = """
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const [module, file] = process.argv.slice(2);
const { validate } = await import(pathToFileURL(module).href);
const instances = JSON.parse(fs.readFileSync(file, 'utf8'));
console.log(JSON.stringify(instances.map((d) => validate(d, { today: '2026-11-25' }).errors)));
"""


def check_form(folder, count):
    schema = json.load(open(os.path.join(folder, "schema.draft-07.json"), encoding="utf-8"))
    # Annotations are not JSON Schema keywords; hypothesis-jsonschema does not need them.
    instances = []

    # Derandomized: the same instances on every run, so a failure in CI can be reproduced here.
    @settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
    @given(from_schema(schema))
    def collect(instance):
        instances.append(instance)

    collect()
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    problems = [f"{folder}: jsonschema rejects a generated instance" for i in instances if not validator.is_valid(i)]
    with tempfile.TemporaryDirectory() as scratch:
        data = os.path.join(scratch, "instances.json")
        runner = os.path.join(scratch, "runner.mjs")
        json.dump(instances, open(data, "w", encoding="utf-8"))
        open(runner, "w", encoding="utf-8").write(RUNNER)
        output = subprocess.run(["node", runner, os.path.join(folder, "validate.mjs"), data], capture_output=True, text=True, check=True)
    for instance, errors in zip(instances, json.loads(output.stdout)):
        for error in errors:
            if error["rule"] in SCHEMA_RULES:
                problems.append(f"{folder}: schema-valid instance gets {error['rule']} at {error['path']}: {json.dumps(instance, ensure_ascii=False)[:300]}")
    return len(instances), problems


def main(build, count):
    total, problems = 0, []
    root = os.path.join(build, "forms")
    for form in sorted(os.listdir(root)):
        for version in sorted(os.listdir(os.path.join(root, form))):
            n, found = check_form(os.path.join(root, form, version), count)
            total += n
            problems += found
            print(f"{form}: {n} generated instances, {len(found)} disagreements", flush=True)
    for problem in problems:
        print(problem)
    print(f"{total} instances, {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25))
