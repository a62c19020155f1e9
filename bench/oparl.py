"""`make bench-oparl`: a client syncing the whole demo over OParl 1.1, then only what changed.

Loads the demo (with its documents unless BENCH_DEMO_DOCUMENTS=0) into a scratch database, then,
in this one process, as an importer does: every page of every list of the body (100 objects a
page), following `next`; then an incremental run (`modified_since` the moment before one change).
Per list: pages, objects, bytes, the median and slowest page in ms and the queries per page (they
do not grow with the data: a list drawing on two sources, papers from drafts and decisions, costs
both sources' queries on the page where one ends and the other begins). BENCH_REPEAT full walks
(3); the figures are the median walk's.

    make bench-oparl                              # a scratch SQLite database
    DATABASE_URL=postgres://... make bench-oparl  # PostgreSQL (the database is emptied)

Prints a table and, as its last line, one JSON object.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import prepare

prepare("oparl")
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
DOCUMENTS = os.environ.get("BENCH_DEMO_DOCUMENTS", "1") != "0"

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from workflows import clock  # noqa: E402

LISTS = (
    "organization", "person", "membership", "meeting", "agendaItem", "paper", "consultation",
    "file", "legislativeTerm", "location",
)  # fmt: skip
SITE = settings.SITE_URL.rstrip("/")


def walk(client: Client, query: str = "") -> dict[str, dict]:
    """Every page of every list; per list: pages, objects, bytes, page times and queries."""
    result = {}
    for name in LISTS:
        url = f"/oparl/v1/body/1/{name}/" + (f"?{query}" if query else "")
        times, queries, objects, size = [], set(), 0, 0
        while url:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            page = response.json()
            queries.add(len(captured))
            objects += len(page["data"])
            size += len(response.content)
            url = page["links"].get("next", "").removeprefix(SITE)
        result[name] = {
            "pages": len(times),
            "objects": objects,
            "bytes": size,
            "total_ms": round(sum(times), 1),
            "median_page_ms": round(statistics.median(times), 1),
            "slowest_page_ms": round(max(times), 1),
            "queries_per_page": sorted(queries),
        }
    return result


def change() -> None:
    """One public change: a document added to the latest public sitting."""
    from django.contrib.auth import get_user_model

    from council.documents import document_add
    from council.models import Sitting

    sitting = Sitting.objects.public().order_by("-starts_at").first()
    file = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    file.name = "anexa.pdf"
    secretariat = get_user_model().objects.get(username="secretariat")
    document_add(user=secretariat, record="sitting", record_id=sitting.pk,
                 kind="other", file=file)  # fmt: skip


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", *([] if DOCUMENTS else ["--without-documents"]),
                 stdout=io.StringIO())  # fmt: skip
    seeded = time.perf_counter() - started
    client = Client()
    walks = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        figures = walk(client)
        walks.append((time.perf_counter() - start, figures))
    walks.sort(key=lambda pair: pair[0])
    seconds, full = walks[len(walks) // 2]
    # The client's last run started now; then the record changes once.
    since = clock.now()
    change()
    start = time.perf_counter()
    incremental = walk(client, "modified_since=" + since.isoformat().replace("+", "%2B"))
    incremental_seconds = time.perf_counter() - start

    print(f"database: {connection.vendor}; demo loaded in {seeded:.0f} s; "
          f"median of {REPEAT} full walks")  # fmt: skip
    print(f"{'list':16} {'pages':>5} {'objects':>7} {'kB':>7} {'total ms':>9} "
          f"{'page ms':>8} {'max ms':>7} {'queries/page':>12}")  # fmt: skip
    for name, row in full.items():
        print(
            f"{name:16} {row['pages']:>5} {row['objects']:>7} {row['bytes'] / 1024:>7.0f} "
            f"{row['total_ms']:>9.0f} {row['median_page_ms']:>8.1f} {row['slowest_page_ms']:>7.1f} "
            f"{','.join(map(str, row['queries_per_page'])):>12}"
        )
    total_objects = sum(row["objects"] for row in full.values())
    total_pages = sum(row["pages"] for row in full.values())
    print(f"full walk: {total_pages} pages, {total_objects} objects in {seconds:.2f} s "
          f"({seconds / total_objects * 1000:.2f} ms an object)")  # fmt: skip
    changed = sum(row["objects"] for row in incremental.values())
    print(f"incremental walk after one change: {changed} objects in {incremental_seconds:.2f} s")
    print(json.dumps({
        "database": connection.vendor,
        "full_walk_s": round(seconds, 3),
        "pages": total_pages,
        "objects": total_objects,
        "ms_per_object": round(seconds / total_objects * 1000, 3),
        "incremental_walk_s": round(incremental_seconds, 3),
        "incremental_objects": changed,
        "queries_per_page_max": max(max(row["queries_per_page"]) for row in full.values()),
        "lists": full,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
