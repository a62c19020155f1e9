"""The tamper-evident audit log: every TransitionLog row carries a SHA-256 hash of its content
and of the previous row's hash, in the order of the rows' ids.

Appends are serialised by a transaction-scoped lock on PostgreSQL (an advisory lock) and by
SQLite's single writer, so the chain never forks; `prev_hash` is unique as well, so a fork could
not be stored anyway. `verify_audit_log` recomputes the chain and reports the first broken link;
the API publishes the head (GET /api/v1/audit-log/head/), so that anyone can record it and later
prove that the history they saw has not been rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection
from django.utils.translation import gettext as _

from workflows.errors import Conflict

GENESIS = "0" * 64
# Any fixed 64-bit number: the advisory lock that serialises appends to the chain.
CHAIN_LOCK_KEY = 0x5041_4143_4C00_0001  # "PAACL", 1


def chain_lock() -> None:
    """Take the chain's lock until the end of the current transaction (PostgreSQL). A transaction
    that will write log rows takes it first, before any row lock, so writers queue in one order
    and cannot deadlock. SQLite has a single writer already (IMMEDIATE transactions).
    A writer that waits too long (a stuck transaction holds the lock) gets a Conflict (409)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Appends take milliseconds; a writer that waits this long meets a stuck transaction
            # and is told so (a conflict), rather than hanging.
            cursor.execute("SET LOCAL lock_timeout = '15s'")
            try:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
            except OperationalError as error:
                raise Conflict(
                    _("The register is busy right now. Please try again in a moment.")
                ) from error


def _moment(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


# The fields of a row that its hash covers, besides the previous row's hash.
CONTENT = (
    "content_type_id",
    "object_id",
    "transition",
    "source",
    "target",
    "actor_id",
    "at",
    "comment",
)


def row_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """The hash of one row: canonical JSON of the previous hash and the row's CONTENT. The
    content type is named by app label and model, not by its id, so a restore keeps it."""
    payload = [
        prev_hash,
        _type_label(content["content_type_id"]),
        int(content["object_id"]),
        content["transition"],
        content["source"],
        content["target"],
        content["actor_id"],
        _moment(content["at"]),
        content["comment"],
    ]
    canonical = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def head() -> str:
    from workflows.models import TransitionLog

    latest = TransitionLog.objects.order_by("-id").values_list("hash", flat=True).first()
    return latest or GENESIS


def _type_label(content_type_id: int) -> str:
    ct = ContentType.objects.get_for_id(content_type_id)
    return f"{ct.app_label}.{ct.model}"


def seal(rows: Iterable) -> None:
    """Give unsaved TransitionLog rows their place in the chain, in the given order. The caller
    saves them in that order, in the same transaction, after chain_lock()."""
    chain_lock()
    previous = head()
    for row in rows:
        row.prev_hash = previous
        row.hash = previous = row_hash(previous, {name: getattr(row, name) for name in CONTENT})


@dataclass(frozen=True)
class Break:
    row_id: int
    reason: str


@dataclass(frozen=True)
class Verification:
    rows: int
    head: str
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(chunk_size: int = 5000) -> Verification:
    """Recompute the chain from the first row; stop at the first link that does not hold."""
    from workflows.models import TransitionLog

    rows: Iterator[dict] = (
        TransitionLog.objects.order_by("id")
        .values("id", "prev_hash", "hash", *CONTENT)
        .iterator(chunk_size=chunk_size)
    )
    previous, count = GENESIS, 0
    for row in rows:
        count += 1
        if row["prev_hash"] != previous:
            return Verification(
                count,
                previous,
                Break(
                    row["id"],
                    "it does not follow the row before it (a row was removed, inserted or "
                    "reordered before it)",
                ),
            )
        expected = row_hash(previous, row)
        if row["hash"] != expected:
            return Verification(
                count, previous, Break(row["id"], "its content no longer matches its hash")
            )
        previous = row["hash"]
    return Verification(count, previous, None)
