"""Faults: the database going away and coming back, Redis down, PDF rendering failing or taking
too long, the mail server down, and a database connection killed in the middle of a transition.
Each is a real fault (a cut connection, a stopped server, a closed port), not a mock."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.db.models.signals import pre_save
from django.test import override_settings

import council.site.cache
from program.models import ItemStatus, ProgramItem
from program.services import program_publish
from tests.reliability.net import fetch, free_port, gunicorn
from workflows import audit
from workflows.models import TransitionLog
from workflows.services import transition_fire

ROOT = Path(__file__).resolve().parents[2]
needs_pdf = pytest.mark.usefixtures("pango")


class CuttableProxy:
    """A TCP proxy in front of PostgreSQL whose cable can be pulled and plugged back in."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()
        self.stalled = threading.Event()

    def plug(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stall(self) -> None:
        """Keep every connection open but pass nothing on, as a network that drops packets."""
        self.stalled.set()

    def resume(self) -> None:
        self.stalled.clear()

    def cut(self) -> None:
        """Refuse new connections and break the open ones, as a database server going down."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                while self.stalled.is_set():
                    time.sleep(0.05)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def get(url: str) -> tuple[int, str, dict]:
    status, headers, body = fetch(url)
    return status, body.decode(), headers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_when_the_database_goes_away_pages_answer_503_and_recover_by_themselves(tmp_path):
    database = connection.settings_dict
    proxy = CuttableProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    proxy.plug()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "fault-test-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
        ),
        "DATABASE_CONNECT_TIMEOUT": "2",
        "STATIC_ROOT": str(tmp_path),
        "API_THROTTLE_ANON": "",
    }
    with gunicorn(env, "--workers", "1", "--threads", "2") as base:
        status, body, _ = get(base + "/healthz")
        assert status == 200, body
        assert get(base + "/")[0] == 200

        proxy.cut()
        status, body, headers = get(base + "/")
        assert status == 503
        assert "temporarily unavailable" in body or "temporar indisponibil" in body
        assert "<html" in body and "Traceback" not in body
        assert headers["Retry-After"] == "60"
        status, body, _ = get(base + "/api/v1/items/")
        assert status == 503 and '"detail"' in body
        status, body, _ = get(base + "/healthz")
        assert status == 503 and '"database": "error"' in body

        proxy.plug()
        assert get(base + "/healthz")[0] == 200
        assert get(base + "/")[0] == 200
        assert get(base + "/api/v1/items/")[0] == 200
    proxy.cut()


@pytest.mark.django_db
def test_with_redis_down_everything_works_without_the_cache(
    client, api, redis_server, make_item, bring_to, council_decision, monkeypatch
):
    monkeypatch.setattr(council.site.cache, "RETRY_AFTER_SECONDS", 0.2)
    item = bring_to(make_item(), ItemStatus.PUBLISHED)
    redis_cache = {"default": {"BACKEND": "council.site.cache.ResilientRedisCache",
                               "LOCATION": redis_server.url}}  # fmt: skip
    with override_settings(CACHES=redis_cache):
        assert client.get("/healthz").json()["cache"] == "ok"
        assert client.get(f"/items/{item.pk}/").status_code == 200

        redis_server.stop()
        started = time.monotonic()
        assert client.get(f"/items/{item.pk}/").status_code == 200
        assert client.get("/").status_code == 200
        assert api.get("/api/v1/items/").json()["count"] == 1
        assert client.get("/healthz").json() == {
            "status": "ok",
            "database": "ok",
            "cache": "unavailable",
        }
        assert time.monotonic() - started < 5, "a dead cache must not slow every request"

        redis_server.start()
        time.sleep(0.3)
        assert client.get("/healthz").json()["cache"] == "ok"
        caches["default"].clear()


def test_the_redis_cache_builds_its_client_once(redis_server):
    """Django's Redis cache builds a client for every call (0.2 ms, as much as a served page's
    round trip); ours keeps one per connection pool, across a restart of Redis too."""
    cache = council.site.cache.ResilientRedisCache(redis_server.url, {})
    cache.set("page", b"served")
    client = cache._cache.get_client(write=True)
    assert cache.get("page") == b"served"
    assert cache._cache.get_client(write=True) is client
    redis_server.stop()
    redis_server.start()
    time.sleep(0.3)
    cache.set("page", b"again")
    assert cache.get("page") == b"again"
    assert cache._cache.get_client(write=True) is client
    cache.clear()


@needs_pdf
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fault", "setting"),
    [
        ("rendering takes too long", {"PDF_RENDER_TIMEOUT": 0.001}),
        ("the PDF folder cannot be written", {"PDF_ROOT": Path("/dev/null/pdf")}),
    ],
)
def test_a_pdf_fault_is_a_503_for_the_pdf_only(client, approved_program, users, fault, setting):
    program = approved_program
    program_publish(year=program.year, user=users["secretariat"])
    with override_settings(**setting):
        response = client.get(f"/program/{program.year}.pdf")
        assert response.status_code == 503, fault
        assert "PDF" in response.content.decode()
        assert response["Retry-After"]
        assert client.get(f"/program/{program.year}/").status_code == 200
        assert client.get("/api/v1/programs/").status_code == 200


@pytest.mark.django_db
@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,  # nothing listens there: the connection is refused
    EMAIL_TIMEOUT=2,
)
def test_with_the_mail_server_down_transitions_still_succeed(
    make_item, users, django_capture_on_commit_callbacks
):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        transition_fire(model=ProgramItem, pk=item.pk, name="submit", user=users["investitii"])
    item.refresh_from_db()
    assert item.status == ItemStatus.DEPARTMENTAL_INPUT
    assert TransitionLog.objects.for_object(item).filter(transition="submit").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_mid_transition_leaves_no_half_written_state(make_item, users):
    item = make_item()
    rows_before = TransitionLog.objects.count()

    def kill_own_connection(sender, instance, **kwargs):
        # The item has been saved in its new state; the log row is about to be written.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    pre_save.connect(kill_own_connection, sender=TransitionLog)
    try:
        with pytest.raises(OperationalError):
            transition_fire(model=ProgramItem, pk=item.pk, name="submit", user=users["investitii"])
    finally:
        pre_save.disconnect(kill_own_connection, sender=TransitionLog)
    connection.close()  # what Django does at the end of the request

    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT
    assert TransitionLog.objects.count() == rows_before
    assert audit.verify().intact
    # And the next attempt, on a new connection, goes through.
    transition_fire(model=ProgramItem, pk=item.pk, name="submit", user=users["investitii"])
    item.refresh_from_db()
    assert item.status == ItemStatus.DEPARTMENTAL_INPUT
    assert audit.verify().intact


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_healthz_answers_at_once_when_the_database_stalls(tmp_path):
    """The finding: a stalled database connection hung every request, /healthz included, for
    minutes. The probe now answers within HEALTHZ_TIMEOUT, and recovers when the network does."""
    database = connection.settings_dict
    proxy = CuttableProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    proxy.plug()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "fault-test-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "HEALTHZ_TIMEOUT": "2",
        "STATIC_ROOT": str(tmp_path),
    }
    with gunicorn(env, "--workers", "1", "--threads", "2") as base:
        assert get(base + "/healthz")[0] == 200
        proxy.stall()
        started = time.monotonic()
        status, body, _ = get(base + "/healthz")
        assert status == 503 and '"database"' in body
        assert time.monotonic() - started < 6
        proxy.resume()
        for _ in range(20):  # the stuck probe gives up on its connection, then all is well
            if get(base + "/healthz")[0] == 200:
                break
            time.sleep(0.5)
        assert get(base + "/healthz")[0] == 200
    proxy.cut()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_statement_that_runs_too_long_is_a_503_that_says_so(client, settings, monkeypatch):
    """PostgreSQL's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) cancels it; the visitor is
    told the service was too slow, in JSON on the API."""
    from council.web import views as public_views

    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 100")
            cursor.execute("SELECT pg_sleep(1)")

    monkeypatch.setattr(public_views, "month_context", slow)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert "prea greu" in response.content.decode() or "too long" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_holds_nothing_up(
    settings, make_item, users, django_capture_on_commit_callbacks
):
    """The finding: the SMTP connection had no timeout. The change is committed; the mail is given
    up after EMAIL_TIMEOUT seconds and the failure logged."""
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never says a word
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    item = make_item()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        transition_fire(model=ProgramItem, pk=item.pk, name="submit", user=users["investitii"])
    assert time.monotonic() - started < 5
    item.refresh_from_db()
    assert item.status == ItemStatus.DEPARTMENTAL_INPUT
    silent.close()
