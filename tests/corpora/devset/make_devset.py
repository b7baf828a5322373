#!/usr/bin/env python3
"""The parser's own tuning set: resumes from producers the other sets lack, with truth.

    python tests/corpora/devset/make_devset.py      # rewrites every X.pdf and X.json here

Producers: Chromium printing HTML/CSS (/usr/bin/chromium --print-to-pdf), WeasyPrint,
LaTeX (pdflatex from Debian's texlive: article, minipage columns, moderncv), Typst (the
`typst` package), pandoc (Markdown through pdflatex) and LibreOffice (a .docx made with
python-docx, converted headless). The PDFs are committed; making them again needs, beside
requirements-dev.txt: Debian's chromium (156), texlive-latex-extra with moderncv (TeX Live
2022), pandoc (2.17), libreoffice-writer (7.4), and from PyPI weasyprint==70.0 and
typst==0.15.0. Their bytes differ run to run (dates in the files); the text does not. Written by the
parser's owner to find and test general rules; the independent measure of the parser is
tests/corpora/producers, which its author made without reading the parser.
"""
from __future__ import annotations

import html
import json
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

PEOPLE = [
    dict(name="Wilfried Dobes", email="wilfried.dobes@example.nl", phone="+31 6 1234 5678", city="Ruinen, (NL)",
         truth_city="Ruinen", links=["linkedin.com/in/wdobes"], label="Data Analyst",
         jobs=[("Petrocelli Group", "Data Analyst", "Sep, 2024", "Present", "2024-09", "present"),
               ("Acme BV", "Backend Developer", "Sept 2016", "Aug 2024", "2016-09", "2024-08")],
         school=("Rijksuniversiteit Groningen", "MSc Computing Science", "2016"),
         skills={"Languages": ["Python", "Go", "SQL"], "Tools": ["Docker", "Git", "dbt"]}),
    dict(name="Amara Okafor", email="amara.okafor@example.com", phone="(415) 555-0187", city="Oakland, CA",
         truth_city="Oakland", links=["github.com/aokafor", "amaraokafor.dev"], label="Product Designer",
         jobs=[("Lumen Health", "Senior Product Designer", "2023-07", "", "2023-07", "present"),
               ("Brightline Studio", "Product Designer", "2019-03", "2023-06", "2019-03", "2023-06"),
               ("Coastal Bank", "UX Intern", "2018-06", "2018-12", "2018-06", "2018-12")],
         school=("University of California, Berkeley", "BA Cognitive Science", "2018"),
         skills={"Design": ["Figma", "Prototyping", "User Research"], "Code": ["HTML", "CSS", "React"]}),
    dict(name="Jonas Lindqvist", email="jonas@lindqvist.se", phone="+46 70 123 45 67", city="Uppsala",
         truth_city="Uppsala", links=["linkedin.com/in/jlindqvist"], label="Site Reliability Engineer",
         jobs=[("Nordlys Software AB", "Site Reliability Engineer", "March 2021", "Present", "2021-03", "present"),
               ("Fjordkraft", "Systems Administrator", "Jan 2017", "Feb 2021", "2017-01", "2021-02")],
         school=("Uppsala University", "BSc Computer Science", "2016"),
         skills={"Platforms": ["Kubernetes", "Terraform", "AWS"], "Languages": ["Go", "Bash", "Python"]}),
    dict(name="Lucía Fernández", email="lucia.fernandez@example.es", phone="+34 612 345 678", city="Valencia, ES",
         truth_city="Valencia", links=["github.com/luciafdz"], label="Machine Learning Engineer",
         jobs=[("Orbital Labs", "Machine Learning Engineer", "Nov 2022", "Present", "2022-11", "present"),
               ("Datalia Consulting", "Data Scientist", "Oct 2019", "Oct 2022", "2019-10", "2022-10")],
         school=("Universitat Politècnica de València", "MSc Artificial Intelligence", "2019"),
         skills={"ML": ["PyTorch", "scikit-learn", "MLflow"], "Data": ["Spark", "SQL", "Airflow"]}),
]


def truth(p: dict, producer: str, layout: str) -> dict:
    return {"producer": producer, "layout": layout, "locale": "en", "name": p["name"], "email": p["email"],
            "phone": p["phone"], "location": p["truth_city"], "links": p["links"],
            "skills": [s for group in p["skills"].values() for s in group],
            "experience": [{"company": c, "title": t, "start": s, "end": e} for c, t, _, _, s, e in p["jobs"]],
            "education": [{"institution": p["school"][0], "degree": p["school"][1], "end": p["school"][2]}]}


def _dates(start: str, end: str, dash: str = "–") -> str:
    return f"{start} {dash} {end}" if end else f"{start} {dash}"


# ------------------------------------------------------------------ HTML (Chromium, WeasyPrint)

CSS_BASE = """
@page { size: A4; margin: 14mm 14mm; }
body { font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: 10pt; color: #222; margin: 0; }
.fa { font-family: 'FontAwesome'; font-style: normal; margin-right: 4px; }
h1 { font-size: 24pt; margin: 0; text-transform: uppercase; letter-spacing: 2px; }
h2 { font-size: 11pt; text-transform: uppercase; letter-spacing: 3px; border-bottom: 1px solid #999; margin: 14px 0 6px; }
.job { margin-bottom: 8px; }
.head { display: flex; justify-content: space-between; }
.sub { font-size: 8.5pt; color: #666; font-weight: bold; }
ul { margin: 2px 0 0 16px; padding: 0; }
"""


def _contact(p: dict, icons: bool) -> str:
    parts = [("&#xf095;", p["phone"]), ("&#xf0e0;", p["email"]), ("&#xf041;", p["city"])]
    parts += [("&#xf0c1;", link) for link in p["links"]]
    return "".join(f"<span style='margin-right:14px'>{('<i class=fa>' + i + '</i>') if icons else ''}"
                   f"{html.escape(t)}</span>" for i, t in parts)


def _job_html(job: tuple, style: str, k: int) -> str:
    company, title, start, end, _, _ = job
    when = html.escape(_dates(start, end or "", "—" if not end else "–"))
    if style == "at":
        head = f"<b>{html.escape(title)} at {html.escape(company)}</b>"
    elif style == "comma":
        head = f"<b>{html.escape(title)}, {html.escape(company)}</b>"
    else:
        head = f"<b>{html.escape(company)}</b> — {html.escape(title)}"
    years = f"<div class=sub>{k + 2} years {k + 3} months</div>" if style == "at" else ""
    label = "<div class=sub>Highlights</div>" if style != "comma" else ""
    return (f"<div class=job><div class=head>{head}<span>{when}</span></div>{years}{label}"
            f"<ul><li>Cut reporting time by {20 + 5 * k}% with automated pipelines</li>"
            f"<li>Mentored {k + 2} colleagues</li></ul></div>")


def _skills_html(p: dict, sep: str) -> str:
    return "".join(f"<div><b>{html.escape(cat)}:</b> {f' {sep} '.join(map(html.escape, items))}</div>"
                   for cat, items in p["skills"].items())


def html_single(p: dict, style: str, icons: bool) -> str:
    jobs = "".join(_job_html(j, style, k) for k, j in enumerate(p["jobs"]))
    school, degree, year = p["school"]
    return f"""<html><head><meta charset=utf-8><style>{CSS_BASE}</style></head><body>
<h1>{html.escape(p['name'])}</h1><div style='font-size:12pt;margin:2px 0 6px'>{html.escape(p['label'])}</div>
<div>{_contact(p, icons)}</div>
<h2>Experience</h2>{jobs}
<h2>Education</h2><div class=head><b>{html.escape(school)}</b><span>{year}</span></div><div>{html.escape(degree)}</div>
<h2>Skills</h2>{_skills_html(p, '·')}
</body></html>"""


def html_two_column(p: dict, style: str, grid: bool) -> str:
    jobs = "".join(_job_html(j, style, k) for k, j in enumerate(p["jobs"]))
    school, degree, year = p["school"]
    contact = "".join(f"<div>{html.escape(t)}</div>" for t in [p["phone"], p["email"], p["city"], *p["links"]])
    skills = "".join(f"<div class=sub>{html.escape(cat)}</div>" + "".join(f"<div>{html.escape(s)}</div>" for s in items)
                     for cat, items in p["skills"].items())
    layout = ("display:grid;grid-template-columns:62mm 1fr;column-gap:10mm" if grid
              else "display:flex;flex-direction:row-reverse;gap:10mm")
    side_style = "background:#eef1f5;padding:8px" if grid else "width:60mm"
    return f"""<html><head><meta charset=utf-8><style>{CSS_BASE}</style></head><body>
<div style='{layout}'>
<div style='{side_style}'><h2>Contact</h2>{contact}<h2>Skills</h2>{skills}</div>
<div style='flex:1'><h1>{html.escape(p['name'])}</h1><div style='font-size:12pt'>{html.escape(p['label'])}</div>
<h2>Work History</h2>{jobs}
<h2>Education</h2><div class=head><b>{html.escape(school)}</b><span>{year}</span></div><div>{html.escape(degree)}</div>
</div></div></body></html>"""


def chromium(html_text: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.html"
        src.write_text(html_text, encoding="utf-8")
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={out}", str(src)], check=True, capture_output=True, timeout=120)


def weasyprint(html_text: str, out: Path) -> None:
    import weasyprint as wp

    wp.HTML(string=html_text).write_pdf(str(out))


# ------------------------------------------------------------------ LaTeX

def _tex(s: str) -> str:
    return s.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#").replace("_", r"\_")


def latex_doc(p: dict, two_col: bool) -> str:
    jobs = "\n".join(
        rf"\textbf{{{_tex(t)}}}, {_tex(c)} \hfill {_tex(_dates(s, e, '--'))}\\" + "\n"
        r"\begin{itemize}\itemsep0pt \item Automated the monthly reporting pipeline \end{itemize}"
        for c, t, s, e, _, _ in p["jobs"])
    school, degree, year = p["school"]
    skills = r"\\".join(rf"\textbf{{{cat}:}} {', '.join(items)}" for cat, items in p["skills"].items())
    head = (rf"{{\LARGE\bfseries {_tex(p['name'])}}}\\[2pt] {_tex(p['label'])}\\[4pt]"
            rf"{_tex(p['email'])} \quad {_tex(p['phone'])} \quad {_tex(p['city'])} \quad "
            + r" \quad ".join(_tex(x) for x in p["links"]))
    body = (rf"\section*{{Experience}}{jobs}\section*{{Education}}\textbf{{{_tex(school)}}} \hfill {year}\\"
            rf"{_tex(degree)}\section*{{Skills}}{skills}")
    if two_col:
        return (r"\documentclass[10pt]{article}\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}"
                r"\usepackage[margin=16mm]{geometry}\pagestyle{empty}\begin{document}"
                rf"\noindent\begin{{minipage}}[t]{{0.3\textwidth}}\raggedright\section*{{Contact}}"
                rf"{_tex(p['email'])}\\{_tex(p['phone'])}\\{_tex(p['city'])}\\" + r"\\".join(_tex(x) for x in p["links"])
                + rf"\section*{{Skills}}{skills}\end{{minipage}}\hfill\begin{{minipage}}[t]{{0.64\textwidth}}"
                rf"{{\LARGE\bfseries {_tex(p['name'])}}}\\[2pt]{_tex(p['label'])}"
                rf"\section*{{Experience}}{jobs}\section*{{Education}}\textbf{{{_tex(school)}}} \hfill {year}\\"
                rf"{_tex(degree)}\end{{minipage}}\end{{document}}")
    return (r"\documentclass[11pt]{article}\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}"
            r"\usepackage{lmodern}\usepackage[margin=18mm]{geometry}\pagestyle{empty}\begin{document}"
            rf"\noindent {head}{body}\end{{document}}")


def pdflatex(tex: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "r.tex").write_text(tex, encoding="utf-8")
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "r.tex"], cwd=tmp, check=True, capture_output=True,
                       timeout=120)
        out.write_bytes((Path(tmp) / "r.pdf").read_bytes())


def moderncv_doc(p: dict, style: str) -> str:
    first, last = p["name"].split(" ", 1)
    jobs = "\n".join(rf"\cventry{{{_tex(_dates(s, e, '--'))}}}{{{_tex(t)}}}{{{_tex(c)}}}{{}}{{}}"
                     rf"{{\begin{{itemize}}\item Automated the monthly reporting pipeline\end{{itemize}}}}"
                     for c, t, s, e, _, _ in p["jobs"])
    school, degree, year = p["school"]
    skills = "\n".join(rf"\cvitem{{{cat}}}{{{', '.join(items)}}}" for cat, items in p["skills"].items())
    city = p["city"].split(",")[0]
    return (rf"\documentclass[11pt,a4paper,sans]{{moderncv}}\moderncvstyle{{{style}}}\moderncvcolor{{blue}}"
            r"\usepackage[utf8]{inputenc}\usepackage[scale=0.8]{geometry}"
            rf"\name{{{_tex(first)}}}{{{_tex(last)}}}\title{{{_tex(p['label'])}}}\address{{}}{{{_tex(city)}}}{{}}"
            rf"\phone[mobile]{{{_tex(p['phone'])}}}\email{{{_tex(p['email'])}}}"
            r"\begin{document}\makecvtitle"
            rf"\section{{Experience}}{jobs}\section{{Education}}\cventry{{{year}}}{{{_tex(degree)}}}{{{_tex(school)}}}"
            rf"{{}}{{}}{{}}\section{{Skills}}{skills}\end{{document}}")


def pandoc_markdown(p: dict) -> str:
    jobs = "\n".join(f"**{t}**, {c} \\hfill {_dates(s, e, '--')}\n\n- Led the migration of three services\n"
                      for c, t, s, e, _, _ in p["jobs"])
    school, degree, year = p["school"]
    skills = "\n".join(f"- **{cat}:** {', '.join(items)}" for cat, items in p["skills"].items())
    return (f"---\ngeometry: margin=2cm\npagestyle: empty\n---\n\n# {p['name']}\n\n{p['label']}\n\n"
            f"{p['email']} | {p['phone']} | {p['city']} | {' | '.join(p['links'])}\n\n"
            f"## Experience\n\n{jobs}\n## Education\n\n**{school}** \\hfill {year}\n\n{degree}\n\n"
            f"## Skills\n\n{skills}\n")


def pandoc(markdown: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "r.md").write_text(markdown, encoding="utf-8")
        subprocess.run(["pandoc", "r.md", "-o", "r.pdf"], cwd=tmp, check=True, capture_output=True, timeout=120)
        out.write_bytes((Path(tmp) / "r.pdf").read_bytes())


# ------------------------------------------------------------------ LibreOffice (from .docx)

def docx_table(p: dict, path: Path) -> None:
    """A Word document laid out as a two-column table (dates | what), converted by LibreOffice."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10)
    d.add_heading(p["name"], level=0)
    d.add_paragraph(p["label"])
    d.add_paragraph(f"{p['email']}\t{p['phone']}\t{p['city']}\t{'  '.join(p['links'])}")
    d.add_heading("Work Experience", level=1)
    table = d.add_table(rows=0, cols=2)
    for c, t, s, e, _, _ in p["jobs"]:
        row = table.add_row().cells
        row[0].text = _dates(s, e or "Present")
        row[1].text = f"{t}\n{c}\n• Automated the monthly reporting pipeline"
    d.add_heading("Education", level=1)
    school, degree, year = p["school"]
    row = d.add_table(rows=1, cols=2).rows[0].cells
    row[0].text, row[1].text = year, f"{degree}\n{school}"
    d.add_heading("Skills", level=1)
    for cat, items in p["skills"].items():
        d.add_paragraph(f"{cat}: {', '.join(items)}")
    d.save(str(path))


def libreoffice(make_docx, p: dict, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.docx"
        make_docx(p, src)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        out.write_bytes((Path(tmp) / "r.pdf").read_bytes())


# ------------------------------------------------------------------ Typst

def _typ(s: str) -> str:
    return s.replace("\\", "\\\\").replace("#", "\\#").replace("@", "\\@").replace("*", "\\*").replace("$", "\\$") \
        .replace("<", "\\<").replace("_", "\\_")


def typst_doc(p: dict, grid: bool) -> str:
    jobs = "\n".join(
        f"#grid(columns: (1fr, auto), [*{_typ(c)}* — {_typ(t)}], [{_typ(_dates(s, e))}])\n"
        f"- Led the migration of {k + 3} services\n" for k, (c, t, s, e, _, _) in enumerate(p["jobs"]))
    school, degree, year = p["school"]
    skills = "\n\n".join(f"*{cat}:* {' · '.join(map(_typ, items))}" for cat, items in p["skills"].items())
    contact = " | ".join(_typ(x) for x in [p["email"], p["phone"], p["city"], *p["links"]])
    main = (f"#text(size: 20pt, weight: \"bold\")[{_typ(p['name'])}]\n\n{_typ(p['label'])}\n\n"
            + ("" if grid else f"{contact}\n\n")
            + f"== Experience\n{jobs}\n== Education\n#grid(columns: (1fr, auto), [*{_typ(school)}*], [{year}])\n"
            f"{_typ(degree)}\n")
    if not grid:
        return f"#set page(paper: \"a4\", margin: 16mm)\n#set text(size: 10pt)\n{main}\n== Skills\n{skills}\n"
    side = ("== Contact\n" + "\n\n".join(_typ(x) for x in [p["email"], p["phone"], p["city"], *p["links"]])
            + f"\n\n== Skills\n{skills}")
    return (f"#set page(paper: \"a4\", margin: 14mm)\n#set text(size: 9.5pt)\n"
            f"#grid(columns: (1fr, 58mm), column-gutter: 9mm, [\n{main}\n], [\n{side}\n])\n")


def typst(src: str, out: Path) -> None:
    import typst as ty

    out.write_bytes(ty.compile(src.encode("utf-8")))


# ------------------------------------------------------------------ the set

def main() -> None:
    made = 0
    plan = [
        ("chromium", "single_icons", lambda p, k: chromium(html_single(p, ["at", "comma", "dash", "at"][k], True), out)),
        ("chromium", "flex_sidebar_right", lambda p, k: chromium(html_two_column(p, ["dash", "at", "comma", "dash"][k], False), out)),
        ("chromium", "grid_sidebar_left", lambda p, k: chromium(html_two_column(p, ["comma", "dash", "at", "comma"][k], True), out)),
        ("weasyprint", "single", lambda p, k: weasyprint(html_single(p, ["dash", "at", "comma", "comma"][k], False), out)),
        ("weasyprint", "grid_sidebar_left", lambda p, k: weasyprint(html_two_column(p, ["at", "comma", "dash", "at"][k], True), out)),
        ("latex", "article", lambda p, k: pdflatex(latex_doc(p, False), out)),
        ("latex", "minipage_columns", lambda p, k: pdflatex(latex_doc(p, True), out)),
        ("typst", "single", lambda p, k: typst(typst_doc(p, False), out)),
        ("typst", "grid_sidebar_right", lambda p, k: typst(typst_doc(p, True), out)),
        ("latex", "moderncv_classic", lambda p, k: pdflatex(moderncv_doc(p, "classic"), out)),
        ("latex", "moderncv_banking", lambda p, k: pdflatex(moderncv_doc(p, "banking"), out)),
        ("pandoc", "markdown", lambda p, k: pandoc(pandoc_markdown(p), out)),
        ("libreoffice", "docx_table", lambda p, k: libreoffice(docx_table, p, out)),
    ]
    for producer, layout, make in plan:
        for k, person in enumerate(PEOPLE):
            stem = f"d-{made:03d}-{producer}-{layout}"
            out = HERE / f"{stem}.pdf"
            make(person, k)
            t = truth(person, producer, layout)
            if layout.startswith("moderncv"):
                t["links"] = None   # moderncv shows no links here
            (HERE / f"{stem}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            made += 1
    print(f"{made} resumes written to {HERE}")


if __name__ == "__main__":
    main()
