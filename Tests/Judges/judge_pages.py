#!/usr/bin/env python3
"""Checks every HTML page of a build (information pages, form templates) as a reader and a browser see it.

Usage: judge_pages.py BUILD_DIR

Structure (Python's html.parser): `<html lang="vi">`, a `<title>`, headings that start at h1 and never
skip a level, every input labelled (a `<label for>` or an `aria-label`), and no script element at all —
spec text that looks like markup must arrive as text.
Browser (headless Chromium, Debian's `chromium`): each page loads without console errors and prints
to an A4 PDF.
Prints each problem and a summary; exits 1 on any.
"""
import glob
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = False
        self.headings = []
        self.inputs = []
        self.labels = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self.title = True
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "input":
            self.inputs.append(attrs)
        elif tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        elif tag == "script":
            self.scripts += 1


def check_structure(path):
    page = Page()
    page.feed(open(path, encoding="utf-8").read())
    problems = []
    if page.lang != "vi":
        problems.append('the page does not declare lang="vi"')
    if not page.title:
        problems.append("the page has no title")
    if not page.headings or page.headings[0] != 1:
        problems.append("the first heading is not h1")
    for previous, current in zip(page.headings, page.headings[1:]):
        if current > previous + 1:
            problems.append(f"heading h{current} follows h{previous}")
    for attrs in page.inputs:
        if attrs.get("id") not in page.labels and not attrs.get("aria-label"):
            problems.append(f"an input has no label: {attrs}")
    if page.scripts:
        problems.append(f"{page.scripts} script element(s)")
    return problems, len(page.inputs)


def check_browser(chromium, path, scratch):
    pdf = os.path.join(scratch, os.path.basename(path) + ".pdf")
    run = subprocess.run(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--enable-logging=stderr", "--v=0",
         f"--print-to-pdf={pdf}", "file://" + os.path.abspath(path)],
        capture_output=True, text=True, timeout=120)
    problems = []
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    if console:
        problems.append("console: " + " | ".join(console[:3]))
    if run.returncode != 0 or not os.path.exists(pdf) or not open(pdf, "rb").read(5).startswith(b"%PDF"):
        problems.append(f"Chromium did not print it to PDF (exit {run.returncode}): {run.stderr[-300:]}")
    return problems


def main(build):
    pages = sorted(glob.glob(os.path.join(build, "procedures", "*", "*.html")) + glob.glob(os.path.join(build, "procedures", "*", "templates", "*.html")))
    chromium = next((c for c in ("chromium", "chromium-browser", "google-chrome") if subprocess.run(["which", c], capture_output=True).returncode == 0), None)
    problems, inputs = [], 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in pages:
            found, count = check_structure(path)
            inputs += count
            if chromium is None:
                found.append("Chromium is needed (scripts/test.sh installs Debian's chromium)")
            else:
                found += check_browser(chromium, path, scratch)
            problems += [f"{path}: {p}" for p in found]
    for problem in problems:
        print(problem)
    print(f"{len(pages)} pages, {inputs} labelled inputs, {len(problems)} problems")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
