#!/usr/bin/env python3
"""Example external formc plugin (protocol formc-plugin/1, docs/plugins.md).

Provides a printable checklist of the documents to prepare, for the `information` capability, and
reports a procedure without any result code as lacking one. Reads the request on standard input and
answers on standard output. Test modes (first argument): --crash, --hang, --garbage, --escape.
"""
import json
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else ""
if mode == "--crash":
    sys.stderr.write("checklist: simulated crash\n")
    sys.exit(3)
if mode == "--hang":
    time.sleep(3600)
if mode == "--garbage":
    print("this is not JSON")
    sys.exit(0)

request = json.load(sys.stdin)
assert request["protocol"] == "formc-plugin/1"
procedure = request["procedure"]
lines = [f"# {procedure['name']['vi']} ({procedure['code']})", ""]
for case in procedure["cases"]:
    lines.append(f"## {case['title']['vi']}")
    for document in case["documents"]:
        how = "xuất trình" if document["submission"] == "present_only" else "nộp"
        name = document.get("name", {}).get("vi", document["id"])
        lines.append(f"- [ ] {name} ({how})")
    lines.append("")
unmet = []
if not any(result.get("code") for result in procedure["results"]):
    unmet.append({"message": "no result has a result code (mã kết quả) for the checklist"})
path = "../escape.md" if mode == "--escape" else "checklist.md"
json.dump({"protocol": "formc-plugin/1", "unmet": unmet, "artifacts": [{"path": path, "content": "\n".join(lines)}]}, sys.stdout, ensure_ascii=False)
