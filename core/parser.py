"""From a stored PDF to a JSON Resume document, offline by default.

Two stages, so a job can say where it is: `extract` (PDFium's words with their positions,
in a sandbox child) and `parse_document` (a backend turns them into fields). `parse_resume`
does both. Uploads are checked with pypdf, which opens a PDF without reading its pages.

    python -m core.parser [--backend rules|openai] [--out DIR] FILE.pdf...
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pypdf

from core import sandbox
from core.config import get_settings
from core.errors import ParseFailure, ValidationError
from core.pdftext import PDF_LIMITS, PdfText, extract_pdf_text
from core.rules.layout import reading_order_text

log = logging.getLogger(__name__)

NO_TEXT_LAYER = "no text layer (scanned PDF?)"
ONLY_HIDDEN_TEXT = "the PDF's only text is hidden from a reader (invisible, white or tiny text)"
MIN_TEXT_CHARS = 20  # fewer visible characters than this is not a resume we can read
VALIDATE_TIMEOUT_S = 10.0


def _isolated() -> bool:
    """Read PDFs in sandbox children (unless this is one, or isolation is off)."""
    return get_settings().pdf_isolation and not sandbox.IN_CHILD


def _rules_backend(doc: PdfText) -> dict:
    from core import rules

    if _isolated():
        # Pure Python: in a child it runs beside the pages, not against them for the GIL.
        return sandbox.run(rules.parse, doc, timeout=get_settings().pdf_timeout_seconds,
                           failed_as="the rules parser failed on this resume")
    return rules.parse(doc)


def _openai_backend(doc: PdfText) -> dict:
    from core.llm import parse_with_openai

    return parse_with_openai(reading_order_text(doc.pages, doc.page_sizes))


Backend = Callable[[PdfText], dict]
BACKENDS: dict[str, Backend] = {"rules": _rules_backend, "openai": _openai_backend}


def register_backend(name: str, backend: Backend) -> None:
    """Make another backend selectable by name (PARSER_BACKEND or --backend)."""
    BACKENDS[name] = backend


def load_plugins() -> None:
    """Import the PARSER_PLUGINS modules; each may call register_backend on import."""
    import importlib

    for module in get_settings().parser_plugins:
        importlib.import_module(module)


@dataclass
class ParseResult:
    document: dict
    backend: str        # which backend produced the document ("rules", "openai", "rules (fallback)")
    hidden_text: str    # text the PDF hides from a reader ('' if none); never used for fields
    text: str = ""      # the visible text in reading order (what search indexes)


def validate_pdf(path: str | Path) -> int:
    """Refuse, before anything is stored, a file pypdf cannot open; returns the page count.

    Runs in a sandboxed child (core.sandbox) so a hostile upload cannot hang the page.
    """
    settings = get_settings()
    if not _isolated():
        return validate_pdf_in_process(path)
    timeout = min(settings.pdf_timeout_seconds, VALIDATE_TIMEOUT_S)
    return sandbox.run(validate_pdf_in_process, str(path), timeout=timeout, failure=ValidationError,
                       background=False)


def validate_pdf_in_process(path: str | Path) -> int:
    try:
        with pypdf.apply_configuration(**PDF_LIMITS):
            reader = pypdf.PdfReader(str(path), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError("The PDF is password-protected; upload a copy without a password.")
            pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile input
        log.info("upload refused, unreadable PDF: %r", exc)
        raise ValidationError(f"The file is not a readable PDF ({_short(exc)}).") from exc
    if pages == 0:
        raise ValidationError("The PDF has no pages.")
    return pages


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def extract(pdf_path: str | Path) -> PdfText:
    """The PDF's text with positions; a PDF without a text layer fails here, before any model."""
    settings = get_settings()
    if _isolated():
        doc = sandbox.run(extract_pdf_text, str(pdf_path), max_pages=settings.pdf_max_pages,
                          timeout=settings.pdf_timeout_seconds)
    else:
        doc = extract_pdf_text(pdf_path, max_pages=settings.pdf_max_pages)
    return _with_text_layer(doc)


def _with_text_layer(doc: PdfText) -> PdfText:
    if doc.visible_chars() < MIN_TEXT_CHARS:
        if len("".join(doc.hidden_text.split())) >= MIN_TEXT_CHARS:
            raise ParseFailure(ONLY_HIDDEN_TEXT)
        raise ParseFailure(NO_TEXT_LAYER)
    return doc


def parse_file(pdf_path: str | Path, backend: str | None = None,
               on_stage: Callable[[str], None] | None = None) -> ParseResult:
    """Extract and parse one file; `on_stage("parsing")` is called between the two stages.

    The rules backend does both in one sandbox child, so the positioned runs never cross
    the process boundary and the app's process spends no CPU on the parse.
    """
    settings = get_settings()
    name = backend or settings.parser_backend
    notify = on_stage or (lambda _stage: None)
    if name == "rules" and _isolated():
        return sandbox.run(rules_file, str(pdf_path), settings.pdf_max_pages,
                           timeout=settings.pdf_timeout_seconds, on_progress=notify)
    doc = extract(pdf_path)
    notify("parsing")
    return parse_document(doc, name)


def rules_file(pdf_path: str, max_pages: int, on_stage: Callable[[str], None]) -> ParseResult:
    """Both stages of the rules backend, in the process that calls it (a sandbox child)."""
    from core import rules

    doc = _with_text_layer(extract_pdf_text(pdf_path, max_pages=max_pages))
    on_stage("parsing")
    return ParseResult(document=rules.parse(doc), backend="rules", hidden_text=doc.hidden_text,
                       text=visible_text(doc))


def parse_document(doc: PdfText, backend: str | None = None) -> ParseResult:
    settings = get_settings()
    name = backend or settings.parser_backend
    if name not in BACKENDS:
        raise ParseFailure(f"unknown parser backend {name!r}")
    try:
        document = BACKENDS[name](doc)
    except ParseFailure as failure:
        if name == "rules" or not settings.parser_fallback:
            raise
        log.warning("backend %s failed (%s); keeping the rules result", name, failure)
        document = BACKENDS["rules"](doc)
        document.setdefault("meta", {})["fallbackReason"] = str(failure)
        name = "rules (fallback)"
    return ParseResult(document=document, backend=name, hidden_text=doc.hidden_text, text=visible_text(doc))


def visible_text(doc: PdfText) -> str:
    return reading_order_text(doc.pages, doc.page_sizes)


def parse_resume(pdf_path: str | Path, backend: str | None = None) -> dict:
    """Parse one PDF into a JSON Resume document (raises ParseFailure with a reason)."""
    result = parse_file(pdf_path, backend)
    meta = result.document.setdefault("meta", {})
    meta["backend"] = result.backend
    if result.hidden_text:
        meta["hiddenText"] = result.hidden_text
    return result.document


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m core.parser", description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=sorted(BACKENDS), default=None)
    ap.add_argument("--out", type=Path, help="write DIR/<stem>.json instead of printing")
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.files:
        try:
            document = parse_resume(path, args.backend)
        except (ParseFailure, OSError) as exc:
            failed += 1
            print(f"{path}: {exc}", file=sys.stderr)
            continue
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if args.out:
            (args.out / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    # Through the module's own name, so that the functions it sends to a sandbox child are
    # named core.parser.*, which the child can import (it has its own __main__).
    from core import parser as _parser

    sys.exit(_parser.main())
