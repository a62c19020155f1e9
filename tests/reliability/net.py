"""Helpers for the tests that talk to a real server over the loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


ROOT = Path(__file__).resolve().parents[2]


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
    )


@contextmanager
def gunicorn(env: dict[str, str], *options: str) -> Iterator[str]:
    """The production application server on a free loopback port, with `env` as its
    environment (static files collected first); yields its base URL once it answers."""
    manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "council.site.wsgi",
         "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
