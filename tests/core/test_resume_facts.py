"""core/resume_facts.py: what a parsed resume says, read alike by search, the table and exports."""
from __future__ import annotations

from datetime import date

from core import resume_facts as facts

TODAY = date(2026, 6, 15)


def job(start, end, name="Acme", position="Engineer"):
    return {"name": name, "position": position, "startDate": start, "endDate": end}


def years(*jobs):
    return facts.experience({"work": list(jobs)}, TODAY).years(TODAY)


def test_years_add_up_separate_jobs():
    assert years(job("2018-01", "2018-12"), job("2020-01", "2021-12")) == 3.0


def test_overlapping_jobs_count_once():
    assert years(job("2018-01", "2020-12"), job("2019-01", "2019-12")) == 3.0, "a job inside another adds nothing"
    assert years(job("2018-01", "2019-06"), job("2019-01", "2020-12")) == 3.0, "a shared half year counts once"


def test_a_job_held_now_counts_until_today_and_keeps_growing():
    exp = facts.experience({"work": [job("2024-07", ""), job("2023-01", "2024-12")]}, TODAY)
    assert exp.closed_months == 18 and exp.open_since == facts.month_index(date(2024, 7, 1))
    assert exp.years(TODAY) == round((18 + 24) / 12, 1), "2023-01..2024-06 closed, then 2024-07..2026-06 open"
    assert exp.months(date(2027, 6, 1)) == exp.months(TODAY) + 12


def test_years_alone_and_present_words_and_bad_dates():
    assert years(job("2019", "2020")) == 2.0, "a year alone spans its twelve months"
    assert years(job("2025-07", "Present")) == 1.0
    assert years(job("2026", "now")) == 0.5
    assert years(job("someday", "2020"), job("2021-05", "2020-01"), job("2030-01", ""), {"startDate": 7}) == 0.0


def test_missing_and_malformed_documents_read_as_empty():
    for doc in (None, {}, {"work": "x"}, {"work": [None, 3, "y"]}, {"skills": [{"keywords": "Python"}]}, [1]):
        assert facts.skills(doc) == [] and facts.employers(doc) == []
        assert facts.experience(doc, TODAY).years(TODAY) == 0.0
        assert facts.current_job(doc) == ("", "")
        assert facts.location(doc) == ""


def test_skills_employers_schools_and_current_job():
    doc = {
        "basics": {"label": "Data person", "location": {"city": "Madrid", "region": "Spain", "countryCode": "ES"}},
        "work": [job("2018-01", "2020-01", "Old Co", "Analyst"), job("2020-02", "", "Nubeva", "Data Engineer"),
                 job("2019-01", "2019-05", "Side Gig", "Tutor")],
        "skills": [{"name": "Languages", "keywords": ["Python", "SQL", "python"]}, {"name": "Leadership"}],
        "education": [{"institution": "UPM", "studyType": "MSc", "area": "Computer Science"}],
        "languages": [{"language": "Spanish"}, {"language": "English"}],
    }
    assert facts.skills(doc) == ["Python", "SQL", "Leadership"], "a group without keywords is a skill; repeats once"
    assert facts.employers(doc) == ["Old Co", "Nubeva", "Side Gig"]
    assert facts.titles(doc) == ["Data person", "Analyst", "Data Engineer", "Tutor"]
    assert facts.schools(doc) == ["UPM"] and facts.degrees(doc) == ["MSc Computer Science"]
    assert facts.languages(doc) == ["Spanish", "English"]
    assert facts.location(doc) == "Madrid, Spain, ES"
    assert facts.current_job(doc) == ("Data Engineer", "Nubeva")
    assert facts.current_job({"work": [job("2010-01", "2012-01", "A", "x"), job("2013-01", "2015-01", "B", "y")]}) == ("y", "B")
