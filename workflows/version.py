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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
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


def shared() -> object:
    """The tag as the shared cache holds it (None when it holds none). With
    PUBLIC_VERSION_LOCAL_SECONDS set, a process keeps the tag it read for that long and serves
    pages under it without asking: another process's change then reaches this one's visitors up
    to that much later (a change made in this process, at once). A trade of freshness for
    throughput that an operator may choose; by default every hit asks."""
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
    _local[:] = [0.0, None]  # this process sees its own change at once
    cache.set(
        CACHE_KEY,
        Version(stored.number, stored.changed_at, secrets.token_hex(8)),
        timeout=CACHE_SECONDS,
    )
