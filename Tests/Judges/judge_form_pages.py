#!/usr/bin/env python3
"""The form pages in a real browser: headless Chromium (Debian's `chromium`), driven through the
DevTools protocol.

Usage: judge_form_pages.py BUILD_DIR

For every form page (procedures/*/forms/*/form.html), opened from the file system:
- it loads without a console error or an uncaught exception, and every control has a label (a
  `label[for]`, or a legend for options);
- every example of its form's vectors.json (those without files, which no script can set) is put into
  the controls, read back — the answers the page builds from its controls must equal the example —
  and submitted: a valid example reaches the check-answers step; an invalid one gets an error summary
  with exactly formc's errors (paths and rules), the title prefixed "Lỗi: ", and focus on the summary.
Prints one line per problem and a summary; exits 1 on any problem.
"""
import asyncio
import glob
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import websockets


unenterable = 0


class Browser:
    def __init__(self, ws):
        self.ws, self.next_id, self.pending, self.events = ws, 0, {}, []

    async def pump(self):
        async for message in self.ws:
            data = json.loads(message)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def call(self, method, params=None, session=None):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self.ws.send(json.dumps(message))
        result = await asyncio.wait_for(future, 30)
        if "error" in result:
            raise RuntimeError(f"{method}: {result['error']}")
        return result["result"]

    async def evaluate(self, session, expression):
        result = await self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get("description", str(result["exceptionDetails"])))
        return result["result"].get("value")


def canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def has_file(value):
    if isinstance(value, dict):
        return ("media_type" in value and "size" in value) or any(has_file(v) for v in value.values())
    if isinstance(value, list):
        return any(has_file(v) for v in value)
    return False


LABELLED = """(() => {
  const unlabelled = [];
  for (const control of document.querySelectorAll('input, select, textarea')) {
    if (control.closest('template') || control.type === 'hidden') continue;
    const label = document.querySelector('label[for="' + control.id + '"]');
    if (!label || label.textContent.trim() === '') unlabelled.push(control.id || control.name);
  }
  return unlabelled;
})()"""


async def judge(chromium, build):
    pages = sorted(glob.glob(os.path.join(build, "procedures", "*", "forms", "*", "form.html")))
    problems, checked = [], 0
    global unenterable
    profile = tempfile.mkdtemp()
    process = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                url = match.group(1)
                break
        if url is None:
            return ["Chromium did not start its DevTools endpoint"], 0
        async with websockets.connect(url, max_size=2**26) as ws:
            browser = Browser(ws)
            pump = asyncio.create_task(browser.pump())
            target = await browser.call("Target.createTarget", {"url": "about:blank"})
            session = (await browser.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}))["sessionId"]
            await browser.call("Runtime.enable", {}, session)
            await browser.call("Page.enable", {}, session)
            for path in pages:
                procedure_manifest = json.load(open(os.path.join(build, "procedures", path.split(os.sep)[-4], "submission.json"), encoding="utf-8"))
                document_id = path.split(os.sep)[-2]
                form = next(d["form"] for c in procedure_manifest["cases"] for d in c["documents"] if d["id"] == document_id and "form" in d)
                vectors = json.load(open(os.path.join(build, "forms", form["id"], form["version"], "vectors.json"), encoding="utf-8"))
                browser.events.clear()
                await browser.call("Page.navigate", {"url": pathlib.Path(path).resolve().as_uri()}, session)
                for _ in range(200):
                    if await browser.evaluate(session, "document.readyState === 'complete' && !!window.formcPage"):
                        break
                    await asyncio.sleep(0.05)
                else:
                    problems.append(f"{path}: the page's script did not start")
                    continue
                errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"
                          or (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") == "error")]
                for e in errors:
                    problems.append(f"{path}: {json.dumps(e['params'])[:300]}")
                for control in await browser.evaluate(session, LABELLED):
                    problems.append(f"{path}: control {control} has no label")
                for vector in vectors["vectors"]:
                    if vector["source"] != "example" or has_file(vector["data"]):
                        continue
                    checked += 1
                    today = vector.get("today") or "2026-11-25"
                    data = json.dumps(vector["data"], ensure_ascii=False)
                    outcome = await browser.evaluate(session, f"""(() => {{
                      formcPage.setToday({json.dumps(today)});
                      formcPage.fill({data});
                      const answers = formcPage.answers();
                      formcPage.submit();
                      const result = {{ answers, reviewing: formcPage.reviewing(), errors: formcPage.errors(),
                                        title: document.title, focused: document.activeElement?.id ?? null }};
                      document.getElementById('sua').click();
                      return result;
                    }})()""")
                    name = f"{path}: '{vector['name']}'"
                    if canonical(outcome["answers"]) != canonical(vector["data"]):
                        # A valid example is what a person enters: the controls must hold it exactly. An
                        # invalid one may hold what no control can (an option outside the list, a stray
                        # member, a number as text, a value for a hidden field): not enterable, not judged.
                        if vector["valid"]:
                            problems.append(f"{name}: the controls give back {canonical(outcome['answers'])[:300]}")
                        else:
                            unenterable += 1
                        continue
                    if vector["valid"]:
                        if not outcome["reviewing"] or outcome["errors"]:
                            problems.append(f"{name}: valid, but the page says {outcome['errors']}")
                    else:
                        expected = sorted((e["path"], e["rule"]) for e in vector["errors"])
                        got = sorted((e["path"], e["rule"]) for e in outcome["errors"])
                        if expected != got:
                            problems.append(f"{name}: formc {expected}, the page {got}")
                        if not outcome["title"].startswith("Lỗi: ") or outcome["focused"] != "tom-tat-loi":
                            problems.append(f"{name}: title {outcome['title']!r}, focus on {outcome['focused']!r}")
            pump.cancel()
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return problems, checked


def main(build):
    chromium = next((c for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None)
    if chromium is None:
        print("Chromium is needed (scripts/test.sh installs Debian's chromium)")
        return 1
    problems, checked = asyncio.run(judge(chromium, build))
    pages = len(glob.glob(os.path.join(build, "procedures", "*", "forms", "*", "form.html")))
    for problem in problems:
        print(problem)
    print(f"form pages in Chromium: {pages} pages, {checked - unenterable} examples entered through the controls and submitted "
          f"({unenterable} invalid ones hold what no control can), {len(problems)} problems")
    return 1 if problems or checked - unenterable == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
