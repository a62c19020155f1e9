"""Writes on the program: creating and editing items, departmental input, approving and
publishing a program. State changes go through workflows.services.transition_fire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from program import roles
from program.models import (
    AnnualProgram,
    ChangeStatus,
    Department,
    DepartmentalInput,
    ItemChange,
    ItemStatus,
    Objective,
    Opinion,
    ProgramItem,
    ProgramStatus,
)
from program.signals import program_published
from workflows import audit, clock
from workflows.errors import Conflict, Invalid, NotAllowed
from workflows.services import lock_for_update, record_change, snapshot, transition_fire

# Fields a department may set on a draft (everything that is not workflow state).
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "initiator_type",
    "initiator",
    "legal_character",
    "majority",
    "needs_cgmb_mandate",
    "legal_basis",
    "notes",
)


def reference_for(year: int, sequence: int) -> str:
    return f"PAACL-{year}-{sequence:03d}"


def program_for_new_item(year: int, at: dt.datetime) -> AnnualProgram:
    try:
        program = AnnualProgram.objects.get(year=year)
    except AnnualProgram.DoesNotExist:
        raise Invalid(_("There is no annual program for %(year)s yet.") % {"year": year}) from None
    if program.is_over_on(at):
        raise Invalid(_("The program of %(year)s is over.") % {"year": year})
    return program


def _resolve_relations(
    *, objectives: Iterable[str] | None, consulted_departments: Iterable[str] | None
) -> tuple[list[Objective] | None, list[Department] | None]:
    found_objectives = None
    if objectives is not None:
        codes = list(dict.fromkeys(objectives))
        found_objectives = list(Objective.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {o.code for o in found_objectives})
        if unknown:
            raise Invalid(_("Unknown objective codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    found_departments = None
    if consulted_departments is not None:
        slugs = list(dict.fromkeys(consulted_departments))
        found_departments = list(Department.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {d.slug for d in found_departments})
        if unknown:
            raise Invalid(_("Unknown departments: %(slugs)s.") % {"slugs": ", ".join(unknown)})
    return found_objectives, found_departments


def item_create(
    *,
    user: Any,
    title: str,
    year: int,
    planned_month: int,
    department: Department | None = None,
    objectives: Iterable[str] | None = None,
    consulted_departments: Iterable[str] | None = None,
    committees: Iterable[Any] | None = None,
    at: dt.datetime | None = None,
    **fields: Any,
) -> ProgramItem:
    """Create a draft item with the next reference of its year.

    A `department` user creates items for its own department; the secretariat names one.
    """
    own = roles.user_department(user)
    if own is not None:
        if department is not None and department.pk != own.pk:
            raise NotAllowed(_("You can only propose items for your own department."))
        department = own
    elif roles.is_secretariat(user):
        if department is None:
            raise Invalid(_("Choose the responsible department."))
    else:
        raise NotAllowed(_("Only department staff and the secretariat can propose items."))
    if not 1 <= planned_month <= 12:
        raise Invalid(_("The planned month must be between 1 and 12."))
    if not (title or "").strip():
        raise Invalid(_("The title is required."))
    unknown_fields = set(fields) - set(EDITABLE_FIELDS)
    if unknown_fields:
        raise Invalid(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown_fields))}
        )
    found_objectives, found_departments = _resolve_relations(
        objectives=objectives, consulted_departments=consulted_departments
    )
    at = at or clock.now()
    # The chain's lock first, before any row lock (workflows/audit.py).
    with transaction.atomic(), audit.writing():
        program = program_for_new_item(year, at)
        # Locking the program row serialises the numbering: no two items get the same number.
        program = AnnualProgram.objects.select_for_update().get(pk=program.pk)
        program.last_item_number += 1
        # A number handed out is not a change of the program: its public version stays.
        program.save(update_fields=["last_item_number"])
        item = ProgramItem(
            program=program,
            sequence=program.last_item_number,
            reference=reference_for(program.year, program.last_item_number),
            title=title.strip(),
            planned_month=planned_month,
            department=department,
            created_by=user if user.is_authenticated else None,
            created_at=at,
            **fields,
        )
        item.full_clean(exclude=["status"])
        item.save()
        if found_objectives:
            item.objectives.set(found_objectives)
        if found_departments:
            item.consulted_departments.set(d for d in found_departments if d.pk != department.pk)
        if committees:
            item.committees.set(committees)
        record_change(obj=item, action="create", actor=user, before=None, at=at)
    return item


def can_edit_item(item: ProgramItem, user: Any) -> bool:
    if item.status != ItemStatus.DRAFT:
        return False
    if roles.is_secretariat(user):
        return True
    own = roles.user_department(user)
    return own is not None and own.pk == item.department_id


def item_update(
    *,
    item_id: int,
    user: Any,
    planned_month: int | None = None,
    objectives: Iterable[str] | None = None,
    consulted_departments: Iterable[str] | None = None,
    committees: Iterable[Any] | None = None,
    **fields: Any,
) -> ProgramItem:
    """Edit a draft. Only drafts are editable: an item under review is returned to draft first."""
    unknown_fields = set(fields) - set(EDITABLE_FIELDS)
    if unknown_fields:
        raise Invalid(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown_fields))}
        )
    found_objectives, found_departments = _resolve_relations(
        objectives=objectives, consulted_departments=consulted_departments
    )
    with transaction.atomic(), audit.writing():
        item = lock_for_update(ProgramItem, item_id)
        if item.status != ItemStatus.DRAFT:
            raise Conflict(
                _("Only a draft can be edited; this item is “%(state)s”.")
                % {"state": item.get_status_display()},
                current_state=item.status,
            )
        if not can_edit_item(item, user):
            raise NotAllowed(_("You cannot edit this item."))
        before = snapshot(item)
        if planned_month is not None:
            if not 1 <= planned_month <= 12:
                raise Invalid(_("The planned month must be between 1 and 12."))
            item.planned_month = planned_month
        for name, value in fields.items():
            setattr(item, name, value.strip() if isinstance(value, str) else value)
        if "title" in fields and not item.title:
            raise Invalid(_("The title is required."))
        item.full_clean(exclude=["status"])
        item.save()
        if found_objectives is not None:
            item.objectives.set(found_objectives)
        if found_departments is not None:
            item.consulted_departments.set(
                d for d in found_departments if d.pk != item.department_id
            )
        if committees is not None:
            item.committees.set(committees)
        record_change(obj=item, action="edit", actor=user, before=before)
    return item


def item_input_give(
    *,
    item_id: int,
    user: Any,
    opinion: str,
    text: str,
    department: Department | None = None,
    at: dt.datetime | None = None,
) -> DepartmentalInput:
    """Record a department's opinion on an item it was asked about, once per round."""
    own = roles.user_department(user)
    if own is None:
        raise NotAllowed(_("Only department staff give departmental input."))
    if department is not None and department.pk != own.pk:
        raise NotAllowed(_("You can only give the input of your own department."))
    if opinion not in Opinion.values:
        raise Invalid(_("Choose an opinion: %(choices)s.") % {"choices": ", ".join(Opinion.values)})
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the text of the opinion."))
    with transaction.atomic(), audit.writing():
        item = lock_for_update(ProgramItem, item_id)
        if item.status != ItemStatus.DEPARTMENTAL_INPUT:
            raise Conflict(
                _("Input is given only while the item awaits it; the item is “%(state)s”.")
                % {"state": item.get_status_display()},
                current_state=item.status,
            )
        request = DepartmentalInput.objects.filter(
            item=item, department=own, round=item.submission_round
        ).first()
        if request is None:
            raise NotAllowed(_("Your department was not asked for its input on this item."))
        if request.is_given:
            raise Conflict(
                _("Your department has already given its input on this item."),
                current_state=item.status,
            )
        before = snapshot(request)
        request.opinion = opinion
        request.text = text
        request.given_by = user
        request.given_at = at or clock.now()
        request.save()
        record_change(
            obj=request, action="give_input", actor=user, before=before, at=request.given_at
        )
        # The item changed for whoever syncs on updated_at.
        ProgramItem.objects.filter(pk=item.pk).update(updated_at=clock.now())
    return request


def program_open(*, year: int, user: Any, at: dt.datetime | None = None) -> AnnualProgram:
    """Start drafting the program of `year` (this year or a later one): departments may then
    propose items for it."""
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat opens an annual program."))
    at = at or clock.now()
    if year < clock.local_day(at).year:
        raise Invalid(_("The program of %(year)s would be over already.") % {"year": year})
    with transaction.atomic(), audit.writing():
        if AnnualProgram.objects.filter(year=year).exists():
            raise Conflict(_("The program of %(year)s exists already.") % {"year": year})
        program = AnnualProgram.objects.create(year=year)
        record_change(obj=program, action="open", actor=user, before=None, at=at)
    return program


def program_publish(*, year: int, user: Any, at: dt.datetime | None = None) -> AnnualProgram:
    """Publish the approved version of the program and every approved item in it."""
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat publishes the program."))
    with transaction.atomic(), audit.writing():
        program = AnnualProgram.objects.select_for_update().filter(year=year).first()
        if program is None:
            raise AnnualProgram.DoesNotExist
        version = program.open_version()
        if version is None:
            raise Conflict(
                _("There is no approved version of this program waiting to be published.")
            )
        now = at or clock.now()
        for pk in program.items.filter(status=ItemStatus.APPROVED).values_list("pk", flat=True):
            transition_fire(model=ProgramItem, pk=pk, name="publish", user=user, at=now)
        for change in version.changes.filter(status=ChangeStatus.APPROVED).order_by("pk"):
            _change_apply(change, user=user, at=now)
        before_version, before = snapshot(version), snapshot(program)
        version.published_at = now
        version.save(update_fields=["published_at"])
        program.status = ProgramStatus.PUBLISHED
        program.published_at = program.published_at or now
        program.save()
        record_change(obj=version, action="publish", actor=user, before=before_version, at=now)
        record_change(obj=program, action="publish", actor=user, before=before, at=now)
        program_published.send(sender=AnnualProgram, program=program)
    return program


# Amendments to published items ------------------------------------------------------------------


def _current_values(item: ProgramItem, fields: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in fields:
        if field == "objectives":
            values[field] = sorted(item.objectives.values_list("code", flat=True))
        else:
            values[field] = getattr(item, field)
    return values


def item_change_propose(
    *,
    item_id: int,
    user: Any,
    reason: str,
    title: str | None = None,
    planned_month: int | None = None,
    objectives: Iterable[str] | None = None,
    drop: bool = False,
    at: dt.datetime | None = None,
) -> ItemChange:
    """Propose, for the next amendment of the program, a change to one of its published items:
    a new title, month or objectives, or dropping it. The council approves it with the amendment
    (council.services.program_approve); publishing that version applies it."""
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat prepares the amendments of the program."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the change: it goes before the council."))
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        item = lock_for_update(ProgramItem, item_id)
        if item.status != ItemStatus.PUBLISHED:
            raise Conflict(
                _(
                    "Only an item of the published program is changed by an amendment; this item "
                    "is “%(state)s”: edit it in its workflow."
                )
                % {"state": item.get_status_display()},
                current_state=item.status,
            )
        if item.program.is_over_on(at):
            raise Conflict(_("The program of %(year)s is over.") % {"year": item.program.year})
        if item.changes.filter(status__in=[ChangeStatus.PROPOSED, ChangeStatus.APPROVED]).exists():
            raise Conflict(
                _(
                    "A change to %(reference)s is already before the council: withdraw it first "
                    "or wait for its version to be published."
                )
                % {"reference": item.reference}
            )
        after: dict[str, Any] = {}
        if not drop:
            if title is not None:
                title = title.strip()
                if not title:
                    raise Invalid(_("The title is required."))
                if title != item.title:
                    after["title"] = title
            if planned_month is not None:
                if not 1 <= planned_month <= 12:
                    raise Invalid(_("The planned month must be between 1 and 12."))
                if planned_month != item.planned_month:
                    after["planned_month"] = planned_month
            if objectives is not None:
                found, _departments = _resolve_relations(
                    objectives=objectives, consulted_departments=None
                )
                if not found:
                    raise Invalid(_("Link the item to at least one strategy objective."))
                codes = sorted(o.code for o in found)
                if codes != _current_values(item, ["objectives"])["objectives"]:
                    after["objectives"] = codes
            if not after:
                raise Invalid(
                    _("The change changes nothing: give a new title, month or objectives.")
                )
        change = ItemChange.objects.create(
            item=item,
            drop=drop,
            after=after,
            reason=reason,
            proposed_by=user,
            proposed_at=at,
        )
        record_change(obj=change, action="propose", actor=user, before=None, at=at)
    return change


def item_change_withdraw(
    *, change_id: int, user: Any, comment: str, at: dt.datetime | None = None
) -> ItemChange:
    """Withdraw a change the council has not approved yet."""
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat prepares the amendments of the program."))
    if not (comment or "").strip():
        raise Invalid(_("Say why the change is withdrawn."))
    with transaction.atomic(), audit.writing():
        change = lock_for_update(ItemChange, change_id)
        if change.status != ChangeStatus.PROPOSED:
            raise Conflict(
                _("Only a proposed change can be withdrawn; this one is “%(state)s”.")
                % {"state": change.get_status_display()},
                current_state=change.status,
            )
        before = snapshot(change)
        change.status = ChangeStatus.WITHDRAWN
        change.save(update_fields=["status"])
        record_change(
            obj=change, action="withdraw", actor=user, before=before, comment=comment.strip(), at=at
        )
    return change


def _change_apply(change: ItemChange, *, user: Any, at: dt.datetime) -> None:
    """Apply an approved change to its item as its version is published; the values it replaces
    are kept on the change, which makes the version's diff."""
    item = lock_for_update(ProgramItem, change.item_id)
    before_change = snapshot(change)
    comment = _("Amended by HCL %(decision)s.") % {"decision": change.version.decision_reference}
    if change.drop:
        change.before = {"title": item.title, "planned_month": item.planned_month}
        if item.status != ItemStatus.DROPPED:  # not dropped by hand once the council approved
            transition_fire(
                model=ProgramItem, pk=item.pk, name="drop", user=user, comment=comment, at=at
            )
    else:
        before_item = snapshot(item)
        change.before = _current_values(item, change.after)
        for field, value in change.after.items():
            if field != "objectives":
                setattr(item, field, value)
        item.full_clean(exclude=["status"])
        item.save()
        if "objectives" in change.after:
            item.objectives.set(Objective.objects.filter(code__in=change.after["objectives"]))
        record_change(
            obj=item, action="amend", actor=user, before=before_item, comment=comment, at=at
        )
    change.status = ChangeStatus.PUBLISHED
    change.save(update_fields=["before", "status"])
    record_change(obj=change, action="publish", actor=user, before=before_change, at=at)
