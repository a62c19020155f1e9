import os
import subprocess
import sys

PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def run_probe(database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "testserver",
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )


def test_healthz_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # Nothing listens on port 9 of the loopback: the connection is refused at once.
    result = run_probe("postgres://nobody@127.0.0.1:9/nowhere")
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert '"database": "error"' in body
