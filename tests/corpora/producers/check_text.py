#!/usr/bin/env python3
"""Checks that each truth value of the producers corpus is printed on its page (text layer).

    python check_text.py [DIR]

For every X.json beside X.pdf it runs poppler's `pdftotext` and looks for the name, email,
phone, city, links, skills, companies, titles and schools of the truth in the page text, after
folding case and dropping whitespace and hyphens (line breaks and wraps differ by producer).
It reads only the PDFs and the truth files; it is not the parser and does not score one.
"""
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path


def squash(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold().replace("\u00ad", "").replace("\u2019", "'")
    return re.sub(r"[\s\-\u2010]+", "", s)


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    bad = 0
    files = sorted(folder.glob("*.json"))
    for j in files:
        t = json.loads(j.read_text(encoding="utf-8"))
        text = subprocess.run(["pdftotext", "-q", str(j.with_suffix(".pdf")), "-"],
                              capture_output=True, text=True).stdout
        if len(text.strip()) < 200:
            print(j.stem, "no text layer")
            bad += 1
            continue
        page = squash(text)
        want = [("name", t["name"]), ("email", t["email"]), ("phone", t["phone"]),
                ("city", t["location"].split(",")[0])]
        want += [("link", x) for x in t["links"]] + [("skill", x) for x in t["skills"]]
        want += [(k, e[k]) for e in t["experience"] for k in ("company", "title")]
        want += [("school", e["institution"]) for e in t["education"]]
        miss = [f"{k}={v!r}" for k, v in want if v and squash(v) not in page]
        if miss:
            bad += 1
            print(j.stem, "; ".join(miss))
    print(f"{len(files)} truth files, {bad} with a value not found on the page")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
