"""`make bench-served`: what a public page costs served from the cache (a hit) and rendered (a
miss), on the demo, with the queries of each.

Loads the demo without its documents into a scratch database, then, in this one process (the
whole middleware stack through Django's test client, no network), for each page: 3 warm-ups,
then BENCH_REPEAT (40) requests served from the cache, and BENCH_REPEAT // 4 with the cache
cleared before each (rendered). Medians in ms. With REDIS_URL set the cache is Redis and the
public version is read from it (a hit is one round trip, no query).

    make bench-served                              # a scratch SQLite database
    DATABASE_URL=postgres://... make bench-served  # PostgreSQL (the database is emptied)

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

prepare("served")
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from council.models import Councillor, DraftDecision, Sitting  # noqa: E402
from program.models import ProgramItem  # noqa: E402
from workflows import clock  # noqa: E402


def timed(client: Client, path: str, *, clear: bool, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        if clear:
            cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return round(statistics.median(times), 2)


def queries(client: Client, path: str, *, clear: bool) -> int:
    if clear:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", "--without-documents", stdout=io.StringIO())
    year = clock.today().year
    item = ProgramItem.objects.published().order_by("pk").first()
    sitting = Sitting.objects.public().order_by("-starts_at").first()
    paths = {
        "home": "/",
        "calendar_month": f"/calendar/{year}/6/",
        "program_page": f"/program/{year}/",
        "item_page": f"/items/{item.pk}/",
        "sitting_page": f"/sittings/{sitting.pk}/",
        "sittings": "/sittings/",
        "drafts": "/drafts/",
        "draft_page": f"/drafts/{DraftDecision.objects.order_by('pk').last().pk}/",
        "decisions": "/decisions/",
        "councillors": "/councillors/",
        "councillor_page": f"/councillors/{Councillor.objects.order_by('pk').first().pk}/",
        "consultations": "/consultations/",
        "feed_atom": "/feed.atom",
        "ics_year": f"/calendar.ics?year={year}",
        "oparl_papers": "/oparl/v1/body/1/paper/",
        "oparl_meetings": "/oparl/v1/body/1/meeting/",
    }
    client = Client()
    rows = {}
    for name, path in paths.items():
        for _ in range(3):
            client.get(path)
        rows[name] = {
            "path": path,
            "hit_ms": timed(client, path, clear=False, repeat=REPEAT),
            "hit_queries": queries(client, path, clear=False),
            "miss_ms": timed(client, path, clear=True, repeat=max(3, REPEAT // 4)),
            "miss_queries": queries(client, path, clear=True),
        }
    cached = "redis" if settings.PUBLIC_VERSION_CACHED else "local memory"
    print(f"database: {connection.vendor}; cache: {cached}; medians in ms")
    print(f"{'page':18} {'hit ms':>8} {'q':>3} {'miss ms':>9} {'q':>4}  path")
    for name, row in rows.items():
        print(
            f"{name:18} {row['hit_ms']:>8.2f} {row['hit_queries']:>3} {row['miss_ms']:>9.1f} "
            f"{row['miss_queries']:>4}  {row['path']}"
        )
    print(json.dumps({"database": connection.vendor, "cache": cached, "pages": rows}))


if __name__ == "__main__":
    main()
