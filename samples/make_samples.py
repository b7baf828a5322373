"""Draw the bundled sample resumes (fictional people) from candidates.json:
python samples/make_samples.py [OUT_DIR]

Needs reportlab (requirements-dev.txt). The PDFs are committed so the app needs nothing extra.
"""
import json
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))

INDEX = HERE / "candidates.json"  # who they are and what their resumes say; core/samples.py reads it too


def draw(person: dict, path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(f"{person['full_name']} - Resume")
    width, height = A4
    contact = [person["email"], person["phone"], person["city"], person["link"]]
    x, y = 50, height - 60
    if person["layout"] == "sidebar":
        c.setFillColorRGB(0.93, 0.95, 0.98)
        c.rect(0, 0, 180, height, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        sy = height - 140
        for heading, lines in (("CONTACT", contact), ("SKILLS", person["skills"])):
            c.setFont("DejaVu-Bold", 10)
            c.drawString(20, sy, heading)
            c.setFont("DejaVu", 8.5)
            for line in lines:
                sy -= 14
                c.drawString(20, sy, line)
            sy -= 28
        x = 200
    c.setFont("DejaVu-Bold", 22)
    c.drawString(x, y, person["full_name"])
    c.setFont("DejaVu", 9.5)
    if person["layout"] == "header_right":
        for i, line in enumerate(contact):
            c.drawRightString(width - 50, y + 6 - i * 13, line)
        y -= 50
    elif person["layout"] == "classic":
        y -= 20
        c.drawString(x, y, " | ".join(contact))
        y -= 10
    else:
        y -= 30

    def heading(text: str) -> None:
        nonlocal y
        y -= 28
        c.setFont("DejaVu-Bold", 12)
        c.drawString(x, y, text)
        c.line(x, y - 4, width - 50, y - 4)
        y -= 6

    def line(text: str, bold: bool = False) -> None:
        nonlocal y
        y -= 15
        c.setFont("DejaVu-Bold" if bold else "DejaVu", 10)
        c.drawString(x, y, text)

    heading("EXPERIENCE")
    for title, company, start, end in person["jobs"]:
        line(f"{title}, {company}", bold=True)
        line(f"{start} – {end}")
        line("Delivered measurable improvements with a small, focused team.")
    heading("EDUCATION")
    school, degree, year = person["school"]
    line(school, bold=True)
    line(f"{degree}, {year}")
    if person["layout"] != "sidebar":
        heading("SKILLS")
        line(", ".join(person["skills"]))
    c.showPage()
    c.save()


def main(out: Path = HERE) -> None:
    for person in json.loads(INDEX.read_text(encoding="utf-8")):
        draw(person, out / person["file"])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
