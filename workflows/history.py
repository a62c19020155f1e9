"""A record's full history for staff: every row of the audit log about it (and about the records
that belong to it: an item's inputs, a draft's opinions, a sitting's agenda entries), with each
changed field named and shown before and after, in the reader's language.

Internal: the public sees only the transitions a page chooses to show, never these rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from workflows.models import TransitionLog

EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    row: TransitionLog
    # The record the row is about, when it is not the page's own record ("" when it is).
    subject: str
    changes: list[Change]


def history_of(record: models.Model, *parts: models.Model) -> list[Entry]:
    """The rows about `record` and about its `parts`, oldest first, in two queries plus one per
    kind of record their changes name."""
    subjects = {(ContentType.objects.get_for_model(obj), obj.pk): obj for obj in (record, *parts)}
    wanted = reduce(
        or_, (models.Q(content_type=ct, object_id=pk) for ct, pk in subjects), models.Q()
    )
    rows = list(
        TransitionLog.objects.filter(wanted)
        .select_related("actor", "content_type")
        .order_by("at", "id")
    )
    names = _related_names(rows)
    entries = []
    for row in rows:
        subject = subjects[(row.content_type, row.object_id)]
        model = type(subject)
        changes = [
            Change(
                _label(model, name),
                _shown(model, name, old, names),
                _shown(model, name, new, names),
            )
            for name, (old, new) in sorted(row.changes.items())
            if name != model._meta.pk.name
        ]
        entries.append(
            Entry(
                row=row,
                subject="" if subject is record else str(subject),
                # A field created empty is no change worth reading.
                changes=[change for change in changes if change.before != change.after],
            )
        )
    return entries


def _field(model: type[models.Model], name: str) -> models.Field | None:
    """The model's own field of that name; None for a reverse relation or a name that is no
    field (a service may log what it changed in related rows under such a name, as a mapping:
    a sitting's attendance, an entry's roll call)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if isinstance(field, ForeignObjectRel) else field


def _label(model: type[models.Model], name: str) -> str:
    field = _field(model, name)
    label = str(getattr(field, "verbose_name", _(name.replace("_", " "))))
    return label[:1].upper() + label[1:]


def _related_names(rows: list[TransitionLog]) -> dict[type, dict[Any, str]]:
    """The names of the records the changes point at (foreign keys, many-to-many links)."""
    wanted: dict[type, set] = defaultdict(set)
    for row in rows:
        model = row.content_type.model_class()
        for name, values in row.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.related_model is not None:
                for value in values:
                    if isinstance(value, dict):
                        continue
                    wanted[field.related_model].update(
                        value if isinstance(value, list) else [value]
                    )
    return {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids - {None})}
        for related, ids in wanted.items()
    }


def _shown(model: type[models.Model], name: str, value: Any, names: dict) -> str:
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_(str(item))}" for key, item in value.items())
    field = _field(model, name)
    if field is not None and field.is_relation and field.related_model is not None:
        labels = names.get(field.related_model, {})
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, f"#{v}") for v in values)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(dt.datetime.fromisoformat(value))
        return formats.date_format(moment, "d.m.Y H:i")
    if isinstance(field, models.DateField):
        return formats.date_format(dt.date.fromisoformat(value), "d.m.Y")
    return str(value)
