#!/usr/bin/env python3
"""Third evaluator of formc's logic: an independent JSON Logic implementation (panzi-json-logic).

Usage: judge_logic.py BUILD_DIR

1. Every expression vector in forms/*/*/vectors.json ("logic"): jsonLogic(logic, data) must equal
   the value formc computed.
2. Every fee vector in procedures/*/fees.json: the documented fee algorithm (docs/fees.md), written
   here in Python with panzi-json-logic evaluating the expressions, must give formc's status, total,
   missing answers and items. The answers a fee reads are traced by this file's own `var` (answers
   are wrapped in dicts and lists that know their JSON Pointer), and the answers a form rejects are
   found by python `jsonschema` with the form's schema.json, not by formc's validators.
Prints each disagreement and a summary; exits 1 on any.
"""
import glob
import importlib.metadata
import json
import os
import re
import sys

from json_logic import jsonLogic
from json_logic.builtins import BUILTINS
from jsonschema import Draft202012Validator, FormatChecker


def same(a, b):
    """JSON equality that lets 26.0 equal 26 (panzi's arithmetic returns floats) but not True equal 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def within(date, start, end):
    return not (start and date < start) and not (end and end < date)


def truthy(value):
    return bool(value) if not isinstance(value, list) else len(value) > 0


def is_count(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 and float(value).is_integer()


def price(units, rates):
    total = 0
    for index, rate in enumerate(rates):
        if units < rate["from"]:
            continue
        end = min(units, rates[index + 1]["from"] - 1) if index + 1 < len(rates) else units
        total += (end - rate["from"] + 1) * rate["amount"]
    return total


class Node(dict):
    """An answers object that knows its JSON Pointer in the answers."""

    def __init__(self, members, pointer):
        super().__init__(members)
        self.pointer = pointer


class NodeList(list):
    def __init__(self, items, pointer):
        super().__init__(items)
        self.pointer = pointer


def wrap(value, pointer):
    if isinstance(value, dict):
        return Node({k: wrap(v, f"{pointer}/{k}") for k, v in value.items()}, pointer)
    if isinstance(value, list):
        return NodeList([wrap(v, f"{pointer}/{i}") for i, v in enumerate(value)], pointer)
    return value


class Trace:
    def __init__(self):
        self.present, self.missing = set(), set()


def traced_operations(trace):
    """panzi's operations with a `var` that records what it reads: the pointer is that of the deepest
    wrapped object the path reached plus the rest of the path (all of it when the path broke off
    there). A `var` with a default tests presence and is not recorded."""

    def var(data=None, *args):
        key = args[0] if args else None
        parts = [] if key is None or key == "" else str(key).split(".")
        value, base, rest = data, None, parts
        if isinstance(data, (Node, NodeList)):
            base = data.pointer
        for index, part in enumerate(parts):
            if part == "length" and index == len(parts) - 1 and isinstance(value, (str, list)):
                value = len(value)  # a text's length in code points, as panzi's own var reads it
                break
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                value = None
            if value is None:
                break
            if isinstance(value, (Node, NodeList)):
                base, rest = value.pointer, parts[index + 1:]
        tracked = len(args) < 2 and base is not None and not (parts and parts[0] in ("$today", "$input"))
        if tracked and base is not None:
            if rest and rest[-1] == "length":
                rest = rest[:-1]  # the answer read is the text whose length was taken
            pointer = "/".join([base, *rest])
            if pointer != "":
                (trace.missing if value is None else trace.present).add(pointer)
        return value

    return dict(BUILTINS, var=var)


def evaluate(logic, data, trace):
    return jsonLogic(logic, data, traced_operations(trace))


def base_amount(fee, data, answers, trace):
    amount = fee.get("amount")
    if isinstance(amount, int):
        return amount
    if isinstance(amount, dict):
        value = evaluate(amount["logic"], data, trace)
        return int(value) if is_count(value) else None
    tiers = fee.get("tiers")
    if tiers is None:
        return None
    contexts = [data]
    if tiers.get("per"):
        document, *rest = tiers["per"].split(".")
        node = answers.get(document)
        for key in rest:
            node = node.get(key) if isinstance(node, dict) else None
        (trace.missing if node is None else trace.present).add("/" + "/".join([document, *rest]))
        if not isinstance(node, list):
            return None  # the list a per-item fee counts was not sent: unknown, never 0
        contexts = [Node(dict(data, **{"$items": {"/".join(rest): item}}), "") for item in node]
    total = 0
    for context in contexts:
        units = evaluate(tiers["units_logic"], context, trace)
        if not is_count(units):
            return None
        amount = price(int(units), tiers["rates"])
        if "cap" in tiers:
            amount = min(amount, tiers["cap"])
        if tiers.get("multiplier_logic") is not None:
            times = evaluate(tiers["multiplier_logic"], context, trace)
            if not is_count(times):
                return None
            amount *= int(times)
        total += amount
    return total if total <= 2**53 - 1 else None


def schema_errors(build, rules, answers):
    """(pointer, rule) for every error python jsonschema finds in the documents sent, `required`
    errors located at the missing member, as formc's validators locate them."""
    errors = []
    for document in rules["inputs"]["documents"]:
        if document["id"] not in answers:
            continue
        path = os.path.join(build, "forms", document["form"], document["version"], "schema.json")
        validator = Draft202012Validator(json.load(open(path, encoding="utf-8")), format_checker=FormatChecker())
        for error in validator.iter_errors(answers[document["id"]]):
            pointer = "/" + document["id"] + "".join(f"/{p}" for p in error.absolute_path)
            if error.validator == "required":
                name = re.match(r"'(.*)' is a required property", error.message)
                errors.append((pointer + "/" + name.group(1) if name else pointer, "required"))
            else:
                errors.append((pointer, error.validator))
    return errors


def relevant(errors, trace):
    read = trace.present | trace.missing
    found = []
    for pointer, rule in errors:
        if rule == "required" and any(m == pointer or m.startswith(pointer + "/") for m in trace.missing):
            continue
        if any(r == pointer or r.startswith(pointer + "/") for r in read):
            found.append(pointer)
    return found


def find_exemption(rules, fee, categories, data, trace):
    """The first exemption whose category the caller gave, else the first the answers establish (its when_logic)."""
    given = next((e for e in fee.get("exemptions", []) if e["category"] in categories), None)
    if given:
        return given
    for exemption in fee.get("exemptions", []):
        category = next((c for c in rules["inputs"]["categories"] if c["value"] == exemption["category"]), None)
        if category is None or category.get("when_logic") is None:
            continue
        holds = truthy(evaluate(category["when_logic"], data, trace))
        if trace.missing:
            return None
        if holds:
            return exemption
    return None


def compute_fees(build, rules, case_id, channel, on, categories, answers):
    errors = schema_errors(build, rules, answers)
    answers = wrap(answers, "")
    data = Node(dict(answers, **{"$today": on, "$input": {"channel": channel, "submitted_on": on, "categories": categories}}), "")
    items, rejections = [], set()
    for fee in rules["fees"]:
        if fee.get("cases") and case_id is not None and case_id not in fee["cases"]:
            continue
        if fee.get("channels") and channel not in fee["channels"]:
            continue
        effective = fee.get("effective", {})
        if not within(on, effective.get("from"), effective.get("to")):
            continue
        trace = Trace()
        applies = fee.get("applies_when_logic") is None or truthy(evaluate(fee["applies_when_logic"], data, trace))
        if not applies and not trace.missing and not relevant(errors, trace):
            continue
        line = {"id": fee["id"], "amount": None}

        def settle():
            rejected = relevant(errors, trace)
            rejections.update(rejected)
            line["status"] = "invalid" if rejected else "unknown" if trace.missing else "known"
            line["missing"] = sorted(trace.missing)

        settle()
        exemption = find_exemption(rules, fee, categories, data, trace) if line["status"] == "known" else None
        settle()
        if line["status"] == "known" and exemption:
            line["exempted_by"] = exemption["category"]
            line["amount"] = 0
        elif line["status"] == "known":
            base = base_amount(fee, data, answers, trace)
            settle()
            if line["status"] == "known" and base is None:
                line["status"] = "unknown"
            if line["status"] == "known":
                reduction = next((r for r in fee.get("reductions", []) if r["channel"] == channel and within(on, r.get("from"), r.get("to"))), None)
                if reduction:
                    line["reduction_percent"] = reduction["percent"]
                    line["amount"] = (base * (100 - reduction["percent"]) + 50) // 100
                else:
                    line["amount"] = base
        items.append(line)
    statuses = [line["status"] for line in items]
    status = "invalid" if "invalid" in statuses else "unknown" if "unknown" in statuses else "known"
    total = sum(line["amount"] for line in items) if status == "known" else None
    if total is not None and total > 2**53 - 1:
        total, status = None, "unknown"
    missing = sorted({m for line in items for m in line["missing"]})
    return status, total, missing, sorted(rejections), items


def main(build):
    problems, expressions, fee_vectors = [], 0, 0
    for path in sorted(glob.glob(os.path.join(build, "forms", "*", "*", "vectors.json"))):
        suite = json.load(open(path, encoding="utf-8"))
        for entry in suite.get("logic", []):
            for case in entry["cases"]:
                expressions += 1
                vector = suite["vectors"][case["vector"]]
                data = dict(vector["data"])
                if "today" in vector:
                    data["$today"] = vector["today"]
                if "items" in case:
                    data["$items"] = case["items"]
                try:
                    value = jsonLogic(entry["logic"], data)
                except Exception as error:  # an evaluator failure is a disagreement, not a crash
                    value = f"<{type(error).__name__}: {error}>"
                if not same(value, case["expected"]):
                    problems.append(f"{path}: {entry['id']} on '{vector['name']}': formc {case['expected']!r}, panzi {value!r}")
    for path in sorted(glob.glob(os.path.join(build, "procedures", "*", "fees.json"))):
        rules = json.load(open(path, encoding="utf-8"))
        for vector in rules["vectors"]:
            fee_vectors += 1
            status, total, missing, rejected, items = compute_fees(build, rules, vector.get("case"), vector["channel"], vector["on"], vector["categories"], vector["answers"])
            keys = ("id", "amount", "exempted_by", "reduction_percent", "status", "missing")
            expected = [{k: v for k, v in item.items() if k in keys} for item in vector["items"]]
            got = (status, total, missing, rejected, items)
            formc_rejected = sorted({e["path"] for e in vector["errors"]})
            if got != (vector["status"], vector["total"], vector["missing"], formc_rejected, expected):
                problems.append(f"{path}: '{vector['name']}': formc {vector['status']} {vector['total']} {vector['missing']} {expected}, python {got}")
    for problem in problems:
        print(problem)
    version = importlib.metadata.version("panzi-json-logic")
    print(f"panzi-json-logic {version}: {expressions} expression vectors, {fee_vectors} fee vectors, {len(problems)} disagreements")
    return 1 if problems or expressions == 0 or fee_vectors == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
