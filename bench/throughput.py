"""`make bench-http`: the public pages over HTTP, as a visitor and a load meet them.

gunicorn (2 workers, the production configuration otherwise, DEBUG off) serves about 1,000
program items and 126 sittings with their record (bench/world.py), the page cache in Redis, so
this process can empty it between requests. Then:

- each public page (bench/pages.py): 3 warm-ups, BENCH_ROUNDS (40) requests served from the cache
  (a hit), then BENCH_ROUNDS // 4 each after a public change elsewhere (a miss: rendered, with
  what is kept by row, such as calendar events, still kept) and as many with the cache emptied
  before each (cold), each on a new connection; medians in ms;
- throughput: `wrk` (Debian's package) with 64 connections for BENCH_WRK_SECONDS (5) on each
  served page, right after the same on the floor (a view that does nothing, behind the same
  middleware stack: bench/floor_urls.py), so that each ratio compares two runs a few seconds
  apart on this shared machine; requests per second and their ratio to the floor's. By default
  each worker is told when the public version moves and asks Redis for nothing on a hit; then
  again with PUBLIC_VERSION_PUSHED=0 (every hit asks Redis for the public version), to show what
  that buys.

    make bench-http                              # a scratch SQLite database
    DATABASE_URL=postgres://... make bench-http  # PostgreSQL (the database is emptied)
    REDIS_URL=redis://127.0.0.1:6379/7           # the default; the database number is emptied

Prints a table and, as its last line, one JSON object.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")

from scratch import prepare  # noqa: E402

prepare("http")

import world  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from pages import FLOOR, public_pages  # noqa: E402

from workflows import clock, version  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8791"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
# The pages whose throughput is measured (every page's latency is).
LOADED = ("home", "calendar_month", "item_page", "sitting_page", "feed_atom", "ics_year",
          "search", "decisions", "councillor_page", "oparl_papers")  # fmt: skip


SIZES: dict[str, int] = {}


def fetch(path: str) -> float:
    """One GET on a new connection; milliseconds until the whole body is read."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", path, headers={"Accept-Language": "ro"})
    response = conn.getresponse()
    SIZES[path] = len(response.read())
    conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return elapsed


def median_of(path: str, rounds: int, before=None) -> float:
    samples = []
    for _ in range(rounds):
        if before is not None:
            before()
        samples.append(fetch(path))
    return statistics.median(samples)


def moved() -> None:
    """A public change elsewhere; the workers are told of it within milliseconds (the page's
    timing starts after this)."""
    version.bump()
    time.sleep(0.05)


def emptied() -> None:
    """The cache emptied (as after a restart of Redis), the workers told to forget what they
    kept (a restart also drops their subscription)."""
    cache.clear()
    cache.publish(version.CHANNEL)
    time.sleep(0.05)


def wrk(path: str) -> float:
    """Requests per second with 64 connections (2 threads) for WRK_SECONDS."""
    out = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{WRK_SECONDS}s", "-H", "Accept-Language: ro",
         f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if re.search(r"Non-2xx or 3xx responses: \d+", out):
        raise SystemExit(f"wrk on {path}: errors\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def port_taken() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def serve(**settings: str) -> subprocess.Popen:
    # Something else answering on the port would be measured instead, without a word.
    if port_taken():
        raise SystemExit(f"Port {PORT} is in use: stop what listens there or set BENCH_PORT.")
    env = {**os.environ, "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "1", **settings}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "floor_wsgi:application", "--chdir", str(HERE),
         "--config", str(HERE.parent / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null",
         "--max-requests", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(FLOOR)
            return server
        except (OSError, SystemExit):
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def throughput(rows: dict, suffix: str) -> None:
    """wrk on each loaded page, each right after wrk on the floor: rps and their ratio; by
    default also next to the floor sending as many bytes as the page (what its size costs)."""
    for name in LOADED:
        if name not in rows:
            continue
        path = rows[name]["path"]
        fetch(path)
        floor = wrk(FLOOR)
        rps = wrk(path)
        rows[name][f"floor_rps{suffix}"] = round(floor)
        rows[name][f"rps{suffix}"] = round(rps)
        rows[name][f"rps_floor_ratio{suffix}"] = round(rps / floor, 2)
        if not suffix:
            sized = wrk(f"{FLOOR}{rows[name]['bytes']}/")
            rows[name]["sized_floor_rps"] = round(sized)
            rows[name]["rps_sized_floor_ratio"] = round(rps / sized, 2)


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    world.generate(1000, record_years=9)
    year = clock.today().year
    pages = public_pages(year)
    connections.close_all()
    cache.clear()
    rows = {}
    server = serve()
    try:
        for name, path in {"floor": FLOOR, **pages}.items():
            for _ in range(3):
                fetch(path)
            rows[name] = {
                "path": path,
                "hit_ms": round(median_of(path, ROUNDS), 2),
                "miss_ms": round(median_of(path, max(3, ROUNDS // 4), moved), 1),
                "cold_ms": round(median_of(path, max(3, ROUNDS // 4), emptied), 1),
                "bytes": SIZES[path],
            }
        throughput(rows, "")
    finally:
        stop(server)
    server = serve(PUBLIC_VERSION_PUSHED="0")
    try:
        throughput(rows, "_asking")
    finally:
        stop(server)
    print(f"database: {connection.vendor}; gunicorn 2 workers; cache: Redis; medians in ms, "
          f"a new connection per request; wrk -c64 -d{WRK_SECONDS}s")  # fmt: skip
    print("sized: the floor sending as many bytes as the page; the last three columns: with "
          "PUBLIC_VERSION_PUSHED=0 (every hit asks Redis)")  # fmt: skip
    print(f"{'page':18} {'bytes':>8} {'hit ms':>7} {'miss ms':>8} {'cold ms':>8} {'floor/s':>8}"
          f" {'req/s':>6} {'ratio':>5} {'sized/s':>7} {'ratio':>5} {'floor/s':>8} {'req/s':>6}"
          f" {'ratio':>5}  path")  # fmt: skip
    for name, row in rows.items():
        cells = "".join(
            f" {row.get(k, ''):>{w}}"
            for k, w in (("floor_rps", 8), ("rps", 6), ("rps_floor_ratio", 5),
                         ("sized_floor_rps", 7), ("rps_sized_floor_ratio", 5),
                         ("floor_rps_asking", 8), ("rps_asking", 6),
                         ("rps_floor_ratio_asking", 5))
        )  # fmt: skip
        print(f"{name:18} {row['bytes']:>8} {row['hit_ms']:>7.2f} {row['miss_ms']:>8.1f}"
              f" {row['cold_ms']:>8.1f}{cells}  {row['path']}")  # fmt: skip
    ratios = [row["rps_floor_ratio"] for row in rows.values() if "rps_floor_ratio" in row]
    asking = [row["rps_floor_ratio_asking"] for row in rows.values()
              if "rps_floor_ratio_asking" in row]  # fmt: skip
    print(json.dumps({"database": connection.vendor, "pages": rows,
                      "min_rps_floor_ratio": min(ratios) if ratios else None,
                      "min_rps_floor_ratio_asking": min(asking) if asking else None}))  # fmt: skip


if __name__ == "__main__":
    main()
