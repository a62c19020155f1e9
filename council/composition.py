"""The council's composition: councillors' mandates and the committees' memberships.

A mandate starts when the court validates it and ends on resignation, incompatibility or death;
a substitute from the same list takes the seat (Codul administrativ, art. 204). How many are in
office on a sitting's day is the base of its quorum and majorities. Every change goes through
these services and is logged like the registers' changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from council.models import (
    Committee,
    CommitteeMembership,
    CommitteeRole,
    Councillor,
    MandateEnd,
    Sitting,
)
from council.services import require_secretariat
from workflows import audit
from workflows.errors import Conflict, Invalid
from workflows.services import lock_for_update, record_change, snapshot


def councillor_validate(
    *,
    user: Any,
    name: str,
    party: str,
    validated_on: dt.date,
    party_group: str = "",
    replaces: Councillor | None = None,
    at: dt.datetime | None = None,
) -> Councillor:
    """A councillor whose mandate the court validated on `validated_on`; `replaces`: the
    councillor whose seat they take, whose mandate must have ended before."""
    require_secretariat(user)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("The name is required."), field="name")
    if replaces is not None:
        if replaces.mandate_end is None or replaces.mandate_end >= validated_on:
            raise Conflict(
                _("%(name)s's mandate must end before their substitute's is validated.")
                % {"name": replaces.name}
            )
        if Councillor.objects.filter(replaces=replaces).exists():
            raise Conflict(_("%(name)s's seat is taken already.") % {"name": replaces.name})
    with transaction.atomic(), audit.writing():
        councillor = Councillor(
            name=name,
            party=(party or "").strip(),
            party_group=(party_group or "").strip(),
            mandate_start=validated_on,
            replaces=replaces,
        )
        councillor.full_clean()
        councillor.save()
        record_change(obj=councillor, action="validate_mandate", actor=user, before=None, at=at)
    return councillor


def councillor_mandate_end(
    *,
    councillor_id: int,
    user: Any,
    last_day: dt.date,
    reason: str,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Councillor:
    """End a mandate early: `last_day` is the last day in office. Their committee memberships end
    the same day. Refused when the councillor has a vote recorded after that day."""
    require_secretariat(user)
    if reason not in MandateEnd.values:
        raise Invalid(
            _("Say why the mandate ends: %(reasons)s.")
            % {"reasons": ", ".join(str(label) for label in MandateEnd.labels)},
            field="reason",
        )
    with transaction.atomic(), audit.writing():
        councillor = lock_for_update(Councillor, councillor_id)
        if councillor.mandate_end is not None:
            raise Conflict(_("This mandate has ended already."))
        if last_day < councillor.mandate_start:
            raise Invalid(_("A mandate cannot end before it starts."), field="last_day")
        later = Sitting.objects.filter(
            Q(attendance__councillor=councillor, attendance__present=True)
            | Q(entries__roll_call__councillor=councillor),
            starts_at__date__gt=last_day,
        )
        if later.exists():
            raise Conflict(
                _("%(name)s attended a sitting after %(day)s: the mandate cannot end earlier.")
                % {"name": councillor.name, "day": f"{last_day:%d.%m.%Y}"}
            )
        before = snapshot(councillor)
        councillor.mandate_end, councillor.mandate_end_reason = last_day, reason
        councillor.save()
        record_change(
            obj=councillor, action="end_mandate", actor=user, before=before, comment=comment,
            at=at,
        )  # fmt: skip
        for membership in councillor.memberships.filter(Q(end__isnull=True) | Q(end__gt=last_day)):
            before = snapshot(membership)
            membership.end = max(last_day, membership.start)
            membership.save()
            record_change(
                obj=membership, action="end_membership", actor=user, before=before, at=at,
                comment=_("The mandate ended."),
            )  # fmt: skip
    return councillor


def committee_join(
    *,
    committee: Committee,
    councillor: Councillor,
    user: Any,
    start: dt.date,
    role: str = CommitteeRole.MEMBER,
    at: dt.datetime | None = None,
) -> CommitteeMembership:
    """A councillor joins a committee from `start`, with a role; a committee has one chair and
    one secretary at a time."""
    require_secretariat(user)
    if role not in CommitteeRole.values:
        raise Invalid(_("The role is chair, secretary or member."), field="role")
    if not councillor.in_office_on(start):
        raise Conflict(
            _("%(name)s is not in office on %(day)s.")
            % {"name": councillor.name, "day": f"{start:%d.%m.%Y}"}
        )
    current = committee.members_on(start)
    if current.filter(councillor=councillor).exists():
        raise Conflict(_("%(name)s is a member already.") % {"name": councillor.name})
    if role != CommitteeRole.MEMBER and current.filter(role=role).exists():
        raise Conflict(
            _("The committee has a %(role)s already.") % {"role": CommitteeRole(role).label}
        )
    with transaction.atomic(), audit.writing():
        membership = CommitteeMembership.objects.create(
            committee=committee, councillor=councillor, role=role, start=start
        )
        record_change(obj=membership, action="join_committee", actor=user, before=None, at=at)
    return membership


def committee_leave(
    *, membership_id: int, user: Any, last_day: dt.date, at: dt.datetime | None = None
) -> CommitteeMembership:
    require_secretariat(user)
    with transaction.atomic(), audit.writing():
        membership = lock_for_update(CommitteeMembership, membership_id)
        if membership.end is not None:
            raise Conflict(_("This membership has ended already."))
        if last_day < membership.start:
            raise Invalid(_("A membership cannot end before it starts."), field="last_day")
        before = snapshot(membership)
        membership.end = last_day
        membership.save()
        record_change(obj=membership, action="leave_committee", actor=user, before=before, at=at)
    return membership
