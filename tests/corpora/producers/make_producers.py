#!/usr/bin/env python3
"""Makes the producers corpus: resume PDFs from real PDF producers, each with its truth file.

    python make_producers.py --out DIR [--only PRODUCER] [--seed N]

Each resume's content comes from content.py (seeded, so a run is repeatable); a template under
templates/ lays it out and a real engine renders it: Chromium (headless, through playwright),
WeasyPrint, pdfLaTeX (moderncv and article), XeLaTeX, Typst, LibreOffice Writer (Flat ODT),
MuPDF (markdown-pdf), and Ghostscript re-distilling PDFs from the others. The truth (X.json
beside X.pdf) is written from the same data: what a careful reader extracts from the page.

It does not run in CI: the PDFs are committed. What it needs (as used to make the committed set):
  Debian 12: chromium 156.0.8078.108-1~deb12u1, fonts-font-awesome 5.0.10+really4.7.0~dfsg-4.1,
    fonts-lato, fonts-open-sans, fonts-noto-core, fonts-liberation, fonts-dejavu,
    texlive-latex-extra / texlive-fonts-extra / texlive-xetex 2022.20230122 (moderncv 2.3.1,
    fontawesome5, paracol), libreoffice-writer-nogui 4:7.4.7-1+deb12u14, pandoc 2.17.1.1-2~deb12u1,
    ghostscript 10.0.0~dfsg-11+deb12u9, poppler-utils (checks only).
  PyPI (Python 3.11): Jinja2 3.1.6, playwright 1.65.2 (driving /usr/bin/chromium; never
    `playwright install`), weasyprint 70.0, typst 0.15.0; markdown-pdf 1.13.3 (PyMuPDF 2.0) in a
    separate venv given by --mdpdf-python (default /opt/mdpdf-venv/bin/python) so that PyMuPDF
    stays out of the project's environment.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
FA_TTF = "/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf"
os.environ.setdefault("SOURCE_DATE_EPOCH", "1764374400")  # 2025-11-29: stable dates inside the PDFs

# ------------------------------------------------------------------ the plan
# (producer, layout, template, [locales], force options for content.make_person)
PLAN = [
    ("chromium", "grid-sidebar", "chromium_grid.html.j2", ["en_US", "fr_FR", "en_US"],
     {"skills_style": "chips"}),
    ("chromium", "flex-right-sidebar", "chromium_flex.html.j2", ["en_US", "de_DE", "en_GB"], {}),
    ("chromium", "header-band-icons", "chromium_band.html.j2", ["es_ES", "en_US", "nl_NL"], {}),
    ("chromium", "classic-multipage", "chromium_classic.html.j2", ["en_US", "it_IT"], {"long": True}),
    ("chromium", "gdocs-like", "chromium_gdocs.html.j2", ["en_US", "en_US", "pt_BR"],
     {"skills_style": "labelled_dot"}),
    ("chromium", "builder-cards", "chromium_cards.html.j2", ["en_US", "pl_PL"], {}),
    ("pdflatex", "moderncv-classic", "latex_moderncv.tex.j2", ["en_US", "fr_FR", "en_GB"],
     {"tpl": {"style": "classic", "color": "blue"}}),
    ("pdflatex", "moderncv-banking", "latex_moderncv.tex.j2", ["en_US", "de_DE"], {"tpl": {"style": "banking", "color": "black"}}),
    ("pdflatex", "moderncv-casual", "latex_moderncv.tex.j2", ["en_US", "it_IT"], {"tpl": {"style": "casual", "color": "orange"}}),
    ("pdflatex", "article-tabularx", "latex_tabularx.tex.j2", ["en_US", "pl_PL"], {"tpl": {"font": "lmodern"}}),
    ("pdflatex", "article-hfill-smallcaps", "latex_hfill.tex.j2", ["en_US", "en_US"], {"tpl": {"font": "XCharter"}}),
    ("pdflatex", "article-two-column", "latex_twocol.tex.j2", ["en_US", "es_ES"],
     {"tpl": {"font": "sourcesanspro", "sidebar_first": True}}),
    ("xelatex", "paracol-right-sidebar", "xelatex_sidebar.tex.j2", ["en_US", "fr_FR", "de_DE"], {"tpl": {"font": "Lato"}}),
    ("xelatex", "paracol-right-sidebar", "xelatex_sidebar.tex.j2", ["en_US", "nl_NL"], {"tpl": {"font": "Open Sans"}}),
    ("xelatex", "tikz-header-band", "xelatex_band.tex.j2", ["en_US", "pt_BR", "en_GB"], {"tpl": {"font": "Noto Serif"}}),
    ("xelatex", "tikz-header-band", "xelatex_band.tex.j2", ["en_US", "pl_PL"], {"tpl": {"font": "DejaVu Sans"}}),
    ("typst", "grid-sidebar", "typst_sidebar.typ", ["en_US", "de_DE", "en_US", "es_ES"], {}),
    ("typst", "classic-right-dates", "typst_classic.typ", ["en_US", "fr_FR", "en_US", "it_IT"], {}),
    ("typst", "dates-column-paged", "typst_pages.typ", ["en_US", "nl_NL", "pt_BR", "en_GB"], {"long": True}),
    ("libreoffice", "odt-table-layout", "odt_table.fodt.j2", ["en_US", "de_DE", "fr_FR", "es_ES"],
     {"tpl": {"font": "Liberation Sans", "size": 9.5, "color": "#1F4E79", "caps": False, "ml": 1.6, "mt": 1.4,
              "tw": 17.8, "cw1": 3.6, "cw2": 14.2}}),
    ("libreoffice", "odt-frame-sidebar", "odt_frame.fodt.j2", ["en_US", "it_IT", "pl_PL", "en_GB"],
     {"tpl": {"font": "Lato", "size": 10, "color": "#2F5597", "caps": True, "ml": 7.2, "mt": 1.2, "tabpos": 12.2}}),
    ("libreoffice", "odt-tab-stops-header", "odt_tabs.fodt.j2", ["en_US", "nl_NL", "pt_PT", "en_US"],
     {"long": True, "tpl": {"font": "Liberation Serif", "size": 10.5, "color": "#000000", "caps": True, "ml": 2.0,
                            "mt": 1.2, "tabpos": 17.0}}),
    ("mupdf", "markdown-plain", "md_plain.md.j2", ["en_US", "en_US", "de_DE", "es_ES", "en_GB"], {}),
    ("mupdf", "markdown-tables", "md_table.md.j2", ["en_US", "fr_FR", "pl_PL", "en_US", "it_IT"], {}),
    # Ghostscript re-distils (pdfwrite) what another engine made: new fonts, new content streams.
    ("ghostscript", "gs-chromium-gdocs", "chromium:chromium_gdocs.html.j2", ["en_US", "de_DE"], {"skills_style": "labelled"}),
    ("ghostscript", "gs-chromium-grid", "chromium:chromium_grid.html.j2", ["en_US", "es_ES"], {"skills_style": "chips"}),
    ("ghostscript", "gs-typst-classic", "typst:typst_classic.typ", ["en_GB", "it_IT"], {}),
    ("ghostscript", "gs-pdflatex-hfill", "pdflatex:latex_hfill.tex.j2", ["en_US", "fr_FR"], {"tpl": {"font": "libertine"}}),
    ("ghostscript", "gs-weasyprint-margin", "weasyprint:weasy_margin.html.j2", ["en_US", "pt_BR"], {}),
    ("weasyprint", "float-sidebar-table", "weasy_float.html.j2", ["de_DE", "en_US", "fr_FR"], {}),
    ("weasyprint", "margin-boxes", "weasy_margin.html.j2", ["en_GB", "es_ES", "en_US"], {"long": True}),
    ("weasyprint", "header-table", "weasy_header.html.j2", ["en_US", "pt_PT", "en_US"], {}),
    ("weasyprint", "pandoc-markdown", "weasy_pandoc.md.j2", ["en_US", "nl_NL", "it_IT"], {}),
]

# Ghostscript's pdfwrite loses the text of ligature glyphs (the "ft" of "Software" comes out as CJK
# code points), so the pages it re-distils are made without ligatures: the test is parsing, not OCR.
NO_LIGATURES_CSS = "<style>* { font-variant-ligatures: none !important }</style>"

PAGE_WORD = {"en": "Page", "fr": "Page", "de": "Seite", "es": "Página", "pt": "Página", "it": "Pagina",
             "nl": "Pagina", "pl": "Strona"}


def icon(link: str) -> str:
    """Font Awesome 4 glyph (private use area) for a link."""
    if "linkedin" in link:
        return "\uf0e1"
    if "github.com" in link:
        return "\uf09b"
    return "\uf0ac"


def tex_escape(s: object) -> str:
    s = str(s)
    rep = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
           "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
           "'": r"\textquotesingle{}"}
    return "".join(rep.get(c, c) for c in s)


def md_escape(s: object) -> str:
    s = str(s)
    for c in "\\`*_[]#<>|":
        s = s.replace(c, "\\" + c)
    return s


def envs() -> dict[str, jinja2.Environment]:
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    html = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)
    xml = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    tex = jinja2.Environment(loader=loader, block_start_string="<%", block_end_string="%>",
                             variable_start_string="<<", variable_end_string=">>",
                             comment_start_string="<#", comment_end_string="#>",
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             finalize=lambda x: tex_escape(x) if isinstance(x, str) else x)
    tex.filters["raw"] = lambda s: jinja2.filters.Markup(s)
    md = jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                            keep_trailing_newline=True)
    md.filters["md"] = md_escape
    html.filters["css"] = lambda v: jinja2.filters.Markup(
        '"' + str(v).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"')
    for e in (html, xml, tex, md):
        e.globals.update(icon=icon)
    return {"html": html, "xml": xml, "tex": tex, "md": md}


# ------------------------------------------------------------------ engines
class Chromium:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])

    def render(self, html: str, pdf: Path, work: Path) -> None:
        src = work / "index.html"
        src.write_text(html, encoding="utf-8")
        page = self.browser.new_page()
        page.goto(src.as_uri())
        page.wait_for_load_state("networkidle")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        page.close()

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


def weasy(html: str, pdf: Path, work: Path) -> None:
    import weasyprint
    weasyprint.HTML(string=html, base_url=str(work)).write_pdf(str(pdf))


def latex(tex: str, pdf: Path, work: Path, engine: str) -> None:
    (work / "cv.tex").write_text(tex, encoding="utf-8")
    for _ in range(2):  # twice, for page references
        r = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "cv.tex"], cwd=work,
                           capture_output=True, text=True, timeout=240)
        if r.returncode:
            raise RuntimeError(f"{engine} failed:\n{r.stdout[-3000:]}")
    shutil.copy(work / "cv.pdf", pdf)


def typst_pdf(template: str, data: dict, pdf: Path, work: Path, ligatures: bool = True) -> None:
    import typst
    src = (TEMPLATES / template).read_text(encoding="utf-8")
    (work / "cv.typ").write_text(src if ligatures else "#set text(ligatures: false)\n" + src, encoding="utf-8")
    (work / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    typst.compile(str(work / "cv.typ"), output=str(pdf), root=str(work),
                  font_paths=[str(Path(FA_TTF).parent), "/usr/share/fonts/truetype"])


def soffice(fodt_files: list[Path], outdir: Path) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                        "pdf:writer_pdf_Export", "--outdir", str(outdir), *map(str, fodt_files)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def mdpdf(md: str, css: str, pdf: Path, title: str, python: str) -> None:
    script = (
        "import sys, json\n"
        "from markdown_pdf import MarkdownPdf, Section\n"
        "a = json.loads(sys.stdin.read())\n"
        "doc = MarkdownPdf(toc_level=0, optimize=False)\n"
        "doc.meta['title'] = a['title']\n"
        "doc.add_section(Section(a['md'], toc=False, paper_size=a['paper']), user_css=a['css'])\n"
        "doc.save(a['pdf'])\n")
    arg = {"md": md, "css": css, "pdf": str(pdf), "title": title, "paper": "A4"}
    subprocess.run([python, "-c", script], input=json.dumps(arg), text=True, check=True, timeout=120)


def ghostscript(src: Path, pdf: Path) -> None:
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                    "-dCompatibilityLevel=1.5", "-dPDFSETTINGS=/prepress", f"-sOutputFile={pdf}", str(src)],
                   check=True, capture_output=True, timeout=120)


def pandoc_html(md: str, css_name: str, work: Path, title: str) -> str:
    shutil.copy(TEMPLATES / css_name, work / css_name)
    (work / "cv.md").write_text(md, encoding="utf-8")
    subprocess.run(["pandoc", "-f", "markdown", "-t", "html5", "-s", "--css", css_name,
                    "--metadata", f"pagetitle={title}", "-o", "cv.html", "cv.md"], cwd=work, check=True)
    return (work / "cv.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ context and truth
def context(p: dict, rng: random.Random) -> dict:
    initials = (p["first"][0] + (p["last"].split()[-1][0] if p["last"] else p["first"][1])).upper()
    return {"p": p, "skills_lines": content.skills_line(p), "page_word": PAGE_WORD[p["lang"]],
            "sep": rng.choice(["·", "|", "•"]), "bullet": rng.choice(["▸", "■", "–", "›"]),
            "levels": [rng.choice([60, 70, 80, 90, 100]) for _ in p["skills"]], "initials": initials,
            "fa_ttf": FA_TTF}


def truth(p: dict, producer: str, layout: str, drop: tuple[str, ...] = ()) -> dict:
    t = {"producer": producer, "layout": layout}
    t.update(p["truth"])
    for k in drop:  # a field this layout does not show
        t[k] = None
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--only", help="render only this producer (the numbering stays the same)")
    ap.add_argument("--mdpdf-python", default="/opt/mdpdf-venv/bin/python")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    E = envs()
    rng = random.Random(a.seed)
    used: set = set()
    jobs = []  # (stem, producer, layout, template, person, ctx, extra)
    n = 0
    for producer, layout, template, locales, force in PLAN:
        for loc in locales:
            opts = dict(force)
            long = opts.pop("long", False)
            tpl_ctx = dict(opts.pop("tpl", {}))
            p = content.make_person(rng, loc, used, long=long, force=opts, jobs=(4, 6) if long else (2, 4))
            stem = f"p-{n:03d}-{producer}-{layout}"
            ctx = context(p, rng)
            ctx.update({"babel": None, "sidebar_first": False, "font": "lmodern", "pw": 21.0, "ph": 29.7,
                        "tw": 17.8, "cw1": 3.6, "cw2": 14.2, "tabpos": 17.8}, **tpl_ctx)
            jobs.append((stem, producer, layout, template, p, ctx))
            n += 1
    chromium = None
    lo_batch: list[tuple[Path, Path]] = []
    work_root = Path(tempfile.mkdtemp(prefix="producers-"))
    try:
        for stem, producer, layout, template, p, ctx in jobs:
            if a.only and producer != a.only:
                continue
            work = work_root / stem
            work.mkdir()
            pdf = a.out / f"{stem}.pdf"
            kind = producer if producer != "ghostscript" else template.split(":")[0]
            tpl = template.split(":")[-1]
            target = pdf if producer != "ghostscript" else work / "src.pdf"
            if kind == "chromium":
                chromium = chromium or Chromium()
                html = E["html"].get_template(tpl).render(**ctx)
                if producer == "ghostscript":
                    html = html.replace("</head>", NO_LIGATURES_CSS + "</head>")
                chromium.render(html, target, work)
            elif kind == "weasyprint":
                if tpl.endswith(".md.j2"):
                    html = pandoc_html(E["md"].get_template(tpl).render(**ctx), "pandoc.css", work, p["name"])
                else:
                    html = E["html"].get_template(tpl).render(**ctx)
                if producer == "ghostscript":
                    html = html.replace("</head>", NO_LIGATURES_CSS + "</head>")
                weasy(html, target, work)
            elif kind in ("pdflatex", "xelatex"):
                latex(E["tex"].get_template(tpl).render(**ctx), target, work, kind)
            elif kind == "typst":
                typst_pdf(tpl, typst_data(p, ctx), target, work, ligatures=producer != "ghostscript")
            elif kind == "libreoffice":
                src = work / f"{stem}.fodt"
                src.write_text(E["xml"].get_template(tpl).render(**ctx), encoding="utf-8")
                lo_batch.append((src, pdf))
            elif kind == "mupdf":
                md = E["md"].get_template(tpl).render(**ctx)
                css = (TEMPLATES / tpl.replace(".md.j2", ".css")).read_text(encoding="utf-8")
                mdpdf(md, css, target, p["name"], a.mdpdf_python)
            else:
                raise ValueError(kind)
            if producer == "ghostscript":
                ghostscript(target, pdf)
            (a.out / f"{stem}.json").write_text(
                json.dumps(truth(p, producer, layout), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(stem, flush=True)
        if lo_batch:
            soffice([s for s, _ in lo_batch], a.out)
            for s, pdf in lo_batch:
                print(pdf.stem, flush=True)
    finally:
        if chromium:
            chromium.close()
        shutil.rmtree(work_root, ignore_errors=True)
    return 0


def typst_data(p: dict, ctx: dict) -> dict:
    """What the Typst templates read (data.json): display strings only."""
    keep = ("name", "first", "last", "email", "phone", "location", "links", "summary", "education", "skills",
            "skill_groups", "spoken", "interests", "projects", "certs", "h", "lang")
    d = {k: p[k] for k in keep}
    d["groups"] = [{"company": g["company"], "city": g["city"], "grouped": g["grouped"], "dates": g.get("dates"),
                    "roles": [{k: r[k] for k in ("line1", "line2", "dates", "duration", "sublabel", "bullets",
                                                   "title", "company", "start_disp", "end_disp")}
                              for r in g["roles"]]} for g in p["groups"]]
    d["skills_lines"] = ctx["skills_lines"]
    d["page_word"] = ctx["page_word"]
    d["sep"] = ctx["sep"]
    d["icons"] = [icon(l) for l in p["links"]]
    d["title0"] = p["roles"][0]["title"]
    return d


if __name__ == "__main__":
    sys.exit(main())
