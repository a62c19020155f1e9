"""The one way to change the state of anything with a workflow.

Admin actions, staff pages, the API and management commands all call `transition_fire`, which
locks the row, checks the state, the user's permission, the comment and the conditions, runs the
django-fsm transition, saves, writes the audit log row, all in one transaction, and sends
notifications only after the transaction has committed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import DatabaseError, connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, Transition

from workflows import audit, clock
from workflows.conditions import unmet, who_may
from workflows.errors import Conflict, Invalid, NotAllowed, UnknownTransition
from workflows.models import TransitionLog

logger = logging.getLogger(__name__)

# Importing history (the demo, a council's paper registers moved in) changes the record as the
# staff would, but nobody is e-mailed and nothing is rendered after each change: such follow-ups
# are for live changes (`render_pdfs` renders the publications once, afterwards).
_live: ContextVar[bool] = ContextVar("live_changes", default=True)


@contextmanager
def importing_history() -> Iterator[None]:
    token = _live.set(False)
    try:
        yield
    finally:
        _live.reset(token)


def live_changes() -> bool:
    """False while history is imported: followers of a change skip their effects."""
    return _live.get()


M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Notification:
    recipients: list[str]
    subject: str
    body: str


def lock_for_update(model: type[M], pk: Any) -> M:
    """Fetch a row locked for this transaction; a row somebody else is changing is a conflict.

    On PostgreSQL the lock is taken without waiting, so the second of two people acting at once is
    told at once. SQLite has no row locks: its IMMEDIATE transactions queue writers instead, and
    the state check that follows catches the change the first writer made.
    """
    queryset = model._default_manager.all()
    if connection.features.has_select_for_update_nowait:
        queryset = queryset.select_for_update(nowait=True)
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        raise
    except DatabaseError as error:
        raise Conflict(
            _("Somebody else is changing this record right now. Reload it and try again.")
        ) from error


def transitions_of(obj: models.Model) -> dict[str, Transition]:
    """Every transition the model declares, by name, for the object's current state or not."""
    found: dict[str, Transition] = {}
    for transition in obj.get_all_status_transitions():  # type: ignore[attr-defined]
        found.setdefault(transition.name, transition)
    return found


def transition_for_state(obj: models.Model, name: str) -> Transition | None:
    """The transition `name` from the object's current state, or None if it does not apply."""
    method = getattr(type(obj), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        return None
    return meta.get_transition(obj.status)  # type: ignore[attr-defined]


def transition_problems(obj: models.Model, transition: Transition) -> list[str]:
    return [
        str(problem) for condition in transition.conditions for problem in unmet(condition, obj)
    ]


def available_transitions(obj: models.Model, user: Any) -> list[Transition]:
    """The transitions this user may fire now: the state allows them and their conditions hold."""
    return list(obj.get_available_user_status_transitions(user))  # type: ignore[attr-defined]


def permitted_transitions(obj: models.Model, user: Any) -> list[tuple[Transition, list[str]]]:
    """The transitions this user may fire from the current state, each with what stands in its way.

    Staff pages show these, so a clerk sees a transition that is blocked and why, not just no
    button.
    """
    result = []
    for name in transitions_of(obj):
        transition = transition_for_state(obj, name)
        if transition is not None and transition.has_perm(obj, user):
            result.append((transition, transition_problems(obj, transition)))
    return result


def log_write(
    *,
    obj: models.Model,
    transition: str,
    source: str,
    target: str,
    actor: Any,
    comment: str = "",
    at: datetime | None = None,
    changes: dict[str, list] | None = None,
) -> TransitionLog:
    """Write one audit log row, chained to the one before (workflows/audit.py). The only place
    that writes them, besides the bulk loader of synthetic data."""
    row = TransitionLog(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        transition=transition,
        source=source,
        target=target,
        actor=actor if actor is not None and actor.is_authenticated else None,
        comment=comment,
        at=at or clock.now(),
        changes=changes or {},
    )
    audit.seal([row])
    row.save()
    return row


# Fields a record's history does not repeat: bookkeeping the database keeps on every save, and
# the state, which each row already names (source, target).
UNRECORDED = {
    "created_at", "updated_at", "status", "last_item_number", "hash", "prev_hash", "password",
    "last_login", "search_text",
}  # fmt: skip


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name
    return value


def snapshot(obj: models.Model, *, links: bool = True) -> dict[str, Any]:
    """The record's own fields, and (with `links`) its many-to-many links as sorted lists of ids,
    as JSON values: what a history row compares before and after a change."""
    values: dict[str, Any] = {}
    # A model names the personal data its log must not keep (a citizen's name and address).
    private = getattr(type(obj), "unrecorded_fields", ())
    for field in obj._meta.concrete_fields:
        if field.name not in UNRECORDED and field.name not in private:
            values[field.name] = _json_value(getattr(obj, field.attname))
    if links and obj.pk is not None:
        for field in obj._meta.many_to_many:
            values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return values


def changes_between(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list]:
    """{"field": [before, after]} for every field that changed (all of them for a new record)."""
    before = before or {}
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if name not in before or before[name] != value
    }


def record_change(
    *,
    obj: models.Model,
    action: str,
    actor: Any,
    before: dict[str, Any] | None,
    comment: str = "",
    at: datetime | None = None,
) -> TransitionLog | None:
    """Log what a service changed in a record (a new record: `before` is None), in the same
    transaction and the same chain as the transitions. Nothing changed, nothing logged."""
    changes = changes_between(
        before,
        snapshot(
            obj,
            links=before is None or any(field.name in before for field in obj._meta.many_to_many),
        ),
    )
    if before is not None and not changes:
        return None
    state = getattr(obj, "status", "") or ""
    return log_write(
        obj=obj,
        transition=action,
        source="" if before is None else state,
        target=state,
        actor=actor,
        comment=comment,
        at=at,
        changes=changes,
    )


def reference_save(
    *, obj: models.Model, actor: Any, before: dict[str, Any] | None, action: str
) -> TransitionLog | None:
    """Log a change of reference data made in the admin (saved already, in the same
    transaction): departments, strategies and objectives, councillors and committees, users."""
    with transaction.atomic(), audit.writing():
        return record_change(obj=obj, action=action, actor=actor, before=before)


def reference_delete(*, obj: models.Model, actor: Any, delete: Any) -> None:
    """Delete reference data (`delete()` does it) and log what it held, in one transaction."""
    with transaction.atomic(), audit.writing():
        before = snapshot(obj)
        log_write(
            obj=obj,
            transition="admin_delete",
            source="",
            target="",
            actor=actor,
            changes={name: [value, None] for name, value in before.items()},
        )
        delete()


def transition_fire(
    *,
    model: type[M],
    pk: Any,
    name: str,
    user: Any,
    comment: str = "",
    expected_state: str | None = None,
    at: datetime | None = None,
    **kwargs: Any,
) -> M:
    """Fire transition `name` on the object as `user`; return the object in its new state.

    `at` is the moment of the change: now, except when historical records are imported (the
    demo data, or a council moving its paper registers in); the API never sets it.

    Raises model.DoesNotExist, UnknownTransition (404), Conflict (409: the state does not allow
    it, or it changed meanwhile), NotAllowed (403) or Invalid (400: a comment or a condition).
    """
    comment = (comment or "").strip()
    at = at or clock.now()
    # The audit chain's lock first, then the row's: every writer takes them in this order.
    with transaction.atomic(), audit.writing():
        obj = lock_for_update(model, pk)
        # Conditions that depend on the date read it from here.
        obj.acting_at = at  # type: ignore[attr-defined]
        state = obj.status  # type: ignore[attr-defined]
        declared = transitions_of(obj)
        if name not in declared:
            raise UnknownTransition(_("There is no transition named “%(name)s”.") % {"name": name})
        if expected_state is not None and expected_state != state:
            raise Conflict(
                _("The record changed meanwhile: it is now “%(state)s”. Reload it and try again.")
                % {"state": obj.get_status_display()},  # type: ignore[attr-defined]
                current_state=state,
            )
        transition = transition_for_state(obj, name)
        if transition is None:
            raise Conflict(
                _("“%(transition)s” does not apply to a record in the state “%(state)s”.")
                % {
                    "transition": declared[name].custom.get("label", name),
                    "state": obj.get_status_display(),
                },  # type: ignore[attr-defined]
                current_state=state,
            )
        if not transition.has_perm(obj, user):
            label = transition.custom.get("label", name)
            who = who_may(transition.permission, obj)
            raise NotAllowed(
                _("Only %(who)s may “%(transition)s” here.") % {"who": who, "transition": label}
                if who
                else _("You are not allowed to “%(transition)s” this record.")
                % {"transition": label}
            )
        if transition.custom.get("comment_required") and not comment:
            raise Invalid(_("A comment is required: say why."), problems=[])
        problems = transition_problems(obj, transition)
        if problems:
            raise Invalid(
                _("“%(transition)s” cannot be done yet.")
                % {"transition": transition.custom.get("label", name)},
                problems=problems,
            )
        before = snapshot(obj, links=False)
        getattr(obj, name)(user=user, at=at, **kwargs)
        try:
            obj.save()
        except ConcurrentTransition as error:
            raise Conflict(
                _("The record changed meanwhile. Reload it and try again."), current_state=state
            ) from error
        after = getattr(obj, f"after_{name}", None)
        if after is not None:
            after(user=user, at=at, **kwargs)
        log = log_write(
            obj=obj,
            transition=name,
            source=state,
            target=obj.status,  # type: ignore[attr-defined]
            actor=user,
            comment=comment,
            at=at,
            changes=changes_between(before, snapshot(obj, links=False)),
        )
        if live_changes():
            transaction.on_commit(lambda: notify(obj, log))
    return obj


# Who is told what after a change of state, per model: each domain app registers its builder
# (program/apps.py), so that the engine knows no domain.
NotificationBuilder = Callable[[Any, TransitionLog], Iterable[Notification]]
_notification_builders: dict[type[models.Model], NotificationBuilder] = {}


def notifications_for(model: type[models.Model], builder: NotificationBuilder) -> None:
    """After each transition of `model`, send what `builder(obj, log_row)` returns."""
    _notification_builders[model] = builder


def notify(obj: models.Model, log: TransitionLog) -> None:
    """Send what the model's builder says must be sent after a change. Failures are logged, not
    raised: the change has been committed and stays."""
    builder = _notification_builders.get(type(obj))
    if builder is None:
        return
    try:
        notifications: Iterable[Notification] = builder(obj, log)
    except Exception:
        logger.exception("Could not prepare notifications for log row %s", log.pk)
        return
    for notification in notifications:
        if not notification.recipients:
            continue
        try:
            send_mail(
                notification.subject,
                notification.body,
                None,
                notification.recipients,
                fail_silently=False,
            )
        except Exception:
            logger.exception(
                "Could not send the notification “%s” for log row %s",
                notification.subject,
                log.pk,
            )
