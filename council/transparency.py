"""The annual report on decisional transparency (Legea 52/2003, art. 13), computed from the
record: every figure is a count over public data, with the one the record cannot know (court
actions under the law) recorded by the secretariat."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from council.models import (
    CourtActions,
    Decision,
    DraftDecision,
    Recommendation,
    Sitting,
    SittingStatus,
)
from council.selectors import public_consultations
from council.services import require_secretariat
from workflows import audit, clock
from workflows.errors import Invalid
from workflows.services import record_change, snapshot


@dataclass
class Report:
    year: int
    complete: bool  # the year is over
    drafts_consulted: int  # (b) normative drafts published for consultation
    urgency_procedures: int  # of them, in the urgency procedure (art. 7(13))
    recommendations_received: int  # (c)
    recommendations_accepted: int  # (d) accepted or partly accepted
    recommendations_answered: int
    debates_requested: int  # drafts for which a public debate was requested
    debates_held: int  # (e)
    sittings_public: int  # (f) sittings held, all public
    decisions_adopted: int
    normative_decisions_adopted: int  # (a)
    court_actions: int  # (g), recorded by the secretariat
    court_actions_note: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def years_reported() -> list[int]:
    """The years the record covers, newest first: from its first draft to this year (a draft's
    year is the year of its registration; the register's index gives the first)."""
    today = clock.today()
    first = DraftDecision.objects.aggregate(first=Min("year"))["first"] or today.year
    return list(range(today.year, first - 1, -1))


def report_for(year: int) -> Report:
    drafts = public_consultations().filter(consultation_announced_on__year=year)
    consulted = drafts.aggregate(
        n=Count("pk"),
        urgent=Count("pk", filter=~Q(urgency_reason="")),
        debates=Count("pk", filter=Q(debate_requested=True)),
    )
    received = Recommendation.objects.filter(received_at__year=year).aggregate(
        n=Count("pk"),
        accepted=Count("pk", filter=Q(answer_kind__in=["accepted", "partly"])),
        answered=Count("pk", filter=~Q(answer_kind="")),
    )
    decisions = Decision.objects.filter(year=year).aggregate(
        n=Count("pk"), normative=Count("pk", filter=Q(draft__legal_character="normative"))
    )
    court = CourtActions.objects.filter(year=year).first()
    return Report(
        year=year,
        complete=year < clock.today().year,
        drafts_consulted=consulted["n"],
        urgency_procedures=consulted["urgent"],
        recommendations_received=received["n"],
        recommendations_accepted=received["accepted"],
        recommendations_answered=received["answered"],
        debates_requested=consulted["debates"],
        debates_held=DraftDecision.objects.filter(debate_held_on__year=year).count(),
        sittings_public=Sitting.objects.filter(
            starts_at__year=year,
            status__in=[SittingStatus.HELD, SittingStatus.MINUTES_PUBLISHED],
        ).count(),
        decisions_adopted=decisions["n"],
        normative_decisions_adopted=decisions["normative"],
        court_actions=court.count if court else 0,
        court_actions_note=court.note if court else "",
    )


def court_actions_record(*, year: int, user: Any, count: int, note: str = "") -> CourtActions:
    require_secretariat(user)
    if count is None or count < 0:
        raise Invalid(_("The number of court actions is 0 or more."), field="count")
    if year > clock.today().year:
        raise Invalid(_("The year has not begun."), field="year")
    with transaction.atomic(), audit.writing():
        row = CourtActions.objects.select_for_update().filter(year=year).first()
        before = snapshot(row) if row else None
        row = row or CourtActions(year=year)
        row.count, row.note = count, (note or "").strip()
        row.save()
        record_change(obj=row, action="record", actor=user, before=before)
    return row
