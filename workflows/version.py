"""The public version: one number that moves whenever what the public sees changes
(workflows.models.PublicVersion).

Every change of the record ends in `audit.writing()`, which calls `refresh()` in the change's own
transaction: it takes a fingerprint of the public state (the querysets the council registers,
`public_state`: when each kind of public record last changed, read in one query with the stored
fingerprint) and moves the number only if the fingerprint changed. Writes pay that query; reads
pay one read. A change
that is not public (an item being drafted) moves nothing: the ETags of public pages say nothing
about unpublished work. Reference data, always public, moves it directly (`bump()`).

Whatever is cached for the public (a page, its ETag) is tagged with the version it was made at and
is current while the version is the same. When the cache is shared between processes (Redis), the
version lives there too, so a cached page and the version come back in one round trip; each move
replaces it with a tag never used before (the number, its time and a random part), so that a late
update can never bring back a tag that older pages carry.

A cache that can tell its processes that the version moved (Redis: publish and subscribe) spares
every hit even that round trip: each process listens (`Watch`, a thread of its own), keeps the
tag it read and asks again only when told the version moved, when its subscription was lost or
after `HOLD_SECONDS` at the latest. A process that is not listening asks on every hit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, QuerySet, Subquery

from workflows import clock
from workflows.models import PublicVersion

CACHE_KEY = "public-version"
# A tag lost on its way to the cache (Redis down at that moment) is read again from the database
# after this long at the latest: stale pages are bounded by it, not kept until the next change.
CACHE_SECONDS = 60

logger = logging.getLogger(__name__)

# Where a process that moved the version tells the others (a cache that can publish: Redis).
CHANNEL = "public-version-moved"
# A listening process asks the cache again after this long even if nobody told it of a move: a
# move whose message was lost (the cache down at that moment) is seen this late at the latest.
HOLD_SECONDS = 5.0
# After its subscription is lost, a process tries again after this long (asking on every hit
# meanwhile).
RESUBSCRIBE_SECONDS = 1.0

# This process's copy of the shared tag and until when (time.monotonic()) it may be used without
# asking the cache: PUBLIC_VERSION_LOCAL_SECONDS (0, the default: every hit asks).
_local: list[Any] = [0.0, None]

# Inside `deferred()` (a bulk load: the demo), the checks wait for its end.
_deferred: ContextVar[bool] = ContextVar("public_version_deferred", default=False)

# Set by the council (council/apps.py): the public state, as one-value querysets (each the last
# change of a kind of public record).
public_state: Callable[[], list[QuerySet]] = list


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: dt.datetime | None
    nonce: str = ""

    @property
    def tag(self) -> str:
        moment = self.changed_at.isoformat() if self.changed_at else "-"
        return f"{self.number}:{moment}:{self.nonce}"


def read() -> Version:
    row = PublicVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    return Version(*row) if row else Version(0, None)


def current(cached: object = None) -> Version:
    """The version now. `cached`: what the caller fetched from the cache under CACHE_KEY in the
    same round trip as its page, when the cache is shared."""
    if not settings.PUBLIC_VERSION_CACHED:
        return read()
    if isinstance(cached, Version):
        return cached
    stored = read()
    version = Version(stored.number, stored.changed_at, secrets.token_hex(8))
    # Another process may have put a newer one meanwhile: keep that.
    if not cache.add(CACHE_KEY, version, timeout=CACHE_SECONDS):
        found = cache.get(CACHE_KEY)
        return found if isinstance(found, Version) else version
    return version


class Watch:
    """This process listening for moves of the public version, on a thread of its own, through
    a cache that can publish and subscribe (`cache.subscribe(channel)`: council.site.cache).

    While it is subscribed, the tag a hit read is kept and served without asking the cache,
    until a move is announced (by any process, this one included), the subscription is lost or
    renewed, or HOLD_SECONDS pass. A read that was under way while a move was announced is not
    kept (the generation it started at is past), so a kept tag is never older than the last
    announcement this process received."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.pid: int | None = None
        self.session: object | None = None
        self.listening = False
        self.generation = 0
        self.kept: Version | None = None
        self.until = 0.0

    def start(self) -> bool:
        """Listen, once per process (a forked worker starts its own); whether listening now."""
        if self.pid != os.getpid():
            with self.lock:
                if self.pid != os.getpid():
                    self.pid = os.getpid()
                    self.listening = False
                    self.forget()
                    subscribe = getattr(cache, "subscribe", None)
                    if subscribe is not None and settings.PUBLIC_VERSION_PUSHED:
                        session = self.session = object()
                        threading.Thread(
                            target=self.listen,
                            args=(subscribe, session),
                            name=CHANNEL,
                            daemon=True,
                        ).start()
        return self.listening

    def listen(self, subscribe: Callable[[str], Any], session: object) -> None:
        """The listening thread, until `stop()` or the next session."""
        while self.session is session:
            subscription = None
            try:
                subscription = subscribe(CHANNEL)
                while self.session is session:
                    message = subscription.get_message(timeout=1.0)
                    if message is None or self.session is not session:
                        continue
                    if message["type"] == "subscribe":
                        # Anything announced before now was missed: ask again.
                        self.forget()
                        self.listening = True
                    elif message["type"] == "message":
                        self.forget()
            except Exception as error:  # the cache went away: ask on every hit meanwhile
                if self.session is session:
                    if self.listening:
                        logger.warning("No longer told when the public version moves: %s", error)
                    self.listening = False
                    self.forget()
                    time.sleep(RESUBSCRIBE_SECONDS)
            finally:
                if subscription is not None:
                    with contextlib.suppress(Exception):  # a connection that is gone
                        subscription.close()

    def forget(self) -> None:
        with self.lock:
            self.generation += 1
            self.kept = None

    def get(self) -> Version | None:
        kept = self.kept
        if kept is not None and self.listening and time.monotonic() < self.until:
            return kept
        return None

    def keep(self, found: Version, generation: int) -> None:
        with self.lock:
            if generation == self.generation and self.listening:
                self.kept = found
                self.until = time.monotonic() + HOLD_SECONDS

    def stop(self) -> None:
        """Stop listening (the tests: the next hit starts again)."""
        with self.lock:
            self.pid = None
            self.session = None
            self.listening = False
            self.generation += 1
            self.kept = None


watch = Watch()


def shared() -> object:
    """The tag as the shared cache holds it (None when it holds none). A process told of every
    move (`Watch`) serves pages under the tag it read until told otherwise. Without that, with
    PUBLIC_VERSION_LOCAL_SECONDS set, a process keeps the tag it read for that long and serves
    pages under it without asking: another process's change then reaches this one's visitors up
    to that much later (a change made in this process, at once). A trade of freshness for
    throughput that an operator may choose; by default every hit asks."""
    if watch.start():
        kept = watch.get()
        if kept is not None:
            return kept
        generation = watch.generation
        found = cache.get(CACHE_KEY)
        if isinstance(found, Version):
            watch.keep(found, generation)
        return found
    seconds = settings.PUBLIC_VERSION_LOCAL_SECONDS
    if seconds > 0:
        until, kept = _local
        if kept is not None and time.monotonic() < until:
            return kept
    found = cache.get(CACHE_KEY)
    if seconds > 0 and isinstance(found, Version):
        _local[:] = [time.monotonic() + seconds, found]
    return found


_compiled: dict[str, tuple[str, tuple]] = {}


def state_query() -> tuple[str, tuple]:
    """The stored fingerprint and the public state's stamps in one SELECT, compiled once per
    database (the same statement after every write: no ORM work each time)."""
    alias = connection.alias
    if alias not in _compiled:
        stamps = {f"stamp_{n}": Subquery(query) for n, query in enumerate(public_state())}
        rows = PublicVersion.objects.filter(pk=1).annotate(**stamps)
        query = rows.values_list("fingerprint", *stamps).query
        _compiled[alias] = query.get_compiler(alias).as_sql()
    return _compiled[alias]


@contextmanager
def deferred() -> Iterator[None]:
    """A bulk load (the demo: thousands of changes in a row) checks the public state once, at
    its end, instead of after each change."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
        # Reference data may have changed too, which the fingerprint does not see: move.
        refresh(force=True)


def refresh(*, force: bool = False) -> None:
    """After a change of the record, in its transaction: move the number if the public state
    differs from the last time. One query, and an update only when what is public changed."""
    if _deferred.get():
        return
    sql, params = state_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        PublicVersion.objects.get_or_create(pk=1)
        found = ("", *([None] * len(public_state())))
    stored, *state = found
    now_print = hashlib.sha256(repr(state).encode()).hexdigest()
    if force or stored != now_print:
        bump(now_print)


def bump(now_print: str | None = None) -> None:
    """Move the number, in the caller's transaction; replace the cached tag once it commits."""
    if _deferred.get():
        return
    now = clock.now()
    changes: dict[str, Any] = {"number": F("number") + 1, "changed_at": now}
    if now_print is not None:
        changes["fingerprint"] = now_print
    if not PublicVersion.objects.filter(pk=1).update(**changes):
        PublicVersion.objects.create(pk=1, number=1, changed_at=now, fingerprint=now_print or "")
    if settings.PUBLIC_VERSION_CACHED:
        transaction.on_commit(fresh_tag)


def fresh_tag() -> None:
    stored = read()
    # This process sees its own change at once; the others when told.
    _local[:] = [0.0, None]
    watch.forget()
    cache.set(
        CACHE_KEY,
        Version(stored.number, stored.changed_at, secrets.token_hex(8)),
        timeout=CACHE_SECONDS,
    )
    publish = getattr(cache, "publish", None)
    if publish is not None:
        publish(CHANNEL)
