#!/usr/bin/env python3
"""Paper: templates and filled printouts printed to PDF by headless Chromium, read back with poppler.

Usage: judge_paper.py BUILD_DIR

For every template (procedures/*/templates/<form>.html) of the build:
- its printout module gives it back byte for byte: renderPrintout(null) under node equals the file;
- printed to A4 PDF through the DevTools protocol (Page.printToPDF), every font is embedded
  (`pdffonts`), and `pdftotext` gives back, in NFC, the title, the addressee line, every statement
  (the commitment sentence) and every signature title the layout carries; a form that follows TT
  04/2024/TT-BTP must carry an addressee, a commitment ("cam đoan") and a signature. The page count
  of each template is printed.
For every valid example of every form (vectors.json), the printout module fills the form for the
procedure it is printed for; printed to PDF, `pdftotext -layout` must contain every answer as the
paper form writes it, byte for byte in NFC: text as given, numbers, money as "16.000 đồng", dates as
dd/mm/yyyy, the chosen option ticked ("X" before its label), yes/no as a ticked "Có"/"Không",
addresses with the unit names, files by name.
On the birth registration page, the check-answers step's "In bản khai" prints the filled paper form
instead of the page. Screenshots of a printed template and a filled printout go to BUILD_DIR/screenshots/.
Prints one line per problem and a summary; exits 1 on any problem.
"""
import asyncio
import base64
import glob
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import ChromiumError, chromium_page, find_chromium, open_page  # noqa: E402


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


def schema_at(schema, pointer):
    node = schema
    for name in pointer.split("/")[1:]:
        node = node.get("items", {}) if name.isdigit() else node.get("properties", {}).get(name, {})
    return node


def leaves(value, pointer=""):
    if isinstance(value, dict) and not ({"province", "commune"} <= set(value) or {"media_type", "size"} <= set(value)):
        for key, item in value.items():
            yield from leaves(item, f"{pointer}/{key}")
    elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
        for index, item in enumerate(value):
            yield from leaves(item, f"{pointer}/{index}")
    else:
        yield pointer, value


def expectations(schema, units, data):
    """(pointer, what the paper says) for each answer: a plain string or a compiled pattern."""
    for pointer, value in leaves(data):
        node = schema_at(schema, pointer)
        kind = node.get("x-formc-type")
        options = {o.get("const"): o.get("title") for o in node.get("oneOf", []) + node.get("items", {}).get("oneOf", [])}
        if kind == "boolean":
            yield pointer, re.compile(r"X\s+" + ("Có" if value else "Không"))
        elif kind == "choice":
            yield pointer, re.compile(r"X\s+" + re.escape(options.get(value, value)))
        elif kind == "multi_choice":
            for item in value:
                yield pointer, re.compile(r"X\s+" + re.escape(options.get(item, item)))
        elif kind == "date":
            y, m, d = value.split("-")
            yield pointer, f"{d}/{m}/{y}"
        elif kind == "money_vnd":
            yield pointer, f"{value:,}".replace(",", ".") + " đồng"
        elif kind == "address_vn":
            province = units.get(value.get("province"), {})
            for part in (value.get("detail"), province.get("communes", {}).get(value.get("commune")), province.get("name")):
                if part:
                    yield pointer, part
        elif kind == "file":
            yield pointer, value["name"]
        elif kind == "datetime":
            continue  # written in Vietnam's time; its parts are checked by the module's own tests
        else:
            yield pointer, str(value)


async def print_pdf(browser, session, url, path):
    await browser.call("Page.navigate", {"url": url}, session)
    for _ in range(200):
        if await browser.evaluate(session, "document.readyState === 'complete'"):
            break
        await asyncio.sleep(0.05)
    pdf = await browser.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session)
    open(path, "wb").write(base64.b64decode(pdf["data"]))


def pdf_text(path, layout=False):
    return subprocess.run(["pdftotext"] + (["-layout"] if layout else []) + [path, "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def unembedded_fonts(path):
    lines = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line.split()[0] for line in lines if line.split()[-5] != "yes"]


def layout_of(html):
    """The fixed parts a template carries, as text."""
    def text(fragment):
        return collapse(unicodedata.normalize("NFC", re.sub(r"<[^>]+>", " ", fragment).replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")))
    parts = {
        "title": [text(t) for t in re.findall(r"<h1>(.*?)</h1>", html)],
        "addressee": [text(t) for t in re.findall(r'<p class="addressee">(.*?)</p>', html)],
        "statement": [text(t) for t in re.findall(r'<p class="statement">(.*?)</p>', html)],
        "signature": [text(t) for t in re.findall(r'<div class="signature"><p><strong>(.*?)</strong>', html)],
    }
    return parts


RENDER = """
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const job of jobs) {
  const { renderPrintout } = await import(pathToFileURL(job.module).href);
  if (job.blank) { results.push(renderPrintout(null) === readFileSync(job.blank, 'utf8')); continue; }
  writeFileSync(job.out, renderPrintout(job.answers, { signedOn: '2026-03-02' }));
  results.push(true);
}
console.log(JSON.stringify(results));
"""


async def judge(chromium, build, scratch):
    problems, pages, filled = [], [], 0
    templates = sorted(glob.glob(os.path.join(build, "procedures", "*", "templates", "*.html")))
    units_file = os.path.join(build, "administrative-units.json")
    units = {}
    if os.path.exists(units_file):
        for province in json.load(open(units_file, encoding="utf-8")).get("provinces", []):
            units[province["code"]] = {"name": province["name"], "communes": {u["code"]: u["name"] for u in province.get("units", [])}}
    # Node: the blank printouts, and a filled printout for every valid example.
    jobs, filled_jobs = [], []
    for template in templates:
        module = template[:-len(".html")] + ".printout.mjs"
        jobs.append({"module": module, "blank": template})
        form_id = os.path.basename(template)[:-len(".html")]
        versions = sorted(glob.glob(os.path.join(build, "forms", form_id, "*", "vectors.json")))
        if not versions:
            continue
        vectors = json.load(open(versions[-1], encoding="utf-8"))
        schema = json.load(open(os.path.join(os.path.dirname(versions[-1]), "schema.json"), encoding="utf-8"))
        for index, vector in enumerate(vectors["vectors"]):
            if vector["source"] == "example" and vector["valid"]:
                out = os.path.join(scratch, f"{len(jobs)}.html")
                jobs.append({"module": module, "answers": vector["data"], "out": out})
                filled_jobs.append((template, vector, schema, out))
    script = os.path.join(scratch, "render.mjs")
    open(script, "w").write(RENDER)
    job_file = os.path.join(scratch, "jobs.json")
    json.dump(jobs, open(job_file, "w"), ensure_ascii=False)
    run = subprocess.run(["node", script, job_file], capture_output=True, text=True)
    if run.returncode != 0:
        return [f"node: {run.stderr.strip()[:500]}"], pages, filled
    for job, ok in zip(jobs, json.loads(run.stdout)):
        if job.get("blank") and not ok:
            problems.append(f"{job['blank']}: renderPrintout(null) is not the template")

    try:
        async with chromium_page(chromium) as (browser, session):
            for template in templates:
                pdf = os.path.join(scratch, "template.pdf")
                await print_pdf(browser, session, pathlib.Path(template).resolve().as_uri(), pdf)
                name = os.path.relpath(template, build)
                text = pdf_text(pdf)
                if text != unicodedata.normalize("NFC", text):
                    problems.append(f"{name}: the PDF's text is not NFC")
                flat = collapse(text)
                html = open(template, encoding="utf-8").read()
                parts = layout_of(html)
                for kind, items in parts.items():
                    for item in items:
                        if item.upper() not in flat.upper():
                            problems.append(f"{name}: the PDF lacks its {kind} {item!r}")
                if "TT 04/2024/TT-BTP" in html and not (parts["addressee"] and any("cam đoan" in s for s in parts["statement"]) and parts["signature"]):
                    problems.append(f"{name}: a TT 04/2024 form without its addressee, commitment or signature")
                for font in unembedded_fonts(pdf):
                    problems.append(f"{name}: font {font} is not embedded")
                pages.append((name, pdf_pages(pdf)))
                if name.endswith("1.001193/templates/to-khai-dang-ky-khai-sinh.html"):
                    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, os.path.join(build, "screenshots", "paper-template")], check=True)
            for template, vector, schema, out in filled_jobs:
                pdf = os.path.join(scratch, "filled.pdf")
                await print_pdf(browser, session, pathlib.Path(out).resolve().as_uri(), pdf)
                name = f"{os.path.relpath(template, build)} filled with '{vector['name']}'"
                text = pdf_text(pdf, layout=True)
                if text != unicodedata.normalize("NFC", text):
                    problems.append(f"{name}: the PDF's text is not NFC")
                flat = collapse(text)
                for pointer, expected in expectations(schema, units, vector["data"]):
                    found = expected.search(flat) if isinstance(expected, re.Pattern) else collapse(expected) in flat
                    if not found:
                        problems.append(f"{name}: {pointer} should read {expected if isinstance(expected, str) else expected.pattern!r}")
                for font in unembedded_fonts(pdf):
                    problems.append(f"{name}: font {font} is not embedded")
                filled += 1
                if "1.001193" in template and not os.path.exists(os.path.join(build, "screenshots", "paper-filled.png")):
                    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, os.path.join(build, "screenshots", "paper-filled")], check=True)
            problems += await print_from_page(browser, session, build, scratch)
    except ChromiumError as error:
        problems.append(str(error))
    return problems, pages, filled


async def print_from_page(browser, session, build, scratch):
    """The check-answers step of the birth registration page prints the filled paper form."""
    page = os.path.join(build, "procedures", "1.001193", "forms", "to_khai", "form.html")
    if not os.path.exists(page):
        return []
    vectors = json.load(open(os.path.join(build, "forms", "to-khai-dang-ky-khai-sinh", "1.0.0", "vectors.json"), encoding="utf-8"))
    example = next(v for v in vectors["vectors"] if v["source"] == "example" and v["valid"])
    if not await open_page(browser, session, page):
        return [f"{page}: did not start"]
    ready = await browser.evaluate(session, f"""(async () => {{
      formcPage.setToday('2026-11-25');
      formcPage.fill({json.dumps(example["data"], ensure_ascii=False)});
      formcPage.submit();
      if (!formcPage.reviewing()) return 'not at the check-answers step';
      window.print = () => {{}};  // the test prints through the protocol instead of a dialog
      document.getElementById('in').click();
      for (let i = 0; i < 100 && document.getElementById('ban-in').childElementCount === 0; i++) await new Promise((r) => setTimeout(r, 50));
      return document.getElementById('ban-in').childElementCount > 0 ? 'ready' : 'nothing to print';
    }})()""")
    if ready != "ready":
        return [f"{page}: In bản khai: {ready}"]
    pdf = os.path.join(scratch, "from-page.pdf")
    data = await browser.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session)
    open(pdf, "wb").write(base64.b64decode(data["data"]))
    flat = collapse(pdf_text(pdf))
    found = []
    for expected in (example["data"]["tre"]["ho_ten"], "Kính gửi:", "TỜ KHAI ĐĂNG KÝ KHAI SINH", "ngày 25 tháng 11 năm 2026"):
        if expected not in flat:
            found.append(f"{page}: the printed answers lack {expected!r}")
    if "Kiểm tra lại thông tin" in flat or "Gửi tờ khai" in flat:
        found.append(f"{page}: the page itself was printed with the paper form")
    return found


def main(build):
    chromium = find_chromium()
    missing = [tool for tool in ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm", "node") if not shutil.which(tool)]
    if chromium is None or missing:
        print(f"needed: {'chromium ' if chromium is None else ''}{' '.join(missing)} (scripts/test.sh installs Debian's chromium, poppler-utils and nodejs)")
        return 1
    os.makedirs(os.path.join(build, "screenshots"), exist_ok=True)
    scratch = tempfile.mkdtemp()
    try:
        problems, pages, filled = asyncio.run(judge(chromium, build, scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for problem in problems:
        print(problem)
    for name, count in pages:
        print(f"  {name:<75} {count} page{'s' if count != 1 else ''}")
    print(f"paper: {len(pages)} templates printed to PDF, {filled} filled printouts read back, {len(problems)} problems")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
