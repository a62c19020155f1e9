"""The tamper-evident audit log: every TransitionLog row carries a SHA-256 hash of its content
and of the previous row's hash, in the order of the rows' ids. A row is a change of state (a
transition) or an edit of the record; either way it holds the fields it changed, before and
after (`changes`), so the chain covers every change of the council's record.

Every writer of the record enters `writing()` first, inside its transaction: it takes the chain's
lock (writers queue in one order and cannot deadlock) and opens the database's door for this
transaction; on PostgreSQL, triggers on the registers' tables refuse any write made with the door
shut (workflows/door.py), so nothing changes the record except the services, which log.

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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection
from django.utils.translation import gettext as _

from workflows import version
from workflows.errors import Conflict

GENESIS = "0" * 64
# Any fixed 64-bit number: the advisory lock that serialises appends to the chain.
CHAIN_LOCK_KEY = 0x5041_4143_4C00_0001  # "PAACL", 1


def chain_lock() -> None:
    """Take the chain's lock until the end of the current transaction (PostgreSQL) and open the
    door (see `writing`). A transaction that will write log rows takes it first, before any row
    lock, so writers queue in one order and cannot deadlock. SQLite has a single writer already
    (IMMEDIATE transactions). A writer that waits too long (a stuck transaction holds the lock)
    gets a Conflict (409)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Appends take milliseconds; a writer that waits this long meets a stuck transaction
            # and is told so (a conflict), rather than hanging.
            try:
                # In this order: the wait is bounded, then the lock, then the door.
                cursor.execute(
                    "SELECT set_config('lock_timeout', '15s', true), pg_advisory_xact_lock(%s), "
                    "set_config(%s, 'open', true)",
                    [CHAIN_LOCK_KEY, DOOR_SETTING],
                )
            except OperationalError as error:
                raise Conflict(
                    _("The register is busy right now. Please try again in a moment.")
                ) from error


# The transaction-local setting the registers' triggers read (workflows/door.py).
DOOR_SETTING = "paacl.door"
_writers: ContextVar[int] = ContextVar("audit_writers", default=0)


@contextmanager
def writing() -> Iterator[None]:
    """A change of the council's record, inside the caller's transaction: the chain's lock is
    taken and the door is open until the outermost `writing()` ends. Nested services share it."""
    depth = _writers.get()
    if depth == 0:
        chain_lock()
    token = _writers.set(depth + 1)
    try:
        yield
        if depth == 0:
            # The record changed: if what the public sees changed with it, cached pages are old.
            version.refresh()
    finally:
        _writers.reset(token)
    if depth == 0 and connection.vendor == "postgresql" and not connection.needs_rollback:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [DOOR_SETTING])


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
    "changes",
)


def row_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """The hash of one row: canonical JSON of the previous hash and the row's CONTENT. The
    content type is named by app label and model, not by its id, so a restore keeps it. Rows
    without changes hash as they did before changes were recorded."""
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
    if content.get("changes"):
        payload.append(content["changes"])
    canonical = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
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
    if _writers.get() == 0:  # inside writing(), this transaction holds the lock already
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
