"""Regenerate the bundled sample resumes (fictional people): python samples/make_samples.py

Needs reportlab (requirements-dev.txt). The PDFs are committed so the app needs nothing extra.
"""
import json
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))

PEOPLE = [
    dict(name="Maria Fernández", email="maria.fernandez@example.com", phone="+34 612 345 678",
         city="Madrid, Spain", link="linkedin.com/in/maria-fernandez-demo", layout="classic",
         jobs=[("Data Engineer", "Nubeva Analytics", "Mar 2021", "Present"),
               ("Junior Developer", "Solcast Ibérica", "Sep 2018", "Feb 2021")],
         school=("Universidad Politécnica de Madrid", "MSc Computer Science", "2018"),
         skills=["Python", "Apache Spark", "SQL", "Airflow", "Docker"]),
    dict(name="James O'Connor", email="james.oconnor@example.org", phone="(415) 555-0142",
         city="San Francisco, CA", link="github.com/jocodes-demo", layout="sidebar",
         jobs=[("Senior Frontend Engineer", "Brightpath Labs", "Jan 2020", "Present"),
               ("Web Developer", "Cobalt Studio", "Jun 2016", "Dec 2019")],
         school=("University of California, Davis", "BS Computer Science", "2016"),
         skills=["TypeScript", "React", "GraphQL", "CSS", "Accessibility"]),
    dict(name="Priya Raman", email="priya.raman@example.net", phone="+91 98450 12345",
         city="Bengaluru, India", link="linkedin.com/in/priya-raman-demo", layout="header_right",
         jobs=[("Product Manager", "Kestrel Fintech", "Apr 2019", "Present"),
               ("Business Analyst", "Indus Consulting", "Jul 2015", "Mar 2019")],
         school=("Indian Institute of Management Bangalore", "MBA", "2015"),
         skills=["Roadmapping", "SQL", "User Research", "Jira", "A/B Testing"]),
    dict(name="Lukas Becker", email="lukas.becker@example.de", phone="+49 30 901820",
         city="Berlin, Germany", link="github.com/lbecker-demo", layout="classic",
         jobs=[("DevOps Engineer", "Rheinwerk Cloud GmbH", "Feb 2020", "Present"),
               ("System Administrator", "Spreenet AG", "Oct 2016", "Jan 2020")],
         school=("Technische Universität Berlin", "BSc Informatik", "2016"),
         skills=["Kubernetes", "Terraform", "Linux", "Go", "Prometheus"]),
    dict(name="Aiko Tanaka", email="aiko.tanaka@example.jp", phone="+81 3-1234-5678",
         city="Tokyo, Japan", link="linkedin.com/in/aiko-tanaka-demo", layout="sidebar",
         jobs=[("UX Designer", "Sakura Digital", "May 2021", "Present"),
               ("Graphic Designer", "Hikari Print", "Apr 2017", "Apr 2021")],
         school=("Tama Art University", "BA Graphic Design", "2017"),
         skills=["Figma", "Prototyping", "Design Systems", "Illustrator"]),
]


def draw(person: dict, path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(f"{person['name']} - Resume")
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
    c.drawString(x, y, person["name"])
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


def main() -> None:
    index = []
    for i, person in enumerate(PEOPLE, 1):
        file = f"sample-{i}-{person['name'].split()[0].lower()}.pdf"
        draw(person, HERE / file)
        index.append({"full_name": person["name"], "email": person["email"], "phone": person["phone"], "file": file})
    (HERE / "candidates.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
