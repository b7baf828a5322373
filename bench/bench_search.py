"""9. Search at scale: search latency over 10,000 and 100,000 candidates with parsed resumes, on
SQLite (FTS5) and PostgreSQL (tsvector + GIN, pg_trgm), and the candidates page's run time at
100,000.

Candidates are bulk-inserted with varied parsed resumes (names with accents, 2-6 skills, 0-3
jobs, a school, a city, a summary and highlights: the words search indexes) and their search
rows (core.search.bulk_index, as the migration makes them). Each query is what the table
asks: `list_candidates` page 1 of 50, with its count. Queries: a skill, an employer, a first
name typed without accents, a full name, a title phrase, a city, phone digits, an email
fragment (substring), a prefix, two words from different fields, a word found nowhere.
PostgreSQL runs in a private schema of the local server's `test` database.
"""
from __future__ import annotations

import os
import random
import time
import uuid
from datetime import timedelta

from bench.common import Row, cli, isolated_env, median, p95, use_case

BENCH = "9. Search at scale"
SIZES = (10_000, 100_000)
PAGE_GOAL_S = 0.1
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

FIRST = ["María", "José", "Zoë", "Jürgen", "Łukasz", "Søren", "François", "Ana", "Peter", "Chloé", "Björn", "Inés",
         "Noël", "Kateřina", "Grace", "Alan", "Ada", "Priya", "Aiko", "Kwame"]
LAST = ["Fernández", "Müller", "Nováková", "Østergaard", "García", "Smith", "Lefèvre", "Wiśniewski", "Peña",
        "Åberg", "Kowalski", "Tanaka", "Okafor", "Haddad", "Silva", "Nguyen", "Rossi", "Hopper", "Turing", "Patel"]
SKILLS = ["Python", "Java", "Kubernetes", "Terraform", "Machine Learning", "SQL", "Rust", "Excel", "Salesforce",
          "Public Speaking", "Figma", "Negotiation", "React", "Go", "Docker", "AWS", "Spark", "Tableau", "SAP",
          "Accounting", "Photoshop", "C++", "Scrum", "Linux"]
EMPLOYERS = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Nubeva Analytics", "Solcast Ibérica",
             "Wayne Enterprises", "Müller Logistik", "Stark Industries", "Hooli", "Vandelay Imports", "Cyberdyne"]
TITLES = ["Data Engineer", "Product Manager", "Sales Director", "Nurse Practitioner", "Software Engineer",
          "Designer", "Account Executive", "Financial Analyst", "Site Reliability Engineer"]
SCHOOLS = ["Universidad Politécnica de Madrid", "University of Oxford", "Technische Universität München",
           "Jagiellonian University", "MIT", "Università di Bologna"]
CITIES = ["Madrid", "München", "Kraków", "Zürich", "Lyon", "Austin", "Osaka", "Lagos", "São Paulo"]
WORDS = ("delivered improved led built migrated reduced costs latency team customers platform pipeline "
         "revenue quarterly reporting onboarding automation dashboards stakeholders roadmap").split()
QUERIES = ["kubernetes", "initech", "jurgen", "maria fernandez", '"data engineer"', "krakow", "7946 01",
           "@example", "terra", "python zurich", "zzyzx"]


def _doc(rng: random.Random, i: int) -> tuple[str, dict]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    jobs = rng.sample(EMPLOYERS, rng.randrange(0, 4))
    work = [{"name": e, "position": rng.choice(TITLES), "startDate": f"{2008 + 3 * k}-0{1 + k}",
             "endDate": "" if k == len(jobs) - 1 else f"{2010 + 3 * k}-12",
             "highlights": [" ".join(rng.choices(WORDS, k=12)) for _ in range(2)]} for k, e in enumerate(jobs)]
    return name, {
        "basics": {"name": name, "location": {"city": rng.choice(CITIES)},
                   "summary": " ".join(rng.choices(WORDS, k=20))},
        "work": work, "education": [{"institution": rng.choice(SCHOOLS), "studyType": "MSc"}],
        "skills": [{"name": "Skills", "keywords": rng.sample(SKILLS, rng.randrange(2, 7))}],
        "languages": [{"language": rng.choice(["Spanish", "German", "English", "Polish"])}],
    }


def seed(n: int) -> float:
    """n parsed candidates and their search rows, in one transaction; the seconds it took."""
    from sqlalchemy import select

    from core import search
    from core.db import get_engine
    from core.models import Candidate, utcnow

    rng = random.Random(9)
    now = utcnow()
    t = time.perf_counter()
    rows = []
    for i in range(n):
        name, doc = _doc(rng, i)
        rows.append({"full_name": name, "email": f"c{i}@example.com", "phone": f"+44 20 7946 {i % 10000:04d}",
                     "parse_status": "completed", "parse_attempts": 1, "parsed_resume": doc,
                     "parser_backend": "rules", "parsed_at": now, "created_at": now - timedelta(seconds=n - i),
                     "updated_at": now - timedelta(seconds=n - i)})
    with get_engine().begin() as conn:
        for k in range(0, n, 5000):
            conn.execute(Candidate.__table__.insert(), rows[k:k + 5000])
        c = Candidate.__table__.c
        search.bulk_index(conn, conn.execute(select(c.id, c.full_name, c.email, c.phone, c.parsed_resume)).all())
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - t


def latencies(runs: int) -> tuple[list[float], dict[str, float]]:
    from core import candidates as cands

    listing = use_case(cands.list_candidates)
    for q in QUERIES:  # warm: plans, caches, connections
        listing(q)
    all_times, per_query = [], {}
    for q in QUERIES:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            listing(q)
            times.append(time.perf_counter() - t)
        all_times += times
        per_query[q] = median(times)
    return all_times, per_query


def page_run_times(runs: int) -> list[float]:
    """The candidates page's script, as the page tests run it, plain and with a search."""
    from bench.bench_table import _apptest

    at = _apptest()
    at.run(timeout=120)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        at.run(timeout=120)
        out.append(time.perf_counter() - t)
    return out


def _pg_schema():
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    server = create_engine(PG_SERVER)
    with server.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    return server, schema


def run(quick: bool = False) -> list[Row]:
    from sqlalchemy import text

    rows: list[Row] = []
    runs = 3 if quick else 15
    sizes = (1_000,) if quick else SIZES
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    for engine in ("sqlite", "postgresql"):
        for n in sizes:
            server = schema = None
            settings = {"PARSER_WORKERS": 0}
            if engine == "postgresql":
                server, schema = _pg_schema()
                settings["DATABASE_URL"] = f"{PG_SERVER}?options=-csearch_path%3D{schema}"
            try:
                with isolated_env(**settings):
                    seconds = seed(n)
                    print(f"{engine} {n}: seeded in {seconds:.1f} s", flush=True)
                    times, per_query = latencies(runs)
                    label = f"{engine}, {n:,} candidates"
                    rows.append(Row(BENCH, f"{label}: search p50 / p95 ms ({len(QUERIES)} queries × {runs})",
                                    f"{median(times) * 1000:.1f} / {p95(times) * 1000:.1f}",
                                    note="slowest query (median ms): " + ", ".join(
                                        f"{q} {t * 1000:.0f}" for q, t in sorted(per_query.items(),
                                                                                  key=lambda kv: -kv[1])[:3])))
                    print(rows[-1], flush=True)
                    if engine == "sqlite" and n == sizes[-1]:
                        page = page_run_times(3 if quick else 7)
                        rows.append(Row(BENCH, f"{label}: candidates page run, median s",
                                        f"{median(page):.3f}", f"≤ {PAGE_GOAL_S} s", median(page) <= PAGE_GOAL_S))
                        print(rows[-1], flush=True)
            finally:
                if server is not None:
                    with server.begin() as conn:
                        conn.execute(text(f'drop schema "{schema}" cascade'))
                    server.dispose()
    for r in rows:
        r.note = (r.note + "; " if r.note else "") + f"load {load} at start"
    return rows


def main() -> None:
    cli(run, __doc__)


if __name__ == "__main__":
    main()
