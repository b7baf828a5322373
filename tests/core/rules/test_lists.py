"""core.rules.lists: skills, languages and certificates."""
from __future__ import annotations

from core.rules import parse
from pdfgen import stacked


def test_skills_never_come_from_prose():
    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("SUMMARY", 12, True),
                "Expert in Python, Kubernetes and Terraform with a passion for Rust.",
                ("EXPERIENCE", 12, True), ("Engineer, Acme Inc", 10, True), "2020 - 2022",
                "• Used Golang, Docker and AWS daily"]))
    assert d["skills"] == []


def test_skills_under_category_labels():
    """"Languages: Python · Go" lines, and bold labels above one skill per line (a sidebar)."""
    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("SKILLS", 12, True),
                       "Languages: Python · Go · SQL", "Tools: Docker · Git"]))
    assert [(g["name"], g["keywords"]) for g in d["skills"]] == [
        ("Languages", ["Python", "Go", "SQL"]), ("Tools", ["Docker", "Git"])]
    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("SKILLS", 12, True), ("Languages", 9, True),
                       "Python", "Go", ("Tools", 9, True), "Docker", "Git", ("EDUCATION", 12, True),
                       "Rice University", "BSc Physics, 2015"]))
    assert [(g["name"], g["keywords"]) for g in d["skills"]] == [("Languages", ["Python", "Go"]),
                                                                ("Tools", ["Docker", "Git"])]
    assert d["languages"] == [] and d["education"][0]["institution"] == "Rice University"


def test_a_category_in_a_column_of_its_own_before_its_list():
    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("Skills", 12, True),
                       "Languages   Python, Go, SQL", "Tools   Docker, Git, dbt"]))
    assert [(g["name"], g["keywords"]) for g in d["skills"]] == [
        ("Languages", ["Python", "Go", "SQL"]), ("Tools", ["Docker", "Git", "dbt"])]


def test_skill_lists_wrapped_after_a_separator_or_inside_a_hyphenated_word():
    d = parse(stacked([("Jane Doe", 22, True), "jane@x.io", ("SKILLS", 12, True),
                       "CI/CD ∙ Kubernetes ∙ Docker ∙ GitHub Actions ∙ PostgreSQL ∙", "Redis ∙ Kafka ∙ scikit-",
                       "learn ∙ Py-", "Torch ∙ Go"]))
    assert [k for g in d["skills"] for k in g["keywords"]] == [
        "CI/CD", "Kubernetes", "Docker", "GitHub Actions", "PostgreSQL", "Redis", "Kafka", "scikit-learn",
        "PyTorch", "Go"]


def test_category_labels_in_a_cell_or_on_a_line_of_their_own_are_no_skills():
    from pdfgen import pdf_text, words

    runs = [words("Jane Doe", 50, 40, 22, True), words("jane@x.io", 50, 60), words("Skills", 50, 90, 12, True),
            words("Methods", 50, 110, 10, True), words("Scrum, Kanban, Budgeting", 150, 110),
            words("Tools", 50, 124, 10, True), words("Asana, HubSpot, .NET", 150, 124),
            words("Design: Figma, Prototyping, Wireframing, User", 50, 140), words("Research", 50, 152),
            words("Frameworks", 50, 168, 10, True), words("Django · Flask", 50, 180)]
    d = parse(pdf_text(runs))
    assert [(g["name"], g["keywords"]) for g in d["skills"]] == [
        ("Methods", ["Scrum", "Kanban", "Budgeting"]), ("Tools", ["Asana", "HubSpot", ".NET"]),
        ("Design", ["Figma", "Prototyping", "Wireframing", "User Research"]), ("Frameworks", ["Django", "Flask"])]
