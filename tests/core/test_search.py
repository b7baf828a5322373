"""core/search.py on SQLite (FTS5) and PostgreSQL (tsvector, pg_trgm): every field a recruiter
searches, accents and case ignored, all words required, quoted phrases, ranking, filters, the
index kept in step by writes and deletes, and 100 queries against a seeded set whose answers
come from the data as it was made (an independent matcher below), not from the search code."""
from __future__ import annotations

import random
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from core import candidates as cands
from core import search
from core.config import get_settings
from core.db import session_scope
from core.errors import ValidationError
from core.models import Candidate, CandidateSearch, CandidateSkill, utcnow
from utils import make_user, resume_pdf, wait_for_status


@pytest.fixture
def admin_user(any_db):
    return make_user("admin")


def parsed(candidate_id: int, doc: dict, text_: str | None = None) -> None:
    """What a finished parse writes: the document and, in the same transaction, the index."""
    with session_scope() as s:
        s.execute(update(Candidate).where(Candidate.id == candidate_id)
                  .values(parsed_resume=doc, parse_status="completed"))
        search.index_candidate(s, candidate_id, text_)


def names(actor, query=None, **filters) -> list[str]:
    return [c.full_name for c in cands.list_candidates(actor, query, page_size=1000, **filters).items]


MARIA = {
    "basics": {"name": "María Fernández", "location": {"city": "Zürich", "countryCode": "CH"},
               "profiles": [{"network": "GitHub", "url": "github.com/mfdz"}]},
    "work": [{"name": "Nubeva Analytics", "position": "Data Engineer", "startDate": "2021-03", "endDate": ""},
             {"name": "Solcast Ibérica", "position": "Junior Developer", "startDate": "2018-09", "endDate": "2021-02"}],
    "education": [{"institution": "Universidad Politécnica de Madrid", "studyType": "MSc", "area": "Physics"}],
    "skills": [{"name": "Tools", "keywords": ["Python", "Apache Spark", "C++"]}],
    "languages": [{"language": "Portuguese"}],
}


def test_every_field_a_recruiter_searches(admin_user):
    maria = cands.create_candidate(admin_user, "María Fernández", "maria.fdz@example.org", "+34 612 345 678")
    cands.create_candidate(admin_user, "Peter Smith", "peter@example.com", "+1 312 555 0199")
    parsed(maria.id, MARIA, "María Fernández\nData Engineer who enjoys paragliding and origami.")
    for query in ("maria fernandez", "MARÍA", "FERNANDEZ", "fernánd", "ernand", "maria.fdz", "fdz@exam",
                  "example.org", "612 345 678", "+34 612 345 678", "345678", "5 678", "python", "apache spark",
                  "c++", "nubeva", "solcast iberica", "data engineer", "junior", "politecnica", "madrid", "msc",
                  "physics", "portuguese", "zurich", "ZÜRICH", "paragliding", "origami", "mfdz", "parag orig",
                  '"data engineer"', '"apache spark" python'):
        assert names(admin_user, query) == ["María Fernández"], query
    for query in ("maria peter", '"engineer data"', '"spark apache"', "paraglidingx", "zz", "enginee data x"):
        assert names(admin_user, query) == [], query
    assert names(admin_user, "example") == ["Peter Smith", "María Fernández"], "newest first when ranks tie"
    assert names(admin_user, "") == names(admin_user, "   ") == ["Peter Smith", "María Fernández"]


def test_words_shorter_than_three_letters_match_word_starts_only(admin_user):
    cands.create_candidate(admin_user, "Ada Lovelace", "ada@example.com")
    assert names(admin_user, "lo") == ["Ada Lovelace"]
    assert names(admin_user, "ve") == [], "two letters inside a word: no index can find them"
    assert names(admin_user, "vel") == ["Ada Lovelace"], "three letters inside the name: trigrams"


def test_ranking_puts_a_name_before_a_mention(admin_user):
    mention = cands.create_candidate(admin_user, "Peter Smith", "p@example.com")
    parsed(mention.id, {"work": [{"name": "Kowalski Consulting"}]}, "Worked with Kowalski on many projects.")
    cands.create_candidate(admin_user, "Anna Kowalski", "anna@example.com")
    parsed(mention.id, {"work": [{"name": "Kowalski Consulting"}]}, "Worked with Kowalski on many projects.")
    assert names(admin_user, "kowalski") == ["Anna Kowalski", "Peter Smith"]
    assert names(admin_user, "peter kowalski") == ["Peter Smith"]


def test_hostile_queries_are_text(admin_user):
    cands.create_candidate(admin_user, "O'Brien Near", "obrien@example.com")
    for query in ('"', '""', '"unclosed phrase', "NEAR(a b)", "a OR b", "NOT", "*", "^x", "o'brien", "%", "_",
                  "\\", "'; drop table candidates; --", ":*", "a & b | !c", "<->", "(", "{x}", "\u0000"):
        cands.list_candidates(admin_user, query)  # no error, whatever it finds
    assert names(admin_user, "o'brien") == ["O'Brien Near"]
    assert names(admin_user, "near") == ["O'Brien Near"]
    assert names(admin_user, "%") == names(admin_user, "_") == ["O'Brien Near"], "no word: no search"
    with pytest.raises(ValidationError, match="longer than"):
        cands.list_candidates(admin_user, "a" * (cands.MAX_SEARCH + 1))
    with pytest.raises(ValidationError, match="more than 16 words"):
        cands.list_candidates(admin_user, " ".join(f"w{i}" for i in range(17)))


def test_filters(admin_user):
    today = date.today()
    a = cands.create_candidate(admin_user, "Old Hand", "old@example.com")
    b = cands.create_candidate(admin_user, "New Comer", "new@example.com")
    cands.create_candidate(admin_user, "No Resume", "none@example.com")
    parsed(a.id, {"work": [{"name": "Globex Corporation", "startDate": "2010-01", "endDate": "2015-12"},
                           {"name": "Initech", "startDate": "2014-01", "endDate": "2017-12"}],  # 8 years, overlap once
                  "skills": [{"keywords": ["Rust", "Go"]}], "basics": {"location": {"city": "Kraków"}}})
    parsed(b.id, {"work": [{"name": "Initech", "startDate": f"{today.year - 1}-{today.month:02d}", "endDate": ""}],
                  "skills": [{"keywords": ["rust", "Figma"]}], "basics": {"location": "Lyon, France"}})
    assert names(admin_user, skill="Rust") == ["New Comer", "Old Hand"], "a skill matches however it is spelt"
    assert names(admin_user, skill="go") == ["Old Hand"] and names(admin_user, skill="g") == []
    assert names(admin_user, employer="initech") == ["New Comer", "Old Hand"]
    assert names(admin_user, employer="GLOBEX corp") == ["Old Hand"]
    assert names(admin_user, location="krakow") == ["Old Hand"] and names(admin_user, location="france") == ["New Comer"]
    assert names(admin_user, min_years=8) == ["Old Hand"] and names(admin_user, min_years=8.1) == []
    assert names(admin_user, min_years=1, max_years=2) == ["New Comer"]
    assert names(admin_user, max_years=0) == ["No Resume"]
    assert names(admin_user, status="completed", skill="figma") == ["New Comer"]
    assert names(admin_user, "initech", location="lyon") == ["New Comer"]
    with session_scope() as s:
        s.execute(update(Candidate).where(Candidate.id == a.id).values(created_at=utcnow() - timedelta(days=10)))
    assert names(admin_user, added_to=today - timedelta(days=5)) == ["Old Hand"]
    assert names(admin_user, added_from=today - timedelta(days=5)) == ["No Resume", "New Comer"]
    assert names(admin_user, added_from=today, added_to=today) == ["No Resume", "New Comer"], "the last day is in"
    search.forget_skill_options()
    assert cands.skill_choices(admin_user) == ["Rust", "Figma", "Go"], "most common first, first spelling"
    with pytest.raises(TypeError, match="unknown filters: colour"):
        cands.list_candidates(admin_user, colour="red")


def test_a_page_past_the_last_is_the_last(admin_user):
    for i in range(5):
        cands.create_candidate(admin_user, f"Person {i}", f"p{i}@example.com")
    page = cands.list_candidates(admin_user, page=9, page_size=2)
    assert (page.page, page.pages, [c.full_name for c in page.items]) == (3, 3, ["Person 0"])
    assert cands.list_candidates(admin_user, "nobody", page=4).page == 1


def test_edits_reindex_in_the_same_transaction(admin_user):
    c = cands.create_candidate(admin_user, "Grace Hopper", "grace@navy.mil", "+1 202 555 0143")
    parsed(c.id, {"skills": [{"keywords": ["COBOL"]}]}, "Invented the compiler.")
    cands.update_candidate(admin_user, c.id, full_name="Grace Brewster Murray", email="gbm@example.com", phone="")
    assert names(admin_user, "hopper") == [] and names(admin_user, "navy") == [] and names(admin_user, "0143") == []
    assert names(admin_user, "brewster murray") == ["Grace Brewster Murray"]
    assert names(admin_user, "compiler cobol") == ["Grace Brewster Murray"], "the resume's text stays indexed"


def _index_rows(candidate_id: int) -> list:
    with session_scope(readonly=True) as s:
        return (list(s.scalars(select(CandidateSearch).where(CandidateSearch.candidate_id == candidate_id)))
                + list(s.scalars(select(CandidateSkill).where(CandidateSkill.candidate_id == candidate_id))))


def _indexed_words(db: str) -> set[str]:
    """Every word the engine's index holds, read from the engine itself."""
    with session_scope() as s:
        if db == "postgresql":
            return set(s.execute(text("select word from ts_stat('select tsv from candidate_search')")).scalars())
        s.execute(text("create virtual table if not exists temp.fts_words using fts5vocab(main, candidate_fts, 'row')"))
        s.execute(text("create virtual table if not exists temp.trgm_words using fts5vocab(main, candidate_trgm, 'row')"))
        words = set(s.execute(text("select term from temp.fts_words")).scalars())
        return words | set(s.execute(text("select term from temp.trgm_words")).scalars())


@pytest.mark.parametrize("how", ["use case", "plain SQL delete"])
def test_a_deleted_candidate_leaves_nothing_in_the_index(any_db, admin_user, how):
    db = any_db
    keep = cands.create_candidate(admin_user, "Keep Me", "keep@example.com")
    gone = cands.create_candidate(admin_user, "Zbigniew Quaxley", "zq@quaxmail.com", "+48 601 234 567")
    parsed(gone.id, {"skills": [{"keywords": ["Xylophonics"]}], "work": [{"name": "Vorpal Widgets"}]},
           "Quaxley likes zymurgy.")
    unique = {"zbigniew", "quaxley", "quaxmail", "xylophonics", "vorpal", "zymurgy", "48601234567"}
    assert unique <= _indexed_words(db)
    if db == "sqlite":
        assert {"qua", "uax", "axl"} <= _indexed_words(db), "the trigram index holds the name"
    if how == "use case":
        cands.delete_candidate(admin_user, gone.id)
    else:  # what any other path that deletes the row does (the foreign keys cascade)
        with session_scope() as s:
            s.execute(text("delete from candidates where id = :id"), {"id": gone.id})
    assert _index_rows(gone.id) == []
    words = _indexed_words(db)
    assert not unique & words, unique & words
    if db == "sqlite":
        assert not {"qua", "uax", "axl", "xle"} & words
        with session_scope() as s:  # the FTS5 tables agree with their content table
            s.execute(text("insert into candidate_fts(candidate_fts, rank) values ('integrity-check', 1)"))
            s.execute(text("insert into candidate_trgm(candidate_trgm, rank) values ('integrity-check', 1)"))
    for query in ("zbigniew", "quax", "zymurgy", "601 234", "xylophonics"):
        assert names(admin_user, query) == [], query
    if db == "sqlite" and how == "use case":  # nor in the file: FTS5's segments merged, freed pages zeroed
        path = Path(make_url(get_settings().database_url).database)
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = b"".join(f.read_bytes() for f in path.parent.glob(path.name + "*"))
        assert [w for w in ("keep", "quaxley", "zymurgy", "xylophonics") if w.encode() in stored.lower()] == ["keep"]
    assert names(admin_user, "keep") == ["Keep Me"] and _index_rows(keep.id)


def test_a_finished_parse_indexes_the_resume_text(app_env, admin):
    pdf = resume_pdf(name="Ottilie Brandt", email="ottilie@example.com", employer="Zeppelin Werke",
                     extra=["Hobbies: beekeeping and orienteering"])
    c = cands.create_candidate(admin, "Ottilie Brandt", "ottilie@example.com", resume=pdf, filename="cv.pdf")
    assert names(admin, "zeppelin") == [], "nothing parsed yet"
    assert wait_for_status(admin, c.id)["parsing_status"] == "completed"
    for query in ("zeppelin werke", "beekeeping orienteering", "python", "senior engineer", "university london"):
        assert names(admin, query) == ["Ottilie Brandt"], query
    assert cands.skill_choices(admin)


def test_index_missing_rows_are_made_at_start(app_env, admin):
    c = cands.create_candidate(admin, "Lost Index", "lost@example.com")
    with session_scope() as s:
        s.execute(text("delete from candidate_search"))
    assert names(admin, "lost") == []
    from core.db import dispose_engine

    dispose_engine()
    assert names(admin, "lost") == ["Lost Index"], c


# --- the seeded set ---------------------------------------------------------------------
# Made from lists below; the expected answers come from `expected()`, a plain matcher over the
# data as it was made, written from the search's rules (every word must start a word of the
# candidate's data, or - three characters or more - be inside the name, email or phone digits;
# a quoted phrase must appear whole in one value), not from core.search.

FIRST = ["María", "José", "Zoë", "Jürgen", "Łukasz", "Søren", "François", "Ana", "Peter", "Chloé", "Björn",
         "Inés", "Noël", "Dvořák", "Kateřina", "Ñusta"]
LAST = ["Fernández", "Müller", "Nováková", "Østergaard", "García", "Smith", "Lefèvre", "Wiśniewski", "Ødegaard",
        "Peña", "Åberg", "Kowalski"]
SKILLS = ["Python", "Java", "Kubernetes", "Terraform", "Machine Learning", "SQL", "Rust", "Excel", "Salesforce",
          "Public Speaking", "Figma", "Negotiation"]
EMPLOYERS = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Nubeva Analytics", "Solcast Ibérica",
             "Wayne Enterprises", "Müller Logistik"]
TITLES = ["Data Engineer", "Product Manager", "Sales Director", "Nurse Practitioner", "Software Engineer",
          "Designer", "Account Executive"]
SCHOOLS = ["Universidad Politécnica de Madrid", "University of Oxford", "Technische Universität München",
           "Jagiellonian University"]
DEGREES = ["BSc Computer Science", "MBA", "MSc Physics"]
LANGS = ["Spanish", "German", "French", "Japanese", "Polish"]
CITIES = ["Madrid", "München", "Kraków", "Zürich", "Lyon", "Austin", "Osaka"]
HOBBIES = ["paragliding", "origami", "beekeeping", "calligraphy", "orienteering"]
_FOLD = str.maketrans("áéíóúüöëçłøřšñåèśäïžěžô", "aeiouuoeclorsnaesaizezo")


def ofold(s: str) -> str:
    return s.lower().translate(_FOLD)


def owords(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", ofold(s))


def seeded(actor, rng: random.Random) -> list[dict]:
    people = []
    for i in range(120):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        phone = f"+34 6{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"
        c = cands.create_candidate(actor, f"{first} {last}", f"{ofold(first)[:3]}{i}@{rng.choice(['mail.es', 'post.de'])}",
                                   phone)
        jobs = rng.sample(range(len(EMPLOYERS)), rng.randrange(0, 3))
        work = [{"name": EMPLOYERS[j], "position": rng.choice(TITLES), "startDate": f"{2010 + k * 4}-01",
                 "endDate": "" if k == len(jobs) - 1 else f"{2013 + k * 4}-06"} for k, j in enumerate(jobs)]
        skills = rng.sample(SKILLS, rng.randrange(0, 5))
        school, degree = rng.choice(SCHOOLS), rng.choice(DEGREES)
        city, lang = rng.choice(CITIES), rng.choice(LANGS)
        hobby = rng.choice(HOBBIES) if i % 3 == 0 else ""
        doc = {"basics": {"location": {"city": city}}, "work": work,
               "education": [{"institution": school, "studyType": degree}],
               "skills": [{"name": "Skills", "keywords": skills}] if skills else [],
               "languages": [{"language": lang}]}
        body = f"{first} {last}. " + ". ".join(f"{w['position']} at {w['name']}" for w in work) + (
            f". In my free time: {hobby}." if hobby else "")
        parsed(c.id, doc, body)
        values = [c.full_name, c.email, c.phone, city, lang, school, degree, body] + skills + [
            w[k] for w in work for k in ("name", "position")]
        contact = [ofold(c.full_name), c.email, re.sub(r"\D", "", c.phone)]
        people.append({"id": c.id, "values": values, "contact": contact, "first": first, "last": last,
                       "skills": skills, "work": work, "city": city, "school": school, "lang": lang,
                       "hobby": hobby, "degree": degree, "phone": c.phone, "email": c.email})
    return people


def expected(people: list[dict], query: str) -> set[int]:
    def word_hit(p, w: str) -> bool:
        ws = owords(w)
        if len(ws) == 1:
            return any(x.startswith(ws[0]) for v in p["values"] for x in owords(v))
        return any(_seq(owords(v), ws, prefix=True) for v in p["values"])

    def hit(p, term: str, quoted: bool) -> bool:
        sub = " ".join(ofold(term).split())
        if len(sub) >= 3 and any(sub in line for line in p["contact"]):
            return True
        if quoted:
            return any(_seq(owords(v), owords(term), prefix=False) for v in p["values"])
        return word_hit(p, term)

    phrases = re.findall(r'"([^"]*)"', query)
    rest = re.sub(r'"[^"]*"', " ", query).split()
    digits = re.sub(r"\D", "", query)
    if re.fullmatch(r"[\d\s+()\-]+", query) and not query.isdigit():
        return {p["id"] for p in people if digits in p["contact"][2] or word_hit(p, digits)}
    return {p["id"] for p in people
            if all(hit(p, t, False) for t in rest) and all(hit(p, t, True) for t in phrases)}


def _seq(hay: list[str], needle: list[str], prefix: bool) -> bool:
    n = len(needle)
    for i in range(len(hay) - n + 1):
        if hay[i:i + n - 1] == needle[:-1] and (hay[i + n - 1].startswith(needle[-1]) if prefix
                                                 else hay[i + n - 1] == needle[-1]):
            return True
    return False


def queries(people: list[dict], rng: random.Random) -> list[str]:
    pick = rng.choice
    with_skills = [p for p in people if p["skills"]]
    with_work = [p for p in people if p["work"]]
    qs = []
    qs += [ofold(pick(SKILLS)).split()[0] for _ in range(8)] + [pick(SKILLS).upper() for _ in range(4)]
    qs += [pick(pick(with_skills)["skills"]).lower() for _ in range(3)]
    qs += [pick(pick(with_work)["work"])["name"].split()[0] for _ in range(10)]
    qs += [ofold(pick(people)["first"]) for _ in range(10)]
    qs += [ofold(f"{p['first']} {p['last']}") for p in rng.sample(people, 10)]
    qs += [pick(CITIES) if i % 2 else ofold(pick(CITIES)) for i in range(8)]
    qs += ['"' + pick(TITLES).lower() + '"', '"acme corp"', '"university of oxford"', '"umbrella health"',
           '"machine learning"', '"sales director"', '"public speaking"', '"computer science"']
    qs += [re.sub(r"\D", "", pick(people)["phone"])[-rng.randrange(4, 8):] for _ in range(4)]
    qs += [" ".join(pick(people)["phone"].split()[1:]) for _ in range(4)]
    qs += [pick(people)["email"].split("@")[0], "mail.es", "post.de", "@post", pick(people)["email"], "mail"]
    qs += ["oxford", "technische", "jagiellonian", "mba", "physics", "japanese"]
    qs += [f"{ofold(pick(SKILLS)).split()[0]} {ofold(pick(CITIES))}" for _ in range(6)]
    qs += [pick(HOBBIES) for _ in range(3)] + ["calli", "orient"]
    qs += ["kube", "terra", "sales", "eng"]
    qs += ["zebra", "python zebra", '"corp acme"', "xq"]
    return qs


def test_a_hundred_queries_against_a_seeded_set(admin_user):
    rng = random.Random(15)
    people = seeded(admin_user, rng)
    qs = queries(people, rng)
    assert len(qs) == 100
    wrong, found = [], 0
    for q in qs:
        got = {c.id for c in cands.list_candidates(admin_user, q, page_size=1000).items}
        want = expected(people, q)
        found += bool(want)
        if got != want:
            wrong.append((q, sorted(got - want)[:5], sorted(want - got)[:5]))
    assert not wrong, wrong
    assert found >= 90, "the queries find people (a test of nothing would find no one)"
