"""`make load`: gunicorn with several workers serving the public pages and the API on loopback,
and a load generator (threads with keep-alive connections) for a fixed time at 1, 16 and 64
concurrent clients. Reports requests per second, p50 and p99 latency, and errors.

    make load                                   # the demo on a scratch SQLite database
    DATABASE_URL=postgres://... make load       # an existing database (seeded if empty)
    LOAD_SECONDS=20 LOAD_CLIENTS=1,16,64 make load

Only 127.0.0.1 is ever contacted; every loop is bounded in time.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("LOAD_SECONDS", "10"))
CLIENTS = [int(c) for c in os.environ.get("LOAD_CLIENTS", "1,16,64").split(",")]
PORT = int(os.environ.get("LOAD_PORT", "8799"))
WORKERS = int(os.environ.get("LOAD_WORKERS", str(max(2, (os.cpu_count() or 2) * 2))))


def environment() -> dict[str, str]:
    scratch = Path(tempfile.mkdtemp(prefix="paacl-load-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "0",  # plain HTTP on loopback, no TLS proxy
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-secret-key-0123456789-abcdefgh"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_THROTTLE_ANON": "",
        "PDF_ROOT": str(scratch / "pdf"),
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'load.sqlite3'}")
    return env


def prepare(env: dict[str, str]) -> list[str]:
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    year = time.localtime().tm_year
    return [
        "/",
        f"/calendar/{year}/3/",
        f"/program/{year}/",
        "/strategies/smart-city/",
        "/api/v1/items/?page_size=100",
        f"/api/v1/items/?year={year}&month=3",
        "/api/v1/sittings/",
        "/api/v1/decisions/",
        "/feed.atom",
        f"/calendar.ics?year={year}",
    ]


def run_level(clients: int, paths: list[str]) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def worker(offset: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        n = offset
        local, local_errors = [], 0
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                if response.status >= 500:
                    local_errors += 1
            except (OSError, http.client.HTTPException):
                local_errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            local.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(local)
            errors += local_errors

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "errors": errors,
    }


def main() -> None:
    env = environment()
    paths = prepare(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "council.site.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        print(
            f"gunicorn, {WORKERS} workers, database {env['DATABASE_URL'].split(':')[0]}; "
            f"{SECONDS:.0f} s per level over {len(paths)} pages and API calls"
        )
        results = [run_level(clients, paths) for clients in CLIENTS]
        print(
            f"{'clients':>8}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"
        )
        for r in results:
            print(
                f"{r['clients']:>8}{r['requests']:>10}{r['rps']:>10}{r['p50_ms']:>10}{r['p99_ms']:>10}{r['errors']:>8}"
            )
        print(json.dumps({"workers": WORKERS, "seconds": SECONDS, "levels": results}))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
