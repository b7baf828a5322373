"""A seeded fuzzer of intake and parsing: hostile PDFs and odd form values, thousands a minute.

    run(actor, seconds=60, seed=1) -> Report

Every input is made from `seed` and its index alone (input i of seed s is the same on every
machine), so a failure names the pair that brings it back: `regenerate(seed, i)`. Inputs go
through the candidate use cases (core.candidates.create_candidate) and the HTTP API (POST
/candidates/, a multipart body written byte by byte); stored resumes are parsed by the
process's own pool, in the sandboxed PDF readers, as in the app.

What each input may end in: a refusal (ValidationError, or a 4xx with a JSON sentence), a
failed parse with a reason, or a completed parse. Anything else is a finding: an exception
other than ours, a 5xx, a refusal that is not a short sentence, a parse that crashed in our
code ("unexpected error", or a reader task that raised), a row without its file or a file
without its row, a job left pending, the pool or the API dead at the end, memory or log
volume that grows without bound.

PDF seeds: the repo's sample resumes, resumes drawn with reportlab (tests/utils.py,
tests/pdfgen.py, DejaVu fonts with any script) and PDFs written operator by operator
(tests/pdfgen.raw_pdf: forms, ToUnicode maps, no compression, so mutations reach the
content streams). Mutations: byte flips, truncation, spliced bytes and objects from another
seed, broken cross-reference data, huge and odd numbers, deep nesting of arrays,
dictionaries and graphics states, swapped filters and font types, repeated regions, and
random bytes behind `%PDF-`.
"""
from __future__ import annotations

import io
import json
import logging
import os
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import select

from core import candidates as cands
from core import jobs, sandbox, storage
from core.accounts import UserRecord
from core.db import session_scope
from core.errors import ValidationError
from core.models import Candidate

REPO = Path(__file__).resolve().parent.parent
MAX_MESSAGE = 300          # characters of a refusal or a parse error: a sentence, not an echo
MAX_LOG_LINE = 4000        # characters of one log message
MAX_PDF = 3 * 1024 * 1024  # generated PDFs stay under this (the cap itself is MAX_RESUME_MB)

REFUSED, COMPLETED, FAILED = "refused", "completed", "failed"


# --------------------------------------------------------------------------- PDF seeds

def _raw_seed(pages: list[bytes], **kw) -> bytes:
    from tests.pdfgen import raw_pdf

    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fuzz-seed-{uuid.uuid4().hex}.pdf"
    try:
        raw_pdf(path, pages, **kw)
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def _dejavu_seed() -> bytes:
    from tests.pdfgen import PdfDoc

    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fuzz-seed-{uuid.uuid4().hex}.pdf"
    try:
        d = PdfDoc(path)
        d.rect(0, 0, 170, 842, fill=(0.2, 0.2, 0.3))
        d.text(190, 60, "Zoë Ångström-Núñez", size=20, bold=True)
        d.text(190, 80, "zoe@example.com · +46 8 123 456 78 · Göteborg")
        d.text(190, 110, "EXPERIENCE", bold=True)
        d.hline(190, 114, 545)
        d.text(190, 130, "Ingénieure, Volvo Cars — 2019–2024")
        d.text(190, 145, "שלום עולם مرحبا بالعالم 日本語の履歴書 🚀")
        d.text(20, 130, "SKILLS", bold=True, color=(1, 1, 1))
        d.text(20, 145, "Python · Rust · SQL", color=(1, 1, 1))
        d.text(190, 170, "hidden", render=3)
        d.new_page()
        d.text(50, 60, "EDUCATION", bold=True)
        d.text(50, 80, "KTH Royal Institute of Technology, MSc 2017")
        return Path(d.save()).read_bytes()
    finally:
        path.unlink(missing_ok=True)


def pdf_seeds() -> list[tuple[str, bytes]]:
    """The real PDFs every mutation starts from (made once per run)."""
    from tests.utils import blank_pdf, resume_pdf

    seeds = [(p.name, p.read_bytes()) for p in sorted((REPO / "samples").glob("*.pdf"))]
    producers = sorted((REPO / "tests" / "corpora" / "producers").glob("*.pdf"))
    kinds: dict[str, Path] = {}
    for p in producers:  # the smallest of each producer: Chromium, XeLaTeX, Typst, LibreOffice...
        kind = p.stem.split("-")[2] if p.stem.count("-") >= 2 else p.stem
        if kind not in kinds or p.stat().st_size < kinds[kind].stat().st_size:
            kinds[kind] = p
    seeds += [(p.name, p.read_bytes()) for p in kinds.values() if p.stat().st_size < 400_000]
    seeds += [
        ("reportlab resume", resume_pdf(extra=[f"Line {i}" for i in range(30)])),
        ("reportlab blank", blank_pdf()),
        ("dejavu two pages", _dejavu_seed()),
        ("raw operators", _raw_seed([
            b"BT /F2 20 Tf 72 740 Td (Pat Q. Doe) Tj ET BT /F1 10 Tf 72 720 Td (pat@example.com +1 415 555 0100) Tj"
            b" 0 -30 Td (EXPERIENCE) Tj 0 -14 Td [(Engineer,) -250 (Acme) -9000 (2019 - 2024)] TJ T* (Skills) ' ET"
            b" q 2 0 0 2 0 0 cm /Fm1 Do Q BT /F3 10 Tf 60 600 Td <80> Tj ET 0.5 g 60 590 4 4 re f",
            b"BT /F1 12 Tf 0 1 -1 0 500 300 Tm (Rotated) Tj ET BT 3 Tr /F1 8 Tf 72 100 Td (invisible) Tj ET",
        ], forms={"Fm1": (b"BT /F1 5 Tf 30 100 Td (In a form) Tj ET /Fm2 Do", (1, 0, 0, 1, 10, 20)),
                  "Fm2": (b"BT /F2 4 Tf 30 120 Td (Deeper) Tj ET", (1, 0, 0, 1, 0, 5))},
            to_unicode={0x80: 0xF095})),
    ]
    return seeds


# --------------------------------------------------------------------------- PDF mutations

_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_OBJECT = re.compile(rb"\d+ \d+ obj\b.*?endobj", re.S)
_ODD_NUMBERS = [b"99999999999999999999999999", b"-2147483649", b"4294967296", b"1e308", b"-1e308",
                b"1.#INF", b"nan", b"0", b"-0", b"-1", b"0.0000000000000000000001", b"340282366920938463463374607431768211457",
                b"9" * 400, b"2147483647", b"-9223372036854775809", b"1..2", b"--5", b"+.", b"3.4e38"]
_NAMES = [b"/FlateDecode", b"/LZWDecode", b"/ASCII85Decode", b"/ASCIIHexDecode", b"/RunLengthDecode",
          b"/DCTDecode", b"/JPXDecode", b"/JBIG2Decode", b"/CCITTFaxDecode", b"/Crypt", b"/Type0", b"/Type1",
          b"/Type3", b"/TrueType", b"/CIDFontType0", b"/CIDFontType2", b"/Identity-H", b"/Identity-V",
          b"/WinAnsiEncoding", b"/StandardEncoding", b"/Form", b"/Image", b"/Page", b"/Pages", b"/XRef",
          b"/ObjStm", b"/Catalog", b"/Font", b"/Encrypt", b"/#00#ff", b"/" + b"A" * 300]
_OPERATORS = [b"q", b"Q", b"BT", b"ET", b"cm", b"Tm", b"Td", b"TD", b"T*", b"Tj", b"TJ", b"'", b'"', b"Tf", b"Tz",
              b"TL", b"Tc", b"Tw", b"Tr", b"Ts", b"Do", b"re", b"f", b"S", b"n", b"W", b"g", b"rg", b"k", b"BI",
              b"ID", b"EI", b"d0", b"d1", b"sh", b"gs", b"BDC", b"EMC", b"BX", b"EX"]


def _flip(rng: random.Random, data: bytes, seeds) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice([1, 2, 5, 20, 100])):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _truncate(rng: random.Random, data: bytes, seeds) -> bytes:
    return data[: rng.randrange(6, max(7, len(data)))]


def _splice(rng: random.Random, data: bytes, seeds) -> bytes:
    other = rng.choice(seeds)[1]
    a, n = rng.randrange(len(other)), rng.choice([16, 256, 4096, 65536])
    at = rng.randrange(len(data))
    cut = rng.choice([0, n])
    return data[:at] + other[a:a + n] + data[at + cut:]


def _splice_object(rng: random.Random, data: bytes, seeds) -> bytes:
    ours = list(_OBJECT.finditer(data))
    theirs = list(_OBJECT.finditer(rng.choice(seeds)[1]))
    if not ours or not theirs:
        return _splice(rng, data, seeds)
    target, source = rng.choice(ours), rng.choice(theirs)
    body = source.group()
    body = re.sub(rb"^\d+ \d+", target.group().split(b" obj", 1)[0], body, count=1)  # keep the target's number
    if rng.random() < 0.5:
        return data[:target.start()] + body + data[target.end():]
    return data[:target.end()] + b"\n" + body + data[target.end():]   # a second object with the same number


def _bad_xref(rng: random.Random, data: bytes, seeds) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:   # startxref points anywhere
        return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.choice([0, 1, len(data) // 2, 10**12, 2**63]), data)
    if choice == 1:   # offsets in the table are wrong
        return re.sub(rb"\d{10} \d{5} n", lambda m: b"%010d 00000 n" % rng.randrange(10**10)
                      if rng.random() < 0.5 else m.group(), data)
    if choice == 2:   # no table at all
        return re.sub(rb"xref.*?trailer", b"trailer", data, count=1, flags=re.S)
    if choice == 3:   # the trailer's /Size lies, or /Prev loops
        return re.sub(rb"/Size \d+", rng.choice([b"/Size 0", b"/Size 99999999999", b"/Size -5",
                                                  b"/Size 3 /Prev 0", b"/Size 3 /Prev 9"]), data, count=1)
    if choice == 4:   # the root is missing or points at a page
        return re.sub(rb"/Root \d+ \d+ R", rng.choice([b"/Root 3 0 R", b"/Root 999 0 R", b"/Root null", b""]), data)
    return data.replace(b"%%EOF", b"") + b"\nstartxref\n%d\n%%%%EOF\n" % rng.randrange(len(data))  # a second, wrong one


def _huge_number(rng: random.Random, data: bytes, seeds) -> bytes:
    matches = list(_NUMBER.finditer(data))
    if not matches:
        return data + b" " + rng.choice(_ODD_NUMBERS)
    out = bytearray(data)
    for m in sorted(rng.sample(matches, min(len(matches), rng.choice([1, 3, 10]))), key=lambda m: -m.start()):
        out[m.start():m.end()] = rng.choice(_ODD_NUMBERS)
    return bytes(out)


def _deep_nesting(rng: random.Random, data: bytes, seeds) -> bytes:
    depth = rng.choice([100, 1000, 10_000, 100_000])
    kind = rng.randrange(4)
    if kind == 0:
        blob = b"[" * depth + b"]" * depth
    elif kind == 1:
        blob = b"<< /A " * depth + b"1" + b" >>" * depth
    elif kind == 2:   # graphics states and text objects in a content stream
        blob = b"q " * depth + b"BT /F1 10 Tf 72 700 Td (deep) Tj ET " + b"Q " * depth
    else:             # an unbalanced opening: the reader must stop somewhere
        blob = rng.choice([b"[", b"<<", b"(", b"q "]) * depth
    objs = list(_OBJECT.finditer(data))
    at = rng.choice(objs).start() + data[rng.choice(objs).start():].find(b"obj") + 3 if objs and rng.random() < 0.6 \
        else rng.randrange(len(data))
    at = min(max(at, 0), len(data))
    return data[:at] + b" " + blob + b" " + data[at:]


def _swap_names(rng: random.Random, data: bytes, seeds) -> bytes:
    names = [n for n in _NAMES if n in data]
    if not names:
        return _flip(rng, data, seeds)
    old = rng.choice(names)
    return data.replace(old, rng.choice(_NAMES), rng.choice([1, -1]))


def _operators(rng: random.Random, data: bytes, seeds) -> bytes:
    """Random operators with odd operands inside a stream (or anywhere, if it has none)."""
    ops = []
    for _ in range(rng.choice([5, 50, 500])):
        operands = [rng.choice([*_ODD_NUMBERS[:8], b"1", b"0.5", b"(x)", b"<00ff>", b"/F1", b"/Fm1", b"[]",
                                b"(\\000\\377\xff\xfe)", b"/Nope"]) for _ in range(rng.randrange(7))]
        ops.append(b" ".join(operands + [rng.choice(_OPERATORS)]))
    blob = b"\n".join(ops)
    at = data.find(b"stream\n", rng.randrange(len(data)))
    at = at + 7 if at >= 0 else rng.randrange(len(data))
    return data[:at] + blob + b"\n" + data[at:]


def _repeat(rng: random.Random, data: bytes, seeds) -> bytes:
    a = rng.randrange(len(data))
    chunk = data[a:a + rng.choice([8, 64, 1024])]
    times = min(rng.choice([10, 1000, 20_000]), MAX_PDF // max(1, len(chunk)))
    return data[:a] + chunk * times + data[a:]


MUTATIONS: dict[str, Callable[[random.Random, bytes, list], bytes]] = {
    "flip": _flip, "truncate": _truncate, "splice": _splice, "splice object": _splice_object,
    "bad xref": _bad_xref, "huge number": _huge_number, "deep nesting": _deep_nesting,
    "swap names": _swap_names, "operators": _operators, "repeat": _repeat,
}


def random_behind_header(rng: random.Random) -> bytes:
    body = rng.randbytes(rng.choice([0, 1, 16, 512, 8192, 100_000]))
    if rng.random() < 0.3:   # with bits of PDF syntax, so the reader gets further
        body = b" ".join([body[:100], b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj", body[100:], b"%%EOF"])
    return b"%PDF-" + rng.choice([b"1.7\n", b"2.0\n", b"", b"1.", b"9.9\r"]) + body


def mutated_pdf(rng: random.Random, seeds: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    if rng.random() < 0.12:
        return "random bytes behind %PDF-", random_behind_header(rng)
    name, data = rng.choice(seeds)
    applied = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        kind = rng.choice(list(MUTATIONS))
        data = MUTATIONS[kind](rng, data, seeds)[:MAX_PDF] or b"%PDF-"
        applied.append(kind)
    return f"{'+'.join(applied)} of {name}", data


# --------------------------------------------------------------------------- odd form values

_RTL = ["مريم الحسيني", "דוד כהן", "\u202eevil\u202c", "\u202b\u05e9\u05dc\u05d5\u05dd\u202c", "\u200f\u200e"]
_EMOJI = ["👩🏽‍💻", "🏳️‍🌈", "🧑‍🤝‍🧑", "😀" * 50, "🇸🇪", "\U0001F600\u200d"]
_ODD = ["\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b",
        "\ud800", "\udfff", "\udc80abc", "\ufffe", "\uffff", "\U0010ffff", "e\u0301" * 40, "Z̸̢̛̺̬̈́̓a̷̧͙͋l̴̡̛g̸o̵",
        "<script>alert(1)</script>", "[x](javascript:alert(1))", "**bold** _i_ `c` $x$ :red[x]", "' OR 1=1 --",
        "%s%n{0}{__class__}", "../../etc/passwd", "C:\\Windows\\system32", "ＦＵＬＬ　ＷＩＤＴＨ", "İıŞş", "ß" * 10,
        "\u0000" * 5, "a\x00b", " ", "", "null", "None", "\\", "\"", "'", "`"]


def odd_text(rng: random.Random, base: str) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return base
    if kind == 1:   # long: up to a million characters
        n = rng.choice([201, 1000, 65_536, 1_000_000])
        return (rng.choice([base, "A", "é", "😀", "\ud800", " ", "\x00"]) * n)[:n]
    parts = [base]
    for _ in range(rng.choice([1, 2, 4])):
        piece = rng.choice(_ODD + _RTL + _EMOJI)
        at = rng.randrange(len(parts) + 1)
        parts.insert(at, piece)
    return "".join(parts)


def odd_email(rng: random.Random, unique: str) -> str:
    kind = rng.randrange(8)
    if kind < 3:
        return f"{unique}@example.com"
    if kind == 3:
        return odd_text(rng, f"{unique}@example.com")
    return rng.choice([
        f"{unique}@exämple.com", f"ünï{unique}@example.com", f'"{unique} x"@example.com', f"{unique}@[127.0.0.1]",
        f"{unique}@localhost", f"{unique}@@example.com", f"{unique}@example.com\x00.evil", f"{unique}\ud800@example.com",
        f"{unique}@{'a' * 64}.{'b' * 64}.{'c' * 64}.{'d' * 64}.com", "a" * 65 + f"{unique}@example.com",
        f"{unique}@example.com\r\nBcc: x@y.z", f"{unique}@мойдомен.рф", f"{unique}@xn--mller-kva.de", "",
        f"{unique}+tag@example.com", f"{unique}@example..com", f"=?utf-8?q?{unique}?=@example.com",
    ])


def odd_phone(rng: random.Random) -> str | None:
    kind = rng.randrange(6)
    if kind == 0:
        return None
    if kind == 1:
        return "+44 20 7946 0958"
    return rng.choice([
        "+١٢٣٤٥٦٧٨٩٠", "＋４４ ２０ ７９４６ ０９５８", "+1 (415) 555-0100 ext. 12", "0" * 1000, "+" * 50,
        "+44 20 7946 0958\x00", "\ud800+44", "tel:+1-415-555-0100", "+1 415 555 0100;ext=99999999999999",
        "12", "+999 999 999 999 999", "٠٠٩٧١٥٠١٢٣٤٥٦٧", "+44 20 7946 0958" + "\u202e", "📞 +46 8 123 456 78",
    ]) if kind < 5 else odd_text(rng, "+46 8 123 456 78")


def odd_filename(rng: random.Random) -> str | None:
    kind = rng.randrange(5)
    if kind == 0:
        return None
    if kind == 1:
        return "resume.pdf"
    return rng.choice([
        "../../etc/passwd", "..\\..\\boot.ini", "cv\u202efdp.exe", "CON", "....", "résumé 👩🏽‍💻.pdf", "a" * 10_000,
        "cv\x00.pdf", "cv\r\nContent-Type: text/html.pdf", "\ud800.pdf", "مريم.pdf", " .pdf", "/", "",
        'x"; filename*=UTF-8\'\'evil.pdf', "%00.pdf", "cv.PDF", "cv.pdf.exe",
    ]) if kind < 4 else odd_text(rng, "cv.pdf")


# --------------------------------------------------------------------------- inputs

@dataclass
class Input:
    index: int
    route: str            # "core" or "api"
    kind: str             # what was made
    name: str
    email: str
    phone: str | None
    filename: str | None
    pdf: bytes | None
    raw_json: str | None = None   # the API's candidate_in as sent (may be no object at all)


def make_input(seed: int, index: int, seeds: list[tuple[str, bytes]], good_pdf: bytes) -> Input:
    rng = random.Random(f"{seed}:{index}")
    unique = f"f{seed}x{index}"
    route = "api" if rng.random() < 0.25 else "core"
    roll = rng.random()
    if roll < 0.6:    # a mutated PDF with ordinary fields
        kind, pdf = mutated_pdf(rng, seeds)
        return Input(index, route, kind, f"Fuzz Person {index}", f"{unique}@example.com", None,
                     rng.choice(["cv.pdf", None, odd_filename(rng)]), pdf)
    if roll < 0.95:   # odd fields, with a good PDF, a mutated one or none
        pdf = rng.choice([None, good_pdf, mutated_pdf(rng, seeds)[1]])
        return Input(index, route, "odd fields", odd_text(rng, f"Fuzz Person {index}"), odd_email(rng, unique),
                     odd_phone(rng), odd_filename(rng), pdf)
    raw = rng.choice(['[]', '"x"', '1e999', '{"full_name": {"a": 1}}', '{"full_name": 1, "email": []}',
                      '{' * 10_000, '{"full_name": "A", "email": "a@b.c", "phone": 5}', "\ud800",
                      '{"full_name": "\\ud800", "email": "x@example.com"}', '{"a":' * 1000 + '1' + '}' * 1000,
                      json.dumps({"full_name": "N" * 5000, "email": f"{unique}@example.com"})])
    return Input(index, "api", "odd JSON", "", "", None, None, rng.choice([None, good_pdf]), raw_json=raw)


def regenerate(seed: int, index: int) -> Input:
    """Input `index` of a run with `seed`, as it was sent."""
    from tests.utils import resume_pdf

    return make_input(seed, index, pdf_seeds(), resume_pdf(name="Fuzz Good", email="good@example.com"))


def _multipart(inp: Input, boundary: str) -> bytes:
    """The API's form as bytes: any string goes in as UTF-8, lone surrogates too (surrogatepass)."""
    def enc(text: str) -> bytes:
        return text.encode("utf-8", "surrogatepass")

    candidate_in = inp.raw_json if inp.raw_json is not None else json.dumps(
        {"full_name": inp.name, "email": inp.email, "phone": inp.phone})
    out = io.BytesIO()
    out.write(b"--%s\r\nContent-Disposition: form-data; name=\"candidate_in\"\r\n\r\n%s\r\n"
              % (boundary.encode(), enc(candidate_in)))
    if inp.pdf is not None:
        out.write(b"--%s\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"%s\"\r\n"
                  b"Content-Type: application/pdf\r\n\r\n" % (boundary.encode(), enc(inp.filename or "cv.pdf")))
        out.write(inp.pdf + b"\r\n")
    out.write(b"--%s--\r\n" % boundary.encode())
    return out.getvalue()


# --------------------------------------------------------------------------- the run

@dataclass
class Report:
    seed: int
    inputs: int = 0
    seconds: float = 0.0
    drain_seconds: float = 0.0
    outcomes: Counter = field(default_factory=Counter)        # refused / completed / failed
    by_route: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    refusal_kinds: Counter = field(default_factory=Counter)   # the refusal's first words
    failure_kinds: Counter = field(default_factory=Counter)   # the parse error's first words
    findings: list[str] = field(default_factory=list)
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    rss_samples: list[float] = field(default_factory=list)   # every 250 inputs
    log_lines: int = 0
    longest_log_line: int = 0
    stderr_bytes: int = 0
    reader_children: int = 0

    def finding(self, text: str) -> None:
        if len(self.findings) < 200:
            self.findings.append(text[:600])

    def summary(self) -> str:
        lines = [f"seed {self.seed}: {self.inputs} inputs in {self.seconds:.0f} s (+{self.drain_seconds:.0f} s to drain "
                 f"the queue); outcomes {dict(self.outcomes)}; routes {dict(self.by_route)}",
                 f"memory: RSS {self.rss_before_mb:.0f} MB before, {self.rss_after_mb:.0f} MB after "
                 f"(every 250 inputs: {' '.join(f'{x:.0f}' for x in self.rss_samples[:40])}); "
                 f"{self.log_lines} log lines (longest {self.longest_log_line} chars), {self.stderr_bytes} bytes "
                 f"on stderr, {self.reader_children} reader processes at the end",
                 "refusals: " + "; ".join(f"{k} ×{n}" for k, n in self.refusal_kinds.most_common(12)),
                 "parse failures: " + "; ".join(f"{k} ×{n}" for k, n in self.failure_kinds.most_common(12))]
        lines += [f"FINDING: {f}" for f in self.findings]
        return "\n".join(lines)


def _trim() -> None:
    """Hand the C heap's free memory back to the system (glibc), so that the RSS measured is
    what the process holds, not the high-water mark of a megabyte string freed long ago."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def rss_mb(pid: int | str = "self") -> float:
    if pid == "self":
        _trim()
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def child_pids() -> list[int]:
    me, out = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                out.append(int(entry.name))
    return out


class _Logs(logging.Handler):
    """Counts log lines and remembers the ones that mean our code met an exception it did not expect."""

    UNEXPECTED = ("crashed", "unexpected error", "pdf task %s failed")

    def __init__(self, report: Report) -> None:
        super().__init__(logging.DEBUG)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception as exc:  # noqa: BLE001 - a message that cannot be formatted is a finding too
            self.report.finding(f"log record {record.msg!r} could not be formatted: {exc!r}")
            return
        self.report.log_lines += 1
        self.report.longest_log_line = max(self.report.longest_log_line, len(text))
        if len(text) > MAX_LOG_LINE:
            self.report.finding(f"log line of {len(text)} characters from {record.name}: {text[:200]!r}")
        if record.levelno >= logging.ERROR or any(word in str(record.msg) for word in self.UNEXPECTED):
            if not (record.name == "core.sandbox" and "overran" in str(record.msg)):
                self.report.finding(f"{record.name} {record.levelname}: {text[:400]}")


def _check_message(report: Report, where: str, message: object) -> None:
    text = message if isinstance(message, str) else json.dumps(message)
    if not text or len(text) > MAX_MESSAGE or "Traceback" in text:
        report.finding(f"{where}: refusal is not a short sentence ({len(text)} chars): {text[:200]!r}")


def _first_words(text: str) -> str:
    text = re.sub(r"\d+", "N", text[:200])
    return " ".join(re.split(r"[(:;,']", text, maxsplit=1)[0].split()[:7])[:80]


def run(actor: UserRecord, seconds: float = 60.0, seed: int = 1, drain_timeout: float = 300.0,
        progress: Callable[[str], None] | None = None) -> Report:
    """Send generated inputs for `seconds`, let the pool drain, then check everything."""
    from fastapi.testclient import TestClient

    from api.app import app
    from core import tokens
    from tests.utils import resume_pdf

    report = Report(seed=seed)
    seeds = pdf_seeds()
    good_pdf = resume_pdf(name="Fuzz Good", email="good@example.com")
    _, secret = tokens.create_token_from_shell(actor.email, "fuzz")
    auth = {"Authorization": f"Bearer {secret}"}
    client = TestClient(app, raise_server_exceptions=False)
    accepted: dict[int, str] = {}   # candidate id -> the input that made it (not its bytes: memory is measured)

    handler = _Logs(report)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # The readers' stderr (warnings of the PDF libraries, a child's tracebacks) goes to a file
    # whose size is measured: fresh children inherit it.
    kept = os.environ.get("FUZZ_STDERR")   # a path: keep the readers' stderr there to read it
    stderr_file = Path(kept or storage.ensure_resume_directory().parent / f"fuzz-stderr-{uuid.uuid4().hex}.log")
    saved_fd = os.dup(2)
    err = os.open(stderr_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    os.close(err)
    sandbox.shutdown()
    try:
        cands.create_candidate(actor, "Warm Up", f"warm{seed}@example.com", resume=good_pdf)  # children started
        report.rss_before_mb = rss_mb()
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            inp = make_input(seed, report.inputs, seeds, good_pdf)
            report.inputs += 1
            report.by_route[inp.route] += 1
            report.by_kind[inp.kind.split(" of ")[0]] += 1
            where = f"seed {seed} input {inp.index} ({inp.route}, {inp.kind})"
            if inp.route == "core":
                try:
                    record = cands.create_candidate(actor, inp.name, inp.email, inp.phone, inp.pdf, inp.filename)
                except ValidationError as exc:
                    report.outcomes[REFUSED] += 1
                    report.refusal_kinds[_first_words(str(exc))] += 1
                    _check_message(report, where, str(exc))
                    continue
                except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
                    report.outcomes["unhandled"] += 1
                    report.finding(f"{where}: {type(exc).__name__}: {str(exc)[:300]}")
                    continue
                accepted[record.id] = where
            else:
                boundary = f"fuzz{uuid.uuid4().hex}"
                try:
                    response = client.post("/candidates/", content=_multipart(inp, boundary), headers={
                        **auth, "Content-Type": f"multipart/form-data; boundary={boundary}"})
                except Exception as exc:  # noqa: BLE001
                    report.outcomes["unhandled"] += 1
                    report.finding(f"{where}: the API raised {type(exc).__name__}: {str(exc)[:300]}")
                    continue
                try:
                    body = response.json()
                except ValueError:
                    body = None
                if response.status_code == 201 and isinstance(body, dict) and "id" in body:
                    accepted[body["id"]] = where
                elif 400 <= response.status_code < 500 and isinstance(body, dict) and isinstance(body.get("detail"), str):
                    report.outcomes[REFUSED] += 1
                    report.refusal_kinds[f"HTTP {response.status_code}: " + _first_words(body["detail"])] += 1
                    _check_message(report, where, body["detail"])
                else:
                    report.outcomes["unhandled"] += 1
                    report.finding(f"{where}: HTTP {response.status_code} {response.text[:200]!r}")
            if report.inputs % 250 == 0:
                report.rss_samples.append(rss_mb())
            if progress and report.inputs % 500 == 0:
                progress(f"{report.inputs} inputs, {time.monotonic() - started:.0f} s, {len(accepted)} accepted, "
                         f"{report.outcomes['unhandled']} unhandled, RSS {rss_mb():.0f} MB")
        report.seconds = time.monotonic() - started
        drain_started = time.monotonic()
        while jobs.pending_count() and time.monotonic() - drain_started < drain_timeout:
            jobs.wake()
            time.sleep(0.2)
        report.drain_seconds = time.monotonic() - drain_started
        _check_rows(report, accepted)
        _check_alive(report, actor, client, auth, good_pdf)
        report.rss_after_mb = rss_mb()
        report.reader_children = len(child_pids())
    finally:
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        root.removeHandler(handler)
        root.setLevel(old_level)
        report.stderr_bytes = stderr_file.stat().st_size if stderr_file.exists() else 0
        if not kept:
            stderr_file.unlink(missing_ok=True)
    # Bounded: the app's memory (the PDFs are read in capped children), the log, the readers.
    # The first inputs raise the high-water mark (a megabyte name, libraries' tables loaded on
    # first use); past the first quarter of the run, the RSS must stay level.
    settled = report.rss_samples[len(report.rss_samples) // 4] if len(report.rss_samples) >= 4 else report.rss_before_mb
    if report.rss_after_mb - report.rss_before_mb > 250 or report.rss_after_mb - settled > 100:
        report.finding(f"the app's RSS grew from {report.rss_before_mb:.0f} MB ({settled:.0f} MB a quarter in) "
                       f"to {report.rss_after_mb:.0f} MB")
    if report.stderr_bytes > 2048 * max(1, report.inputs):
        report.finding(f"{report.stderr_bytes} bytes on stderr for {report.inputs} inputs")
    if report.reader_children > 8:
        report.finding(f"{report.reader_children} child processes left running")
    return report


def _check_rows(report: Report, accepted: dict[int, str]) -> None:
    with session_scope(readonly=True) as s:
        rows = s.execute(select(Candidate.id, Candidate.email, Candidate.full_name, Candidate.resume_path,
                                Candidate.parse_status, Candidate.parse_error)).all()
    by_id = {r.id: r for r in rows}
    stray = set(by_id) - set(accepted) - {r.id for r in rows if (r.email or "").startswith(("warm", "good", "alive"))}
    for cid in sorted(stray)[:20]:
        report.finding(f"candidate #{cid} exists though its input was refused")
    for cid, made_by in accepted.items():
        row = by_id.get(cid)
        where = f"{made_by} -> #{cid}"
        if row is None:
            report.finding(f"{where}: accepted, but no row")
            continue
        if row.parse_status == "pending":
            report.finding(f"{where}: still pending after the drain")
        elif row.parse_status == "failed":
            report.outcomes[FAILED] += 1
            error = row.parse_error or ""
            report.failure_kinds[_first_words(error)] += 1
            if not error or len(error) > MAX_MESSAGE + 200:
                report.finding(f"{where}: failed without a short reason: {error[:200]!r}")
            if "unexpected error" in error:
                report.finding(f"{where}: {error[:300]}")
        else:
            report.outcomes[COMPLETED if row.parse_status == "completed" else "no resume"] += 1
    with_file = {r.id for r in rows if r.resume_path}
    files = storage.stored_ids()
    if files - with_file:
        report.finding(f"files without a row: {sorted(files - with_file)[:20]}")
    if with_file - files:
        report.finding(f"rows without their file: {sorted(with_file - files)[:20]}")
    temps = [p.name for p in storage.ensure_resume_directory().iterdir() if p.name.endswith(".tmp")]
    if temps:
        report.finding(f"temporary files left behind: {temps[:10]}")


def _check_alive(report: Report, actor: UserRecord, client, auth: dict, good_pdf: bytes) -> None:
    """The pool, the readers and the API still do their work after everything they were sent."""
    record = cands.create_candidate(actor, "Still Alive", f"alive{report.seed}@example.com", resume=good_pdf)
    deadline = time.monotonic() + 60
    status = "pending"
    while time.monotonic() < deadline:
        status = cands.get_candidate(actor, record.id).parse_status
        if status != "pending":
            break
        jobs.wake()
        time.sleep(0.1)
    if status != "completed":
        report.finding(f"a good resume sent after the run ended {status}: the pool or the readers are not working")
    response = client.get("/candidates/", headers=auth, params={"page_size": 1})
    if response.status_code != 200:
        report.finding(f"the API answers GET /candidates/ with {response.status_code} after the run")
