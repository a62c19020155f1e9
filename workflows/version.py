"""The record's version: one number that every change moves (workflows.models.RecordVersion).

`bump()` runs inside the change's transaction. Whatever is cached for the public (a page, its
ETag) is tagged with the version it was made at, and is current while the version is the same: a
reader learns that with one read. When the cache is shared between processes (Redis), the version
lives there too, so a cached page and the version come back in one round trip; each commit
replaces it with a tag never used before (the number, its time and a random part), so that a
late writer's update can never bring back a tag that older pages carry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from workflows import clock
from workflows.models import RecordVersion

CACHE_KEY = "record-version"
# A tag lost on its way to the cache (Redis down at that moment) is read again from the database
# after this long at the latest: stale pages are bounded by it, not kept until the next change.
CACHE_SECONDS = 60


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
    row = RecordVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    return Version(*row) if row else Version(0, None)


def current(cached: object = None) -> Version:
    """The version now. `cached`: what the caller fetched from the cache under CACHE_KEY in the
    same round trip as its page, when the cache is shared."""
    if not settings.RECORD_VERSION_CACHED:
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


def bump() -> None:
    """Move the number, in the caller's transaction; replace the cached tag once it commits."""
    now = clock.now()
    if not RecordVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        RecordVersion.objects.create(pk=1, number=1, changed_at=now)
    if settings.RECORD_VERSION_CACHED:
        transaction.on_commit(fresh_tag)


def fresh_tag() -> None:
    stored = read()
    cache.set(
        CACHE_KEY,
        Version(stored.number, stored.changed_at, secrets.token_hex(8)),
        timeout=CACHE_SECONDS,
    )
