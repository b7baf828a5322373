#!/usr/bin/env python3
"""The text extraction of two trees side by side: positions right, words and lines right,
speed. Used to choose the engine (PDFium through pypdfium2, or pypdf's visitor).

    python bench/bench_parse_engines.py [--against DIR] [--repeat 3]

DIR is another checkout of this project (e.g. `git worktree add /tmp/base 76388d6`, the
pypdf visitor); each tree runs in its own process with its own `core`. Measured:
- positions: the words of tests/pdfgen.POSITION_CASES (CTM x text matrix, nested cm, form
  XObjects, TJ gaps, Tz and T*, a second drawing pass, turned text) found within 1.5 pt of
  where they land, at the right size (turned text: kept off the horizontal lines);
- phrases: each company, title, email and phone of the dev set's browser-made resumes
  (Chromium, WeasyPrint) found whole on one rebuilt line, as words (no glued or split
  words, no lines mixed from two columns; a cell wrapped in a narrow column counts as a miss);
- speed: median ms per resume to extract every corpus under tests/corpora (best of
  --repeat per file), beside bare pypdf extract_text().
Prints a table; never asserts.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, re, statistics, sys, time
from pathlib import Path
import pypdf
from core.pdftext import extract_pdf_text
from core.rules.layout import document_lines
job = json.loads(sys.stdin.read())

def runs_of(path):
    doc = extract_pdf_text(path)
    return doc, [r for page in doc.pages for r in page]

positions = []
for path, want, turned in job["positions"]:
    try:
        _, runs = runs_of(path)
    except Exception as exc:
        positions.append([False] * len(want))
        continue
    got = []
    for word, x, y, size in want:
        hit = False
        for r in runs:
            parts = r.text.split()
            if word in parts:
                off = r.text.index(word)
                rx = r.x + (r.width or 0) * off / max(1, len(r.text))
                hit = abs(rx - x) <= 1.5 and abs(r.y - y) <= 1 and abs(r.size - size) <= 0.5
                if hit:
                    break
        if turned and not hit:
            hit = all(word not in r.text.split() or abs(r.y - y) > 1 for r in runs)
        got.append(hit)
    positions.append(got)

phrases = []
for path, wanted in job["phrases"]:
    try:
        doc, _ = runs_of(path)
    except Exception:
        phrases.append([False] * len(wanted))
        continue
    lines = [" ".join(ln.text.replace(" | ", " ").split()) for ln in document_lines(doc.pages, doc.page_sizes)]
    found = []
    for w in wanted:
        pat = re.compile(r"(?:^|\s)" + re.escape(" ".join(w.split())) + r"(?:[\s,;]|$)")
        found.append(any(pat.search(ln) for ln in lines))
    phrases.append(found)

def best(fn, f, n):
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            fn(f)
        except Exception:
            return None   # a file this reader cannot read
        t.append(time.perf_counter() - t0)
    return min(t) * 1000

def bare(f):
    for page in pypdf.PdfReader(f).pages[:50]:
        page.extract_text()

files = job["files"]
for f in files[:2]:
    best(extract_pdf_text, f, 1), best(bare, f, 1)
ext, bar, failed = [], [], 0
for f in files:
    e, b = best(extract_pdf_text, f, job["repeat"]), best(bare, f, job["repeat"])
    if e is None:
        failed += 1
        continue
    ext.append(e)
    if b is not None:
        bar.append(b)
print(json.dumps({"positions": positions, "phrases": phrases, "failed": failed, "files": len(files),
                  "extract_ms": statistics.median(ext), "bare_ms": statistics.median(bar)}))
'''


def _job(tmp: Path, repeat: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfgen import POSITION_CASES, raw_pdf

    positions = []
    for k, (name, content, forms, want) in enumerate(POSITION_CASES):
        path = raw_pdf(tmp / f"case{k}.pdf", [content], forms)
        positions.append((path, want, name.startswith("rotated")))
    phrases = []
    for truth in sorted((ROOT / "tests/corpora/devset").glob("*.json")):
        t = json.loads(truth.read_text(encoding="utf-8"))
        if t["producer"] not in ("chromium", "weasyprint"):
            continue
        wanted = [t["email"], t["phone"]] + [x for j in t["experience"] for x in (j["company"], j["title"])]
        phrases.append((str(truth.with_suffix(".pdf")), wanted))
    files = [str(p) for p in sorted((ROOT / "tests/corpora").glob("*/*.pdf"))]
    return {"positions": positions, "phrases": phrases, "files": files, "repeat": repeat,
            "names": [c[0] for c in POSITION_CASES]}


def run_tree(tree: Path, job: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(job), capture_output=True, text=True,
                         cwd=tree, env=env, timeout=3600)
    if out.returncode:
        raise SystemExit(f"{tree}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", type=Path, help="another checkout to compare with")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        job = _job(Path(tmp), a.repeat)
        trees = [("this tree", ROOT)] + ([(f"{a.against}", a.against)] if a.against else [])
        results = [(label, run_tree(tree, job)) for label, tree in trees]
    print("| | " + " | ".join(label for label, _ in results) + " |")
    print("|---|" + "---|" * len(results))
    for k, name in enumerate(job["names"]):
        cells = [f"{sum(r['positions'][k])}/{len(r['positions'][k])}" for _, r in results]
        print(f"| positions: {name} | " + " | ".join(cells) + " |")
    for label_, key in (("positions right, all cases", "positions"),
                        ("browser-made phrases whole on a line", "phrases")):
        cells = []
        for _, r in results:
            flat = [v for case in r[key] for v in case]
            cells.append(f"{sum(flat)}/{len(flat)} ({sum(flat) / max(1, len(flat)):.0%})")
        print(f"| {label_} | " + " | ".join(cells) + " |")
    print("| files it cannot read (all corpora) | " + " | ".join(f"{r['failed']}/{r['files']}" for _, r in results)
          + " |")
    print("| extraction, median ms per resume it reads (all corpora) | "
          + " | ".join(f"{r['extract_ms']:.1f}" for _, r in results) + " |")
    print("| bare pypdf extract_text, same files | " + " | ".join(f"{r['bare_ms']:.1f}" for _, r in results) + " |")


if __name__ == "__main__":
    main()
