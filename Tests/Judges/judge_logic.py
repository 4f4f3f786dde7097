#!/usr/bin/env python3
"""Third evaluator of formc's logic: an independent JSON Logic implementation (panzi-json-logic).

Usage: judge_logic.py BUILD_DIR

1. Every expression vector in forms/*/*/vectors.json ("logic"): jsonLogic(logic, data) must equal
   the value formc computed.
2. Every fee vector in procedures/*/fees.json: the documented fee algorithm (docs/fees.md), written
   here in Python with panzi-json-logic evaluating the expressions, must give formc's total and
   items.
Prints each disagreement and a summary; exits 1 on any.
"""
import glob
import importlib.metadata
import json
import os
import sys

from json_logic import jsonLogic


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


def base_amount(fee, data, answers):
    amount = fee.get("amount")
    if isinstance(amount, int):
        return amount
    if isinstance(amount, dict):
        value = jsonLogic(amount["logic"], data)
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
        if not isinstance(node, list):
            return None  # the list a per-item fee counts was not sent: unknown, never 0
        contexts = [dict(data, **{"$items": {"/".join(rest): item}}) for item in node]
    total = 0
    for context in contexts:
        units = jsonLogic(tiers["units_logic"], context)
        if not is_count(units):
            return None
        amount = price(int(units), tiers["rates"])
        if "cap" in tiers:
            amount = min(amount, tiers["cap"])
        if tiers.get("multiplier_logic") is not None:
            times = jsonLogic(tiers["multiplier_logic"], context)
            if not is_count(times):
                return None
            amount *= int(times)
        total += amount
    return total


def compute_fees(rules, case_id, channel, on, categories, answers):
    data = dict(answers, **{"$today": on, "$input": {"channel": channel, "submitted_on": on, "categories": categories}})
    items = []
    for fee in rules["fees"]:
        if fee.get("cases") and case_id is not None and case_id not in fee["cases"]:
            continue
        if fee.get("channels") and channel not in fee["channels"]:
            continue
        effective = fee.get("effective", {})
        if not within(on, effective.get("from"), effective.get("to")):
            continue
        if fee.get("applies_when_logic") is not None and not truthy(jsonLogic(fee["applies_when_logic"], data)):
            continue
        base = base_amount(fee, data, answers)
        line = {"id": fee["id"], "amount": None}
        exemption = next((e for e in fee.get("exemptions", []) if e["category"] in categories), None)
        if exemption:
            line["exempted_by"] = exemption["category"]
            line["amount"] = 0
        elif base is not None:
            reduction = next((r for r in fee.get("reductions", []) if r["channel"] == channel and within(on, r.get("from"), r.get("to"))), None)
            if reduction:
                line["reduction_percent"] = reduction["percent"]
                line["amount"] = (base * (100 - reduction["percent"]) + 50) // 100
            else:
                line["amount"] = base
        items.append(line)
    total = sum(line["amount"] for line in items) if all(line["amount"] is not None for line in items) else None
    return total, items


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
            total, items = compute_fees(rules, vector.get("case"), vector["channel"], vector["on"], vector["categories"], vector["answers"])
            expected = [{k: v for k, v in item.items() if k in ("id", "amount", "exempted_by", "reduction_percent")} for item in vector["items"]]
            if total != vector["total"] or items != expected:
                problems.append(f"{path}: '{vector['name']}': formc total {vector['total']} {expected}, python {total} {items}")
    for problem in problems:
        print(problem)
    version = importlib.metadata.version("panzi-json-logic")
    print(f"panzi-json-logic {version}: {expressions} expression vectors, {fee_vectors} fee vectors, {len(problems)} disagreements")
    return 1 if problems or expressions == 0 or fee_vectors == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
