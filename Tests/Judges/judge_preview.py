#!/usr/bin/env python3
"""`formc preview` end to end.

Usage: judge_preview.py FORMC SPEC_FOLDER (a scratch copy: the script edits a spec in it)

Starts `formc preview SPEC_FOLDER --port 0`, then: the index lists the pages; a form page and its
script are served; a path outside the build is not; the receiver accepts a valid submission (201,
no errors), answers an invalid one with formc's errors in validate.mjs's shape (422), refuses another
form version (409, form_version) and a body over 1 MiB (413); a spec edited to be wrong shows its
located diagnostics on the index while the last good build stays served; fixing it rebuilds; Ctrl-C
(SIGINT) stops it with status 0. Prints one line per problem and a summary; exits 1 on any.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def main(formc, folder):
    problems = []
    process = subprocess.Popen([formc, "preview", folder, "--port", "0", "--today", "2026-11-25"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = None
        deadline = time.time() + 120
        while time.time() < deadline:
            line = process.stdout.readline()
            match = re.search(r"serving (http://127\.0\.0\.1:\d+)/", line)
            if match:
                base = match.group(1)
                break
        if base is None:
            return ["formc preview did not start serving"]

        def get(path):
            try:
                with urllib.request.urlopen(base + path, timeout=10) as r:
                    return r.status, r.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode("utf-8", "replace")

        def post(body):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            request = urllib.request.Request(base + "/submissions", data=data, headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as r:
                    return r.status, json.loads(r.read())
            except urllib.error.HTTPError as e:
                text = e.read()
                try:
                    return e.code, json.loads(text)
                except ValueError:
                    return e.code, text

        def expect(condition, message):
            if not condition:
                problems.append(message)

        status, index = get("/")
        expect(status == 200 and "procedures/1.001193/forms/to_khai/form.html" in index, f"index: {status}")
        status, page = get("/procedures/1.001193/forms/to_khai/form.html")
        expect(status == 200 and 'src="form.js"' in page, f"form page: {status}")
        status, _ = get("/procedures/1.001193/forms/to_khai/form.js")
        expect(status == 200, f"form script: {status}")
        expect(get("/../../etc/passwd")[0] == 404 and get("/manifest.jsonx")[0] == 404, "a path outside the build is served")

        valid = {"nguoi_yeu_cau": {"ho_ten": "Nguyễn Thị Hoa", "so_dinh_danh": "031195001234", "quan_he": "me"},
                 "tre": {"ho_ten": "Trần Minh An", "ngay_sinh": "2025-09-12", "ngay_sinh_bang_chu": "Ngày mười hai tháng chín năm hai nghìn không trăm hai mươi lăm",
                         "gioi_tinh": "nam", "dan_toc": "Kinh", "quoc_tich": "Việt Nam", "noi_sinh": "Bệnh viện Phụ sản Hải Phòng"}}
        status, body = post({"form": "to-khai-dang-ky-khai-sinh", "version": "1.0.0", "answers": valid})
        expect(status == 201 and body == {"valid": True, "errors": []}, f"valid submission: {status} {body}")
        status, body = post({"form": "to-khai-dang-ky-khai-sinh", "version": "1.0.0", "answers": {"tre": {}}})
        paths = sorted(e["path"] for e in body.get("errors", [])) if isinstance(body, dict) else []
        expect(status == 422 and "/nguoi_yeu_cau" in paths and all("vi" in e["message"] for e in body["errors"]), f"invalid submission: {status} {paths}")
        status, body = post({"form": "to-khai-dang-ky-khai-sinh", "version": "0.9.0", "answers": valid})
        expect(status == 409 and [e["rule"] for e in body["errors"]] == ["form_version"], f"another version: {status} {body}")
        # A body announced larger than 1 MiB is refused from its headers, before it is read.
        host, port = base.split("//")[1].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            raw.sendall(b"POST /submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n")
            reply = raw.recv(200).decode("latin-1")
        expect(reply.startswith("HTTP/1.1 413"), f"a 2 MiB body is not refused: {reply[:40]!r}")
        expect(post(b"{")[0] == 400, "a broken body is not refused")

        spec = os.path.join(folder, "forms", "to-khai-dang-ky-khai-tu.yaml")
        original = open(spec, encoding="utf-8").read()
        open(spec, "w", encoding="utf-8").write(original.replace("type: person_name", "type: person_nam", 1))
        broken = False
        for _ in range(60):
            time.sleep(0.25)
            status, index = get("/")
            if "E0209" in index:
                broken = True
                break
        expect(broken and "to-khai-dang-ky-khai-tu.yaml:" in index, "a spec error is not shown on the index")
        expect(get("/procedures/1.000656/information.html")[0] == 200, "the last good build is not served while the specs are wrong")
        open(spec, "w", encoding="utf-8").write(original)
        fixed = False
        for _ in range(60):
            time.sleep(0.25)
            if "E0209" not in get("/")[1]:
                fixed = True
                break
        expect(fixed, "fixing the spec does not rebuild")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            code = None
    if code != 0:
        problems.append(f"Ctrl-C: exit status {code}")
    for problem in problems:
        print(problem)
    print(f"formc preview: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
