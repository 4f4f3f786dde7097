#!/usr/bin/env python3
"""The form pages in a real browser: headless Chromium (Debian's `chromium`), driven through the
DevTools protocol.

Usage: judge_form_pages.py BUILD_DIR

For every form page (procedures/*/forms/*/form.html), opened from the file system:
- it loads without a console error or an uncaught exception, and every control has a label (a
  `label[for]`, or a legend for options);
- axe-core (4.x, shipped by the PyPI package axe-playwright-python), injected through the protocol,
  finds no violation of WCAG 2.0, 2.1 and 2.2 A and AA on the empty form, on the form after a failed
  submit (errors shown) and on the check-answers step;
- the keyboard alone reaches every visible control (Tab from the top; one stop per radio group);
- after the check-answers step, "Gửi" POSTs to a receiver this script runs on 127.0.0.1 the body
  `{ procedure, case, categories, document, form, version, hash, answers }`, whose answers equal the
  example and whose identity equals the procedure's and the form's validate.mjs;
- every example of its form's vectors.json is entered as a person does (class Person: mouse clicks,
  typed text, options chosen, repeat items added, files set) on a freshly loaded page; the answers
  the page builds from its controls must equal the example, and it is submitted: a valid example
  reaches the check-answers step and "Gửi" POSTs it; an invalid one gets an error summary with
  exactly formc's errors (paths and rules), the title prefixed "Lỗi: ", and focus on the summary;
- every fee vector of the procedure the page can be given is entered the same way, and the running
  fee the page shows has the vector's status and total (judge_fees).
For every page, its size with everything it loads (form.html, form.js, form.css) and the time from
navigation to a usable page (DOMContentLoaded, when the deferred script has run) are printed as a
table (docs/performance.md), with the size without the unit names, which must stay under
150,000 bytes. Hostile input through the pages: 100,000 characters typed into a text field get its length error
(and the tab answers), `__proto__` in the answers pollutes nothing, asking for 1,000 repeat items stops
at the group's maximum, and an 11 MB file is refused by size. Screenshots of the birth registration page — filled, with errors, at the check-answers step — are
written to BUILD_DIR/screenshots/. Prints one line per problem and a summary; exits 1 on any problem.
"""
import asyncio
import base64
import glob
import http.server
import threading
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

from devtools import ChromiumError, chromium_page, find_chromium, open_page


unenterable = 0
hostile_cases = 0
axe_runs = 0
figures = []
posted = 0
fee_checked = 0
shown_checked = 0
fee_skipped = 0
prefill_checked = 0
prefill_pages = 0


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "axe.min.js")
    return open(path, encoding="utf-8").read() if os.path.exists(path) else None


async def axe_violations(browser, session, source):
    """axe-core's violations at WCAG A and AA on the page as it stands."""
    if not await browser.evaluate(session, "typeof window.axe !== 'undefined'"):
        await browser.evaluate(session, source + "\n;true")
    found = await browser.evaluate(session, f"""axe.run(document, {{ runOnly: {{ type: 'tag', values: {json.dumps(AXE_TAGS)} }} }})
      .then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))""")
    return found


class Receiver(http.server.BaseHTTPRequestHandler):
    """A submission endpoint for the test: keeps every body POSTed, answers 201, allows any origin
    (a page opened from the file system has the origin null)."""
    bodies = []

    def cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")

    def do_OPTIONS(self):
        self.send_response(204)
        self.cors()
        self.end_headers()

    def do_POST(self):
        length = min(int(self.headers.get("Content-Length", "0")), 1 << 20)
        Receiver.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(201)
        self.cors()
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"received": true}')

    def log_message(self, *args):
        pass


KEYBOARD = """(() => {
  const visible = (e) => e.offsetParent !== null && !e.closest('[hidden]') && !e.disabled;
  const controls = [...document.querySelectorAll('#to-khai input, #to-khai select, #to-khai textarea, #to-khai button')].filter(visible);
  const expected = new Set(controls.map((c) => c.type === 'radio' ? 'radio:' + c.name : c.id || c.className));
  return [...expected];
})()"""


async def tab_walk(browser, session, stops):
    await browser.evaluate(session, "document.activeElement?.blur(); window.scrollTo(0, 0); true")
    reached = set()
    for _ in range(stops):
        for kind in ("rawKeyDown", "keyUp"):
            await browser.call("Input.dispatchKeyEvent", {"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}, session)
        here = await browser.evaluate(session, "(() => { const e = document.activeElement; return e ? (e.type === 'radio' ? 'radio:' + e.name : e.id || e.className) : null; })()")
        if here:
            reached.add(here)
    return reached


async def screenshot(browser, session, build, name):
    folder = os.path.join(build, "screenshots")
    os.makedirs(folder, exist_ok=True)
    await browser.call("Emulation.setDeviceMetricsOverride", {"width": 900, "height": 1200, "deviceScaleFactor": 1, "mobile": False}, session)
    shot = await browser.call("Page.captureScreenshot", {"format": "png"}, session)
    open(os.path.join(folder, name + ".png"), "wb").write(base64.b64decode(shot["data"]))


# MARK: Entering answers as a person does

class Unenterable(Exception):
    """No person could put this value into the controls (an option outside the list, a value for a
    field the page hides, a member the form does not have)."""


def schema_at(schema, pointer):
    node = schema
    for name in pointer.split("/")[1:]:
        node = node.get("items", {}) if name.isdigit() else node.get("properties", {}).get(name, {})
    return node


def typed_text(kind, value):
    """What a person types for a value: ID numbers and phones in groups, money with thousands
    separators, names as a Vietnamese keyboard may send them (decomposed); the page normalises."""
    text = value if isinstance(value, str) else json.dumps(value)
    if kind in ("cccd", "cmnd", "bhxh") and re.fullmatch(r"\d{9,12}", text):
        return " ".join(text[i:i + 3] for i in range(0, len(text), 3))
    if kind == "phone_vn" and re.fullmatch(r"0\d{9}", text):
        return f"{text[:4]} {text[4:7]} {text[7:]}"
    if kind == "money_vnd" and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if kind == "person_name":
        return unicodedata.normalize("NFD", text)
    return text


class Person:
    """Fills a form page through its controls: mouse clicks at the controls' centres and text typed
    with the DevTools protocol's Input domain (real input events), choosing from lists, ticking the
    include box of an optional section and pressing "Thêm một mục" for repeat items."""

    def __init__(self, browser, session, schema, scratch):
        self.browser, self.session, self.schema, self.scratch = browser, session, schema, scratch

    async def js(self, expression):
        return await self.browser.evaluate(self.session, expression)

    async def click(self, selector):
        box = await self.js(f"""(() => {{
          const e = document.querySelector({json.dumps(selector)});
          if (!e || !e.checkVisibility()) return null;
          e.scrollIntoView({{ block: 'center' }});
          const r = e.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""")
        if box is None:
            raise Unenterable(f"{selector} cannot be clicked")
        for kind in ("mousePressed", "mouseReleased"):
            await self.browser.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1}, self.session)

    async def type(self, id, text):
        await self.click(f'[id="{id}"]')
        if not await self.js(f"document.activeElement?.id === {json.dumps(id)} && (document.activeElement.select(), true)"):
            raise Unenterable(f"{id} does not take the focus")
        if text:
            await self.browser.call("Input.insertText", {"text": text}, self.session)
        else:
            await self.browser.call("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Backspace", "windowsVirtualKeyCode": 8}, self.session)

    async def choose(self, id, value):
        chosen = await self.js(f"""(() => {{
          const e = document.getElementById({json.dumps(id)});
          if (!e.checkVisibility() || ![...e.options].some((o) => o.value === {json.dumps(value)})) return false;
          e.focus(); e.value = {json.dumps(value)};
          e.dispatchEvent(new Event('input', {{ bubbles: true }})); e.dispatchEvent(new Event('change', {{ bubbles: true }}));
          return true;
        }})()""")
        if not chosen:
            raise Unenterable(f"{value!r} is not among the options of {id}")

    async def tick(self, name, value, on=True):
        selector = f'input[name="{name}"][value="{value}"]'
        state = await self.js(f"document.querySelector({json.dumps(selector)})?.checked ?? null")
        if state is None:
            raise Unenterable(f"no option {value!r} for {name}")
        if state != on:
            await self.click(selector)

    async def enter(self, value, pointer=""):
        """Puts `value` at `pointer` into the controls; raises Unenterable when a person could not."""
        if value is None:
            return
        id = "f" + pointer.replace("/", "-")
        shape = await self.js(f"""(() => {{
          const w = document.getElementById({json.dumps('w-' + id)});
          if (!w) return null;
          const own = document.getElementById({json.dumps(id)});
          const kind = ['group', 'repeat', 'choices', 'date', 'address'].find((k) => w.classList.contains(k))
            ?? (own?.tagName === 'SELECT' ? 'select' : own?.type === 'file' ? 'file' : 'text');
          return {{ kind, include: document.getElementById({json.dumps(id + '-khai')}) ? true : false,
                    computed: !!own?.readOnly || !!w.querySelector('input:disabled'), visible: w.checkVisibility() }};
        }})()""") if pointer else {"kind": "group", "include": False, "computed": False, "visible": True}
        if shape is None:
            raise Unenterable(f"the form has no field {pointer}")
        if not shape["visible"]:
            raise Unenterable(f"{pointer} is hidden")
        if shape["computed"]:
            return  # the page computes it
        kind, field = shape["kind"], schema_at(self.schema, pointer).get("x-formc-type")
        if kind == "group":
            if not isinstance(value, dict):
                raise Unenterable(f"{pointer} holds a group")
            if shape["include"]:
                if not await self.js(f"document.getElementById({json.dumps(id + '-khai')}).checked"):
                    await self.click(f'[id="{id}-khai"]')
            await self.members(value, pointer)
        elif kind == "repeat":
            if not isinstance(value, list):
                raise Unenterable(f"{pointer} holds a list")
            count = lambda: self.js(f"document.querySelector({json.dumps('#w-' + id + ' > .items')}).children.length")
            while await count() < len(value):
                await self.click(f'[id="{id}"]')
            while await count() > len(value):
                await self.click(f'#w-{id} > .items > fieldset:last-child > button.remove')
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    raise Unenterable(f"{pointer}/{index} holds an item")
                await self.members(item, f"{pointer}/{index}")
        elif kind == "choices":
            values = value if isinstance(value, list) else [value]
            for v in values:
                await self.tick(id, "true" if v is True else "false" if v is False else str(v))
        elif kind == "select":
            await self.choose(id, str(value))
        elif kind == "date":
            match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value if isinstance(value, str) else "")
            if not match:
                raise Unenterable(f"{value!r} is not a date the three boxes can hold")
            year, month, day = match.groups()
            await self.type(id, str(int(day)))
            await self.type(id + "-thang", f"tháng {int(month)}")
            await self.type(id + "-nam", year)
        elif kind == "address":
            if not isinstance(value, dict) or set(value) - {"province", "commune", "detail"}:
                raise Unenterable(f"{pointer} holds an address")
            if "province" in value:
                await self.choose(id + "-province", value["province"])
            if "commune" in value:
                await self.choose(id + "-commune", value["commune"])
            if "detail" in value:
                await self.type(id + "-detail", value["detail"])
        elif kind == "file":
            if not isinstance(value, dict) or not isinstance(value.get("size"), int) or not isinstance(value.get("name"), str) or "/" in value["name"]:
                raise Unenterable(f"{pointer} holds a file")
            path = os.path.join(self.scratch, value["name"])
            with open(path, "wb") as f:
                f.truncate(value["size"])
            node = await self.browser.call("Runtime.evaluate", {"expression": f"document.getElementById({json.dumps(id)})"}, self.session)
            await self.browser.call("DOM.setFileInputFiles", {"files": [path], "objectId": node["result"]["objectId"]}, self.session)
        else:
            await self.type(id, typed_text(field, value))

    async def members(self, value, pointer):
        order = await self.js("[...document.querySelectorAll('[data-pointer]')].map((e) => e.dataset.pointer)")
        position = {p: i for i, p in enumerate(order)}
        for name in sorted(value, key=lambda n: position.get(f"{pointer}/{n}", len(order))):
            await self.enter(value[name], f"{pointer}/{name}")


async def send_to_receiver(browser, session, person, endpoint):
    """Presses "Gửi" on the check-answers step with the page pointed at the test's receiver; the body
    it receives, or None when nothing arrives within five seconds."""
    before = len(Receiver.bodies)
    await browser.evaluate(session, f"document.querySelector('meta[name=formc-endpoint]').content = {json.dumps(endpoint)}; true")
    await person.click("#gui")
    for _ in range(100):
        if len(Receiver.bodies) > before:
            return Receiver.bodies[-1]
        await asyncio.sleep(0.05)
    return None


def prefill_bindings(schema, pointer=""):
    """Every field's prefill binding in the schema (x-formc-prefill), with its pointer."""
    found = []
    for name, field in (schema.get("properties") or {}).items():
        here = f"{pointer}/{name}"
        if "x-formc-prefill" in field:
            found.append((here, field["x-formc-prefill"]))
        if field.get("type") == "object":
            found += prefill_bindings(field, here)
    return found


def value_at(data, pointer):
    for name in pointer.split("/")[1:]:
        if not isinstance(data, dict) or name not in data:
            return None
        data = data[name]
    return data


async def judge_prefill(browser, session, path, vectors, schema, person, endpoint):
    """A page given what the identity source holds for a citizen (the portal's contract,
    formcPage.prefill, docs/data-reuse.md): locked fields show the source's value and a person cannot
    change it, review fields are marked until confirmed (submitting first asks to confirm them), the
    rest of the valid example is entered as a person does, and the POSTed answers carry the prefilled
    values. A locked value changed behind the page's back is refused by its validator."""
    global prefill_checked, prefill_pages, axe_runs, posted
    bindings = prefill_bindings(schema)
    matching = next((v for v in vectors["vectors"] if v["source"] == "prefill" and v["valid"]), None)
    if not bindings or matching is None:
        return []
    prefill_pages += 1
    problems, name = [], f"{path} (prefilled)"
    base = vectors["vectors"][matching["base"]]["data"]
    # The identity fixture: the source's values as the valid example has them.
    fixture = json.loads(json.dumps(matching["prefill"]))
    for pointer, binding in bindings:
        value = value_at(base, pointer)
        if value is not None:
            # The attribute is a path into the source's data (another form's field: tre.ho_ten).
            target = fixture.setdefault(binding["source"], {})
            keys = binding["attribute"].split(".")
            for key in keys[:-1]:
                target = target.setdefault(key, {})
            target[keys[-1]] = value
    if not await open_page(browser, session, path):
        return [f"{name}: the page did not start"]
    today = vectors["vectors"][matching["base"]].get("today") or "2026-11-25"
    await browser.evaluate(session, f"formcPage.setToday({json.dumps(today)}); formcPage.prefill({json.dumps(fixture)}); true")
    for pointer, binding in bindings:
        held = value_at(base, pointer)
        if held is None:
            continue
        id = "f" + pointer.replace("/", "-")
        state = await browser.evaluate(session, f"""(() => {{
          const w = document.getElementById({json.dumps('w-' + id)});
          return {{ mode: w.dataset.prefill ?? null, review: w.classList.contains('needs-review'),
                    note: document.getElementById({json.dumps(id + '-nguon')})?.textContent ?? null }};
        }})()""")
        if state["mode"] != binding["mode"] or not state["note"]:
            problems.append(f"{name}: {pointer} is shown as {state['mode']!r} with note {state['note']!r}, not {binding['mode']!r}")
        if binding["mode"] == "review" and not state["review"]:
            problems.append(f"{name}: {pointer} is to be reviewed but not marked")
        if binding["mode"] == "locked":
            # A person tries to change it: typing into a text box, or clicking another option.
            kind = await browser.evaluate(session, f"document.getElementById({json.dumps(id)})?.type ?? null")
            try:
                if kind == "radio":
                    other = await browser.evaluate(session, f"[...document.querySelectorAll('input[name=\"{id}\"]')].find((i) => !i.checked)?.value ?? null")
                    if other is not None:
                        await person.click(f'input[name="{id}"][value="{other}"]')
                elif kind == "text":
                    await person.type(id, "9")
            except Unenterable:
                pass  # a control that does not even take the click cannot be changed either
            now = await browser.evaluate(session, f"(() => {{ let v = formcPage.answers(); for (const n of {json.dumps(pointer.split('/')[1:])}) v = v?.[n]; return v ?? null; }})()")
            if now != held:
                problems.append(f"{name}: locked {pointer} became {now!r} (the source holds {held!r})")
            prefill_checked += 1
    for violation in await axe_violations(browser, session, axe_source()):
        problems.append(f"{name}: axe: {violation}")
    axe_runs += 1
    try:
        await person.enter(base)
    except Unenterable as reason:
        return problems + [f"{name}: a person cannot enter the rest of the example: {reason}"]
    if await browser.evaluate(session, "!!document.getElementById('truong-hop')"):
        await person.click("#truong-hop")
    reviews = [pointer for pointer, binding in bindings if binding["mode"] == "review" and value_at(base, pointer) is not None]
    outcome = await browser.evaluate(session, "(() => { formcPage.submit(); return { reviewing: formcPage.reviewing(), errors: formcPage.errors() }; })()")
    asked = sorted(e["path"] for e in outcome["errors"] if e["rule"] == "prefill_review")
    if asked != sorted(reviews) or len(outcome["errors"]) != len(asked) or (reviews and outcome["reviewing"]):
        problems.append(f"{name}: submitted before confirming, the page says {outcome['errors']} (reviewing: {outcome['reviewing']})")
    for pointer in reviews:
        id = "f" + pointer.replace("/", "-")
        await person.click(f'[id="{id}-xac-nhan"]')
        if await browser.evaluate(session, f"document.getElementById({json.dumps('w-' + id)}).classList.contains('needs-review')"):
            problems.append(f"{name}: {pointer} is still marked after confirming")
        prefill_checked += 1
    outcome = await browser.evaluate(session, "(() => { formcPage.submit(); return { reviewing: formcPage.reviewing(), errors: formcPage.errors() }; })()")
    if not outcome["reviewing"]:
        return problems + [f"{name}: valid and confirmed, but the page says {outcome['errors']}"]
    body = await send_to_receiver(browser, session, person, endpoint)
    if body is None:
        return problems + [f"{name}: nothing was POSTed"]
    posted += 1
    if canonical(body.get("answers")) != canonical(base):
        problems.append(f"{name}: POSTed {canonical(body.get('answers'))[:200]}")
    filled = sorted(pointer for pointer, _ in bindings if value_at(base, pointer) is not None)
    if sorted(body.get("prefilled") or []) != filled:
        problems.append(f"{name}: POSTed prefilled {body.get('prefilled')}, not {filled}")
    # Behind the page's back (a script rewrites the controls): the validator, given the sources, refuses it.
    # Another valid name, so the value passes its own rules and only the lock refuses it.
    locked = next((p for p, b in bindings if b["mode"] == "locked" and schema_at(schema, p).get("x-formc-type") == "person_name"
                   and isinstance(value_at(base, p), str)), None)
    if locked:
        changed = json.loads(json.dumps(base))
        target = changed
        for n in locked.split("/")[1:-1]:
            target = target[n]
        target[locked.split("/")[-1]] = value_at(base, locked) + " An"
        errors = await browser.evaluate(session, f"""(() => {{
          document.getElementById('sua').click();
          formcPage.fill({json.dumps(changed)}); formcPage.submit(); return formcPage.errors(); }})()""")
        if not any(e["path"] == locked and e["rule"] == "prefill_locked" for e in errors):
            problems.append(f"{name}: {locked} changed behind the page's back, and the page says {errors}")
    return problems


def unit_name_bytes(folder):
    """The bytes of a page that are administrative unit names: the province lists of its address
    pickers (form.html) and the units the script fills the commune lists from (form.js)."""
    html = open(os.path.join(folder, "form.html"), encoding="utf-8").read()
    script = open(os.path.join(folder, "form.js"), encoding="utf-8").read()
    lists = re.findall(r'<select id="[^"]*-province".*?</select>', html)
    page = next((line for line in script.split("\n") if line.startswith("const PAGE = ")), "")
    tail = page[page.index('"units":'):] if '"units":' in page else ""
    return sum(len(x.encode()) for x in lists) + len(tail.encode())


def money(amount):
    return f"{amount:,}".replace(",", ".")


async def judge_fees(browser, session, build, path, document_id, person):
    """The fee a page shows while the citizen fills it, against the procedure's fee vectors: every
    vector the page can be given (its channel, a case the document is in, no answers for another
    document, categories the page asks) is entered as a person would — the case picked, categories
    ticked, answers through the controls — and the page's estimate must have the vector's status and
    total, in words a citizen reads."""
    global fee_checked, fee_skipped
    procedure = path.split(os.sep)[-4]
    folder = os.path.join(build, "procedures", procedure)
    found = []
    if not os.path.exists(os.path.join(folder, "fees.json")):
        if await browser.evaluate(session, "!!document.getElementById('phi-du-kien')"):
            found.append(f"{path}: the procedure has no fees, yet the page shows one")
        return found
    rules = json.load(open(os.path.join(folder, "fees.json"), encoding="utf-8"))
    manifest = json.load(open(os.path.join(folder, "procedure.json"), encoding="utf-8"))
    channels = [c["channel"] for c in manifest["channels"]]
    channel = "truc_tuyen" if "truc_tuyen" in channels else channels[0]
    submission = json.load(open(os.path.join(folder, "submission.json"), encoding="utf-8"))
    cases = [c["id"] for c in submission["cases"] if any(d["id"] == document_id for d in c["documents"])]
    for vector in rules["vectors"]:
        others = [v for k, v in vector["answers"].items() if k != document_id and v not in (None, {})]
        if vector["channel"] != channel or others or vector["case"] not in cases:
            fee_skipped += 1
            continue
        name = f"{path}: fee '{vector['name']}'"
        if not await open_page(browser, session, path):
            found.append(f"{name}: the page did not start")
            continue
        await browser.evaluate(session, f"formcPage.setToday({json.dumps(vector['on'])}); true")
        try:
            if len(cases) > 1:
                await person.tick("truong-hop", vector["case"])
            for category in vector["categories"]:
                await person.tick("doi-tuong", category)
            await person.enter(vector["answers"].get(document_id) or {})
        except Unenterable:
            fee_skipped += 1
            continue
        status, total, text = await browser.evaluate(session, "(() => { const e = document.getElementById('phi-du-kien'); return [e.dataset.status, e.dataset.total, e.textContent]; })()")
        expected_total = str(vector["total"]) if vector["status"] == "known" else ""
        if (status, total) != (vector["status"], expected_total):
            found.append(f"{name}: fees.json says {vector['status']} {vector['total']}, the page shows {status} {total!r}: {text}")
        words = ("Không phải nộp" if vector["total"] == 0 else money(vector["total"]) + " đồng") if vector["status"] == "known" else "Chưa tính được"
        if words not in text or re.search(r"undefined|null|NaN|/[a-z_]+/", text):
            found.append(f"{name}: the page says {text!r}")
        fee_checked += 1
    return found


async def hostile(browser, session, build):
    """What a careless or hostile citizen can do through the pages themselves."""
    global hostile_cases
    found = []
    birth = os.path.join(build, "procedures", "1.001193", "forms", "to_khai", "form.html")
    if not os.path.exists(birth):
        return []  # a project other than the bundled corpus
    if not await open_page(browser, session, birth):
        return [f"{birth}: did not start"]
    outcome = await browser.evaluate(session, """(() => {
      formcPage.setToday('2026-11-25');
      const input = document.getElementById('f-tre-dan_toc');
      input.value = 'a'.repeat(100000);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      formcPage.submit();
      return formcPage.errors().filter((e) => e.path === '/tre/dan_toc').map((e) => e.rule);
    })()""")
    hostile_cases += 1
    if outcome != ["max_length"]:
        found.append(f"{birth}: 100,000 characters: {outcome}")
    polluted = await browser.evaluate(session, """(() => {
      formcPage.fill(JSON.parse('{"__proto__": {"polluted": 1}, "tre": {"__proto__": {"polluted": 2}}}'));
      formcPage.submit();
      return ({}).polluted !== undefined || Object.prototype.polluted !== undefined;
    })()""")
    hostile_cases += 1
    if polluted:
        found.append(f"{birth}: __proto__ in the answers polluted Object.prototype")
    # The language switch: English glosses appear, and the errors speak English.
    switched = await browser.evaluate(session, """(() => {
      const gloss = document.querySelector('h1 .en');
      const before = gloss.offsetParent !== null;
      document.getElementById('ngon-ngu').click();
      const after = gloss.offsetParent !== null;
      formcPage.fill({});
      formcPage.submit();
      const english = [...document.querySelectorAll('#tom-tat-loi a')].some((a) => a.textContent.includes('This field is required'));
      document.getElementById('ngon-ngu').click();
      return [before, after, document.getElementById('ngon-ngu').getAttribute('aria-pressed'), english];
    })()""")
    hostile_cases += 1
    if switched != [False, True, "false", True]:
        found.append(f"{birth}: the language switch gives {switched}")
    copies = os.path.join(build, "procedures", "2.000815", "forms", "de_nghi", "form.html")
    if not await open_page(browser, session, copies):
        return found + [f"{copies}: did not start"]
    count = await browser.evaluate(session, """(() => {
      const add = document.getElementById('f-giay_to');
      for (let i = 0; i < 1000 && !add.hidden; i++) add.click();
      for (let i = 0; i < 1000; i++) add.click();
      return [document.querySelectorAll('#w-f-giay_to > .items > fieldset').length, add.hidden];
    })()""")
    hostile_cases += 1
    if count != [20, True]:
        found.append(f"{copies}: asking for 1,000 documents gives {count} (the maximum is 20)")
    # An 11 MB PDF into the first document's scan: refused by size, before anything is sent.
    big = os.path.join(build, "screenshots", "big.pdf")
    os.makedirs(os.path.dirname(big), exist_ok=True)
    with open(big, "wb") as f:
        f.write(b"%PDF-1.4\n" + b"0" * (11 << 20))
    node = await browser.call("Runtime.evaluate", {"expression": "document.getElementById('f-giay_to-0-ban_chup')"}, session)
    await browser.call("DOM.setFileInputFiles", {"files": [os.path.abspath(big)], "objectId": node["result"]["objectId"]}, session)
    rules = await browser.evaluate(session, """(() => {
      formcPage.setToday('2026-11-25');
      formcPage.submit();
      return formcPage.errors().filter((e) => e.path.startsWith('/giay_to/0/ban_chup')).map((e) => e.path + ' ' + e.rule);
    })()""")
    os.remove(big)
    hostile_cases += 1
    if rules != ["/giay_to/0/ban_chup/size maximum"]:
        found.append(f"{copies}: an 11 MB file gives {rules}")
    return found


def canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


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
    pages = sorted(glob.glob(os.path.join(build, "procedures", "*", "forms", "*", "form.html"))) + sorted(glob.glob(os.path.join(build, "bundles", "*", "form.html")))
    problems, checked = [], 0
    global unenterable, axe_runs, posted, shown_checked
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}/submissions"
    axe = axe_source()
    if axe is None:
        return ["axe-core is needed (scripts/test.sh installs the PyPI package axe-playwright-python, for its axe.min.js)"], 0
    scratch = tempfile.mkdtemp()
    try:
        async with chromium_page(chromium) as (browser, session):
            for path in pages:
                bundle = path.split(os.sep)[-3] == "bundles"
                if bundle:
                    # A combined declaration's page: its form from the split map; it posts the bundle's id.
                    split_map = json.load(open(os.path.join(os.path.dirname(path), "split.json"), encoding="utf-8"))
                    procedure_manifest, document_id, form = {"procedure": split_map["bundle"]}, "to_khai", split_map["form"]
                else:
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
                folder = os.path.dirname(path)
                size = sum(os.path.getsize(os.path.join(folder, f)) for f in ("form.html", "form.js", "form.css"))
                ready = await browser.evaluate(session, "Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)")
                units = unit_name_bytes(folder)
                figures.append((os.path.relpath(path, build), size, size - units, ready))
                # 150,000 bytes for a form; a combined declaration's page holds its members' forms.
                budget = 150_000 * (len(split_map["members"]) if bundle else 1)
                if size - units >= budget:
                    problems.append(f"{path}: {size - units} bytes without the unit names; the budget is {budget:,}")
                for control in await browser.evaluate(session, LABELLED):
                    problems.append(f"{path}: control {control} has no label")
                for violation in await axe_violations(browser, session, axe):
                    problems.append(f"{path} (empty form): axe: {violation}")
                axe_runs += 1
                expected_stops = set(await browser.evaluate(session, KEYBOARD))
                reached = await tab_walk(browser, session, len(expected_stops) + 10)
                for missing in sorted(expected_stops - reached):
                    problems.append(f"{path}: the keyboard does not reach {missing}")
                after_errors = after_review = False
                schema = json.load(open(os.path.join(build, "forms", form["id"], form["version"], "schema.json"), encoding="utf-8"))
                person = Person(browser, session, schema, scratch)
                states = {entry["vector"]: entry["fields"] for entry in vectors.get("states", [])}
                for index, vector in enumerate(vectors["vectors"]):
                    if vector["source"] != "example":
                        continue
                    checked += 1
                    today = vector.get("today") or "2026-11-25"
                    name = f"{path}: '{vector['name']}'"
                    if not await open_page(browser, session, path):
                        problems.append(f"{name}: the page did not start")
                        continue
                    await browser.evaluate(session, f"formcPage.setToday({json.dumps(today)}); true")
                    try:
                        await person.enter(vector["data"])
                    except Unenterable as reason:
                        # A valid example is what a person enters: the controls must take it. An invalid
                        # one may hold what no control can (an option outside the list, a stray member, a
                        # value for a hidden field): not enterable, not judged.
                        if vector["valid"]:
                            problems.append(f"{name}: a person cannot enter it: {reason}")
                        else:
                            unenterable += 1
                            if os.environ.get("FORMC_JUDGE_VERBOSE"):
                                print(f"{name}: not enterable: {reason}")
                        continue
                    if await browser.evaluate(session, "!!document.getElementById('truong-hop')"):
                        await person.click("#truong-hop")  # the page asks which case: a person picks theirs
                    # What the page shows and hides must be what logic.mjs says for these answers (the
                    # field-state vectors); fields of an optional section not ticked are the citizen's choice.
                    wrong = await browser.evaluate(session, f"""((fields) => {{
                      const wrong = [];
                      for (const [pointer, state] of Object.entries(fields)) {{
                        const w = document.getElementById('w-f' + pointer.split('/').join('-'));
                        if (!w) continue;
                        const optional = w.parentElement.closest('.included');
                        if (optional && optional.hidden) continue;
                        if (w.checkVisibility() !== state.visible) wrong.push(pointer + (state.visible ? ' is hidden' : ' is shown'));
                      }}
                      return wrong;
                    }})({json.dumps(states.get(index, {}))})""")
                    for field in wrong:
                        problems.append(f"{name}: {field}, logic.mjs says otherwise")
                    shown_checked += len(states.get(index, {}))
                    if "1.001193" in path and vector["valid"] and not os.path.exists(os.path.join(build, "screenshots", "birth-filled.png")):
                        await browser.evaluate(session, "window.scrollTo(0, 0); true")
                        await screenshot(browser, session, build, "birth-filled")
                    outcome = await browser.evaluate(session, """(() => {
                      const answers = formcPage.answers();
                      formcPage.submit();
                      return { answers, reviewing: formcPage.reviewing(), errors: formcPage.errors(),
                               title: document.title, focused: document.activeElement?.id ?? null,
                               fee: document.querySelector('#kiem-tra .fee-total')?.dataset.status ?? null };
                    })()""")
                    if "1.001193" in path and (outcome["errors"] or outcome["reviewing"]):
                        state = "review" if outcome["reviewing"] else "errors"
                        if not os.path.exists(os.path.join(build, "screenshots", f"birth-{state}.png")):
                            await browser.evaluate(session, "window.scrollTo(0, 0); true")
                            await screenshot(browser, session, build, f"birth-{state}")
                    # axe on the page with errors shown, and on the check-answers step, once per page.
                    if (not after_errors and outcome["errors"]) or (not after_review and outcome["reviewing"]):
                        state = "check-answers step" if outcome["reviewing"] else "errors shown"
                        for violation in await axe_violations(browser, session, axe):
                            problems.append(f"{path} ({state}): axe: {violation}")
                        axe_runs += 1
                        after_errors = after_errors or bool(outcome["errors"])
                        after_review = after_review or outcome["reviewing"]
                    if canonical(outcome["answers"]) != canonical(vector["data"]):
                        if vector["valid"]:
                            problems.append(f"{name}: the controls give back {canonical(outcome['answers'])[:300]}")
                        else:
                            unenterable += 1
                            if os.environ.get("FORMC_JUDGE_VERBOSE"):
                                print(f"{name}: not enterable: the controls give back {canonical(outcome['answers'])[:200]}")
                        continue
                    if vector["valid"]:
                        if not outcome["reviewing"] or outcome["errors"]:
                            problems.append(f"{name}: valid, but the page says {outcome['errors']}")
                            continue
                        if bundle and os.path.exists(os.path.join(os.path.dirname(path), "fees.json")) and outcome["fee"] != "known":
                            problems.append(f"{name}: the check-answers step does not price the complete combined declaration ({outcome['fee']!r})")
                        # Send it to the test's receiver, and compare what arrives with the example.
                        body = await send_to_receiver(browser, session, person, endpoint)
                        if body is None:
                            problems.append(f"{name}: nothing was POSTed")
                        else:
                            if canonical(body.get("answers")) != canonical(vector["data"]):
                                problems.append(f"{name}: POSTed {canonical(body.get('answers'))[:200]}")
                            if (body.get("form"), body.get("version"), body.get("procedure"), body.get("document")) != (vectors["form"], vectors["version"], procedure_manifest["procedure"], document_id) or not str(body.get("hash", "")).startswith("sha256:"):
                                problems.append(f"{name}: POSTed identity {body.get('procedure')} {body.get('document')} {body.get('form')} {body.get('version')} {body.get('hash')}")
                            posted += 1
                    else:
                        expected = sorted((e["path"], e["rule"]) for e in vector["errors"])
                        got = sorted((e["path"], e["rule"]) for e in outcome["errors"])
                        if expected != got:
                            problems.append(f"{name}: formc {expected}, the page {got}")
                        if not outcome["title"].startswith("Lỗi: ") or outcome["focused"] != "tom-tat-loi":
                            problems.append(f"{name}: title {outcome['title']!r}, focus on {outcome['focused']!r}")
                if not bundle:
                    problems += await judge_fees(browser, session, build, path, document_id, person)
                problems += await judge_prefill(browser, session, path, vectors, schema, person, endpoint)
            problems += await hostile(browser, session, build)
            # An information page, as a citizen sees it first.
            if os.path.exists(os.path.join(build, "procedures", "1.001193")):
                await browser.call("Page.navigate", {"url": pathlib.Path(os.path.join(build, "procedures", "1.001193", "information.html")).resolve().as_uri()}, session)
                await asyncio.sleep(0.5)
                await screenshot(browser, session, build, "birth-information")
    except ChromiumError as error:
        return [str(error)], 0
    finally:
        server.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)
    return problems, checked


def main(build):
    chromium = find_chromium()
    if chromium is None:
        print("Chromium is needed (scripts/test.sh installs Debian's chromium)")
        return 1
    problems, checked = asyncio.run(judge(chromium, build))
    pages = len(glob.glob(os.path.join(build, "procedures", "*", "forms", "*", "form.html"))) + len(glob.glob(os.path.join(build, "bundles", "*", "form.html")))
    for problem in problems:
        print(problem)
    for page, size, without_units, ready in figures:
        print(f"  {page:<50} {size / 1024:6.1f} KiB ({without_units / 1024:6.1f} KiB without unit names)   usable after {ready} ms")
    print(f"form pages in Chromium: {pages} pages, {checked - unenterable} examples entered through the controls and submitted "
          f"({unenterable} invalid ones hold what no control can; {shown_checked} field states shown as logic.mjs says), axe-core on {axe_runs} page states, {posted} submissions POSTed and received, {fee_checked} fee vectors shown as fees.json says ({fee_skipped} for another channel, case or document), {prefill_checked} prefilled fields locked or confirmed, {hostile_cases} hostile inputs and switches, {len(problems)} problems")
    if prefill_pages and prefill_checked == 0:
        print("pages with prefilled fields were judged, but no prefilled field was")
        return 1
    return 1 if problems or checked - unenterable == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
