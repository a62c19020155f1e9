"""`make bench-councillors`: a councillor's page over four years of votes, and a long sitting.

Four years of a council: 27 councillors, 14 sittings a year with 27 agenda entries each, every
entry voted by roll call (about 1,500 votes per councillor, 40,000 roll-call rows) with the
attendance of each sitting. The data is written in bulk (a benchmark's synthetic record, not a
council's: no services, no log). Then, in this one process, cold (the page cache cleared before
each request): a councillor's page for one year and for the latest, their CSV of every vote, a
sitting's page with 27 entries x 27 councillors, and the sitting in the API; median time and
queries, at one year of data and at four (the query count must not grow).

    make bench-councillors                              # a scratch SQLite database
    DATABASE_URL=postgres://... make bench-councillors  # PostgreSQL (the database is emptied)

Prints a table and, as its last line, one JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
SCRATCH = Path(tempfile.mkdtemp(prefix="paacl-bench-councillors-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-of-sufficient-length-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_ROOT", str(SCRATCH / "static"))
os.environ.setdefault("PDF_ROOT", str(SCRATCH / "pdf"))
os.environ.setdefault("API_THROTTLE_ANON", "")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.site.settings")
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))

import django  # noqa: E402

django.setup()

import world  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from council.models import (  # noqa: E402
    AgendaEntry,
    Councillor,
    DraftDecision,
    RollCallVote,
    Sitting,
)
from program.models import Department  # noqa: E402
from workflows import audit  # noqa: E402

COUNCILLORS, SITTINGS_A_YEAR, ENTRIES = 27, 14, 27
FIRST_YEAR = 2023


def add_year(year: int, councillors: list[Councillor], department: Department, rng) -> None:
    with transaction.atomic(), audit.writing():
        drafts = DraftDecision.objects.bulk_create(
            DraftDecision(
                year=year,
                registration_number=n + 1,
                registered_on=dt.date(year, 1, 2),
                title=f"Proiect de hotărâre nr. {n + 1} din {year}",
                initiator="Primarul",
                department=department,
                legal_character="individual",
                majority="simple",
                statement="Referat.",
                status="adopted",
                kind="draft_decision",
            )
            for n in range(SITTINGS_A_YEAR * ENTRIES)
        )
        sittings = Sitting.objects.bulk_create(
            Sitting(
                kind="ordinary",
                place="Sala de consiliu",
                status="minutes_published",
                starts_at=timezone.make_aware(
                    dt.datetime(year, 1 + s * 11 // SITTINGS_A_YEAR, 15 + s % 2, 10)
                ),
                convened_on=dt.date(year, 1 + s * 11 // SITTINGS_A_YEAR, 8),
            )
            for s in range(SITTINGS_A_YEAR)
        )
        entries = []
        for s, sitting in enumerate(sittings):
            for position in range(ENTRIES):
                entries.append(
                    AgendaEntry(
                        sitting=sitting,
                        position=position + 1,
                        draft=drafts[s * ENTRIES + position],
                        majority="simple",
                        present=25,
                        votes_for=23,
                        votes_against=1,
                        abstentions=1,
                        outcome="adopted",
                        voted_at=sitting.starts_at + dt.timedelta(minutes=position),
                    )
                )
        AgendaEntry.objects.bulk_create(entries)
        world.add_roll_calls(sittings, entries, councillors, rng)


def timed(client: Client, path: str) -> tuple[float, int, int]:
    """Median milliseconds cold, the queries of one request, the response's size."""
    times = []
    for _ in range(REPEAT + 1):
        cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return statistics.median(times[1:]), len(queries), len(response.content)


def measure(years: int, councillor: Councillor, client: Client) -> dict:
    last = FIRST_YEAR + years - 1
    sitting = Sitting.objects.filter(starts_at__year=last).order_by("-starts_at").first()
    pages = {
        "councillor, latest year": f"/councillors/{councillor.pk}/",
        "councillor, first year": f"/councillors/{councillor.pk}/?year={FIRST_YEAR}",
        "councillor CSV, all votes": f"/councillors/{councillor.pk}/votes.csv",
        "sitting, 27 entries x 27": f"/sittings/{sitting.pk}/",
        "sitting API, 27 x 27": f"/api/v1/sittings/{sitting.pk}/",
    }
    votes = RollCallVote.objects.filter(councillor=councillor).count()
    results = {"years": years, "votes_of_the_councillor": votes}
    for name, path in pages.items():
        ms, queries, size = timed(client, path)
        results[name] = {"ms": round(ms, 1), "queries": queries, "bytes": size}
    return results


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(7)
    with transaction.atomic(), audit.writing():
        department = Department.objects.create(slug="bench", name="Direcția de test")
        councillors = Councillor.objects.bulk_create(
            Councillor(
                name=f"Consilier {n:02}",
                party="PNL",
                party_group="Grupul PNL",
                mandate_start=dt.date(2020, 10, 25),
            )
            for n in range(COUNCILLORS)
        )
    client = Client()
    rows = []
    for year in range(FIRST_YEAR, FIRST_YEAR + 4):
        add_year(year, councillors, department, rng)
        if year in (FIRST_YEAR, FIRST_YEAR + 3):
            rows.append(measure(year - FIRST_YEAR + 1, councillors[0], client))
    names = [name for name in rows[0] if isinstance(rows[0][name], dict)]
    print(f"database: {connection.vendor}; repeat {REPEAT}; cold (page cache cleared)")
    print(f"{'page':32} {'1 year ms':>10} {'q':>4} {'4 years ms':>11} {'q':>4} {'bytes':>9}")
    for name in names:
        one, four = rows[0][name], rows[1][name]
        print(
            f"{name:32} {one['ms']:>10} {one['queries']:>4} {four['ms']:>11} "
            f"{four['queries']:>4} {four['bytes']:>9}"
        )
    print(
        f"votes of the councillor: {rows[0]['votes_of_the_councillor']} after one year, "
        f"{rows[1]['votes_of_the_councillor']} after four"
    )
    constant = all(rows[0][n]["queries"] == rows[1][n]["queries"] for n in names)
    print(json.dumps({"rows": rows, "queries_constant": constant}))
    if not constant:
        sys.exit("the query count grew with the data")


if __name__ == "__main__":
    main()
