#!/usr/bin/env python3
"""Independent judges of formc's JSON Schema 2020-12 output: python `jsonschema` and `jsonschema-rs`.

Usage: judge_schemas.py BUILD_DIR

For every form in BUILD_DIR/manifest.json: the schema must be valid against the 2020-12
meta-schema, and every conformance vector must get the verdict formc says a JSON Schema validator
gives it (`schema_valid`), with format assertion on, from both validators. Prints one line per
problem and a summary; exits 1 on any problem.
"""
import copy
import importlib.metadata
import json
import os
import sys

import jsonschema
import jsonschema_rs
from jsonschema import Draft202012Validator


def vector_data(vectors, vector):
    """A near-miss vector is its base vector's data with one JSON Patch (RFC 6902) operation applied."""
    if "data" in vector:
        return vector["data"]
    data = copy.deepcopy(vectors[vector["base"]]["data"])
    for op in vector["patch"]:
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in op["path"].split("/")[1:]]
        parent = data
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent[token]
        last = tokens[-1]
        if op["op"] == "remove":
            del parent[int(last) if isinstance(parent, list) else last]
        else:
            parent[int(last) if isinstance(parent, list) else last] = op["value"]
    return data


def main(build):
    manifest = json.load(open(os.path.join(build, "manifest.json"), encoding="utf-8"))
    schemas = [a for a in manifest["artifacts"] if a["kind"] == "json-schema"]
    problems, vectors = [], 0
    for artifact in schemas:
        path = os.path.join(build, artifact["path"])
        schema = json.load(open(path, encoding="utf-8"))
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            problems.append(f"{artifact['path']}: not a valid 2020-12 schema: {error.message}")
            continue
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        suite = json.load(open(os.path.join(os.path.dirname(path), "vectors.json"), encoding="utf-8"))
        for vector in suite["vectors"]:
            vectors += 1
            data = vector_data(suite["vectors"], vector)
            errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
            if (not errors) != vector["schema_valid"]:
                detail = "; ".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors) or "no errors"
                problems.append(
                    f"{artifact['path']}: vector '{vector['name']}': formc says schema_valid="
                    f"{vector['schema_valid']}, jsonschema says {not errors} ({detail})")
            rs_valid = fast.is_valid(data)
            if rs_valid != vector["schema_valid"]:
                problems.append(
                    f"{artifact['path']}: vector '{vector['name']}': formc says schema_valid="
                    f"{vector['schema_valid']}, jsonschema-rs says {rs_valid}")
    for problem in problems:
        print(problem)
    print(f"jsonschema {importlib.metadata.version('jsonschema')} and jsonschema-rs {importlib.metadata.version('jsonschema-rs')}: "
          f"{len(schemas)} schemas, {vectors} vectors, {len(problems)} disagreements")
    return 1 if problems or not schemas else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
