"""`make bench`: every public page at three sizes, served (a cache hit) and rendered (a miss),
next to the floor, with the queries of each.

    make bench                                    # a scratch SQLite database
    DATABASE_URL=postgres://... make bench        # PostgreSQL (the database is emptied first)
    BENCH_SIZES=1000,10000 make bench             # other sizes (default 1000,10000,100000)

For each size it generates the program with `generate_load_data` (1,000 items a year, so a
year's program and a month's calendar stay council-sized while the whole grows) and the council's
record beside it (bench/world.py: 14 sittings, 378 drafts and decisions with their documents and
20 consultations a year; roll calls for the last two years). Then, in this one process (Django's
test client, the whole middleware stack, no network), so that ratios are fair:

- each public page (bench/pages.py): the median of BENCH_HITS (40) requests served from the page
  cache, and of a few with the cache cleared before each (rendered), and the queries of each;
- the floor: a view that does nothing behind the same middleware (bench/floor_urls.py), and each
  page's time over it;
- the API's items list next to its raw-SQL floor, the program PDF, transitions per second.

It prints a table and, as its last line, one JSON object; it exits non-zero if a page's queries
grow with the data.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="paacl-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")  # the test client speaks plain HTTP
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-of-sufficient-length-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PDF_ROOT", str(SCRATCH / "pdf"))
os.environ.setdefault("STATIC_ROOT", str(SCRATCH / "static"))
os.environ.setdefault("API_THROTTLE_ANON", "")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.site.settings")

import django  # noqa: E402

django.setup()
sys.path.insert(0, str(ROOT / "bench"))
from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "floor_urls"  # the service's URLs and the floor view

import orjson  # noqa: E402
import world  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pages import FLOOR, public_pages  # noqa: E402

from council.models import Decision, Document, Sitting  # noqa: E402
from program.models import AnnualProgram, ProgramItem  # noqa: E402
from workflows import clock, version  # noqa: E402

# Pages link the hashed static files of the production storage (WhiteNoise's manifest).
call_command("collectstatic", "--noinput", verbosity=0)

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
HITS = int(os.environ.get("BENCH_HITS", "40"))
# Pages whose render takes most of a second: fewer rendered samples.
HEAVY = {"program_page", "ics_year", "oparl_files", "oparl_papers"}
PER_YEAR = world.PER_YEAR

FLOOR_SQL = {
    "postgresql": """
SELECT i.id, i.reference, i.title, i.description, i.kind, i.initiator, d.slug, d.name, p.year,
       i.planned_month, i.status, i.updated_at,
       (SELECT json_agg(json_build_object('code', o.code, 'title', o.title, 'strategy',
                 json_build_object('slug', s.slug, 'title', s.title)) ORDER BY o.code)
          FROM program_programitem_objectives io
          JOIN program_objective o ON o.id = io.objective_id
          JOIN program_strategy s ON s.id = o.strategy_id
         WHERE io.programitem_id = i.id),
       (SELECT json_agg(json_build_object('slug', cd.slug, 'name', cd.name) ORDER BY cd.name)
          FROM program_programitem_consulted_departments ic
          JOIN program_department cd ON cd.id = ic.department_id
         WHERE ic.programitem_id = i.id),
       (SELECT dd.status FROM council_draftdecision dd WHERE dd.item_id = i.id
         ORDER BY dd.registered_on DESC, dd.id DESC LIMIT 1),
       (SELECT ae.sitting_id FROM council_agendaentry ae
          JOIN council_draftdecision dd ON dd.id = ae.draft_id
          JOIN council_sitting st ON st.id = ae.sitting_id
         WHERE dd.item_id = i.id AND st.status <> 'planned' ORDER BY st.starts_at DESC LIMIT 1),
       (SELECT dc.id FROM council_decision dc WHERE dc.item_id = i.id
         ORDER BY dc.adopted_on DESC LIMIT 1)
  FROM program_programitem i
  JOIN program_department d ON d.id = i.department_id
  JOIN program_annualprogram p ON p.id = i.program_id
 WHERE i.status = 'published'
 ORDER BY p.year, i.sequence, i.id
 LIMIT 500""",
    "sqlite": """
SELECT i.id, i.reference, i.title, i.description, i.kind, i.initiator, d.slug, d.name, p.year,
       i.planned_month, i.status, i.updated_at,
       (SELECT json_group_array(json_object('code', code, 'title', title, 'strategy',
                 json_object('slug', slug, 'title', stitle)))
          FROM (SELECT o.code AS code, o.title AS title, s.slug AS slug, s.title AS stitle
                  FROM program_programitem_objectives io
                  JOIN program_objective o ON o.id = io.objective_id
                  JOIN program_strategy s ON s.id = o.strategy_id
                 WHERE io.programitem_id = i.id ORDER BY o.code)),
       (SELECT json_group_array(json_object('slug', slug, 'name', name))
          FROM (SELECT cd.slug AS slug, cd.name AS name
                  FROM program_programitem_consulted_departments ic
                  JOIN program_department cd ON cd.id = ic.department_id
                 WHERE ic.programitem_id = i.id ORDER BY cd.name)),
       (SELECT dd.status FROM council_draftdecision dd WHERE dd.item_id = i.id
         ORDER BY dd.registered_on DESC, dd.id DESC LIMIT 1),
       (SELECT ae.sitting_id FROM council_agendaentry ae
          JOIN council_draftdecision dd ON dd.id = ae.draft_id
          JOIN council_sitting st ON st.id = ae.sitting_id
         WHERE dd.item_id = i.id AND st.status <> 'planned' ORDER BY st.starts_at DESC LIMIT 1),
       (SELECT dc.id FROM council_decision dc WHERE dc.item_id = i.id
         ORDER BY dc.adopted_on DESC LIMIT 1)
  FROM program_programitem i
  JOIN program_department d ON d.id = i.department_id
  JOIN program_annualprogram p ON p.id = i.program_id
 WHERE i.status = 'published'
 ORDER BY p.year, i.sequence, i.id
 LIMIT 500""",
}


def floor_items_500() -> bytes:
    """The same rows and fields in one raw SQL query, serialized with orjson: the floor."""
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL[connection.vendor])
        rows = cursor.fetchall()
    loads = (
        (lambda v: orjson.loads(v) if v else [])
        if connection.vendor == "sqlite"
        else (lambda v: v or [])
    )
    return orjson.dumps([
        {"id": r[0], "reference": r[1], "title": r[2], "description": r[3], "kind": r[4],
         "initiator": r[5], "department": {"slug": r[6], "name": r[7]},
         "consulted_departments": loads(r[13]), "program_year": r[8],
         "planned_month": f"{r[8]:04d}-{r[9]:02d}", "status": r[10],
         "progress": r[14] or "not_started",
         "objectives": loads(r[12]), "sitting": r[15], "decision": r[16], "updated_at": r[11]}
        for r in rows
    ])  # fmt: skip


def timed(action, repeat=REPEAT) -> float:
    action()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def get(client: Client, path: str):
    def action():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    return action


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def transitions_per_second(n: int = int(os.environ.get("BENCH_TRANSITIONS", "200"))) -> float:
    from program.accounts import staff_user_save
    from program.services import item_create
    from workflows.services import transition_fire

    user = staff_user_save(
        username="bench-secretariat", role="secretariat", password="bench-pass-123"
    )
    year = clock.today().year
    department = ProgramItem.objects.filter(program__year=year).first().department
    ids = [
        item_create(user=user, title=f"Bench {k}", year=year, planned_month=12,
                    department=department).pk
        for k in range(n)
    ]  # fmt: skip
    started = time.perf_counter()
    for pk in ids:
        transition_fire(model=ProgramItem, pk=pk, name="withdraw", user=user, comment="Benchmark.")
    return n / (time.perf_counter() - started)


def timed_after(prepare, action, repeat: int) -> float:
    """The median of `action` (ms), each run after `prepare` (not timed)."""
    action()
    samples = []
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def page_figures(client: Client, path: str, name: str) -> dict:
    """For one page, medians (ms) and queries: served from the page cache (hit); rendered after
    a public change elsewhere, which is what the next visitor after any publication meets (miss:
    what the page keeps by row, such as calendar events, is still there); and rendered with the
    cache empty, as after a restart (cold)."""
    action = get(client, path)
    for _ in range(3):
        action()
    rounds = max(1, min(REPEAT, 3 if name in HEAVY else 5))
    hit = timed(action, repeat=max(HITS, 1))
    hit_queries = queries(action)
    miss = timed_after(version.bump, action, rounds)
    version.bump()
    miss_queries = queries(action)
    cold = timed_after(cache.clear, action, rounds)
    cache.clear()
    cold_queries = queries(action)
    return {"path": path, "hit_ms": round(hit, 3), "hit_queries": hit_queries,
            "miss_ms": round(miss, 2), "miss_queries": miss_queries,
            "cold_ms": round(cold, 2), "cold_queries": cold_queries}  # fmt: skip


def measure(size: int) -> dict:
    year = clock.today().year
    client = Client()
    program = AnnualProgram.objects.get(year=year)
    floor = get(client, FLOOR)
    for _ in range(3):
        floor()
    floor_ms = timed(floor, repeat=max(HITS, 1))
    row: dict = {"size": size, "floor_ms": round(floor_ms, 3), "floor_queries": queries(floor)}
    pages = {}
    for name, path in public_pages(year).items():
        figures = page_figures(client, path, name)
        figures["hit_floor_ratio"] = round(figures["hit_ms"] / floor_ms, 2)
        figures["miss_floor_ratio"] = round(figures["miss_ms"] / floor_ms, 1)
        pages[name] = figures
    row["pages"] = pages
    api = {
        "api_items_500": "/api/v1/items/?page_size=500",
        "api_items_500_csv": f"/api/v1/items/?year={year}&format=csv",
        "api_item_detail": f"/api/v1/items/{program.items.filter(status='published').first().pk}/",
        "api_items_filtered": f"/api/v1/items/?year={year}&month=6&page_size=500",
    }
    for name, path in api.items():
        action = get(client, path)
        row[f"{name}_ms"] = round(
            timed(action, repeat=3 if name == "api_items_500_csv" else REPEAT), 2
        )
        row[f"{name}_queries"] = queries(action)
    row["floor_items_500_ms"] = round(timed(floor_items_500), 2)
    row["api_floor_ratio"] = round(row["api_items_500_ms"] / row["floor_items_500_ms"], 2)
    return row


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
    call_command("migrate", verbosity=0)
    rows = []
    for size in sizes:
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        world.generate(size)
        print(
            f"size {size}: {ProgramItem.objects.count()} items, {Sitting.objects.count()} "
            f"sittings, {Decision.objects.count()} decisions, {Document.objects.count()} "
            f"documents, generated in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        rows.append(measure(size))
    from council.web.pdf import ensure_program_pdf

    year = clock.today().year
    program = AnnualProgram.objects.get(year=year)
    pdf_cold = (
        timed(lambda: ensure_program_pdf(program, force=True, render_here=True), repeat=3) / 1000
    )
    client = Client()
    pdf_stored = timed(get(client, f"/program/{year}.pdf"), repeat=20)
    rate = transitions_per_second()

    print()
    print("Pages (ms; hit = served from the page cache; miss = rendered after a public change "
          "elsewhere; cold = rendered with the cache empty; q = queries; x floor = hit time over "
          "the floor view's)")  # fmt: skip
    header = "".join(
        f"{'hit':>7}{'q':>3}{'miss':>8}{'q':>4}{'cold':>8}{'x floor':>8}" for _ in rows
    )
    print(f"{'page':20}{header}")
    print(f"{'size':20}" + "".join(f"{r['size']:>38}" for r in rows))
    print(f"{'floor':20}" + "".join(f"{r['floor_ms']:>7.3f}{r['floor_queries']:>3}"
                                     f"{'':>28}" for r in rows))  # fmt: skip
    for name in rows[0]["pages"]:
        cells = []
        for r in rows:
            p = r["pages"].get(name)
            cells.append(
                f"{p['hit_ms']:>7.2f}{p['hit_queries']:>3}{p['miss_ms']:>8.1f}"
                f"{p['miss_queries']:>4}{p['cold_ms']:>8.1f}{p['hit_floor_ratio']:>8.2f}"
                if p
                else f"{'-':>38}"
            )
        print(f"{name:20}" + "".join(cells))
    names = [k for k in rows[0] if k not in ("size", "pages", "floor_ms", "floor_queries")]
    print()
    print(f"{'measure':34}" + "".join(f"{r['size']:>12}" for r in rows))
    for name in names:
        print(f"{name:34}" + "".join(f"{r[name]:>12}" for r in rows))
    print(f"{'pdf_cold_s (program of ' + str(PER_YEAR) + ')':34}{pdf_cold:>12.2f}")
    print(f"{'pdf_stored_ms':34}{pdf_stored:>12.2f}")
    print(f"{'transitions_per_s':34}{rate:>12.1f}")
    grew = sorted(
        name
        for name in rows[0]["pages"]
        for r in rows[1:]
        if name in r["pages"]
        and [r["pages"][name][k] for k in ("hit_queries", "miss_queries", "cold_queries")]
        != [rows[0]["pages"][name][k] for k in ("hit_queries", "miss_queries", "cold_queries")]
    )
    largest = rows[-1]
    print(
        json.dumps(
            {
                "db": connection.vendor,
                "sizes": [r["size"] for r in rows],
                "api_floor_ratio": largest["api_floor_ratio"],
                "api_items_500_ms": largest["api_items_500_ms"],
                "floor_items_500_ms": largest["floor_items_500_ms"],
                "floor_ms": largest["floor_ms"],
                "calendar_month_ms": largest["pages"]["calendar_month"]["miss_ms"],
                "ics_year_ms": largest["pages"]["ics_year"]["miss_ms"],
                "pdf_500_cold_s": round(pdf_cold, 2),
                "pdf_stored_ms": round(pdf_stored, 2),
                "transitions_per_s": round(rate, 1),
                "queries_constant": not grew,
                "by_size": rows,
            }
        )
    )
    if grew:
        sys.exit(f"queries grew with the data: {', '.join(grew)}")


if __name__ == "__main__":
    main()
