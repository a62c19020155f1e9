"""Reads with the publication rules of the council's registers: what is public, and what the
council did with each program item (the execution seen from the planning)."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from council.models import (
    AgendaEntry,
    Attendance,
    CommitteeMembership,
    Councillor,
    Decision,
    DraftDecision,
    RollCallVote,
    Sitting,
)
from program.models import Objective, ProgramItem, Progress


def with_execution(items: QuerySet[ProgramItem]) -> QuerySet[ProgramItem]:
    """Annotate what the council did with each item: its latest draft decision's stage (as the
    public may know it), the public sitting it last went before, and the decision adopted (one
    query for any number of items). ProgramItem.progress, .sitting_pk, .decision_pk and
    .overdue read these."""
    # A draft on the agenda of a sitting still being planned (not convened, so not public)
    # shows the stage before it: its place on that agenda is not public yet.
    on_public_agenda = models.Exists(
        AgendaEntry.objects.filter(draft=models.OuterRef("pk"), sitting__convened_on__isnull=False)
    )
    drafts = (
        DraftDecision.objects.filter(item=models.OuterRef("pk"))
        .annotate(
            public_status=models.Case(
                models.When(
                    ~on_public_agenda,
                    status=Progress.ON_AGENDA,
                    then=models.Value(Progress.IN_REVIEW),
                ),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )
        .order_by("-registered_on", "-pk")
    )
    entries = (
        AgendaEntry.objects.filter(draft__item=models.OuterRef("pk"))
        .filter(sitting__convened_on__isnull=False)
        .order_by("-sitting__starts_at")
    )
    decisions = Decision.objects.filter(item=models.OuterRef("pk")).order_by("-adopted_on")
    return items.annotate(
        draft_status=models.Subquery(drafts.values("public_status")[:1]),
        sitting_id=models.Subquery(entries.values("sitting_id")[:1]),
        decision_id=models.Subquery(decisions.values("pk")[:1]),
    )


def public_items() -> QuerySet[ProgramItem]:
    return with_execution(
        ProgramItem.objects.published()
        .select_related("program", "department")
        .prefetch_related(
            Prefetch(
                "objectives", queryset=Objective.objects.select_related("strategy").order_by("code")
            )
        )
    )


def public_sittings() -> QuerySet[Sitting]:
    """Sittings are public from their convocation on."""
    return Sitting.objects.public().select_related("chair")


# Councillors and committees: always public; their votes and attendance only as the public
# sittings show them.


def public_votes_of(councillor: Councillor, year: int | None = None) -> QuerySet[RollCallVote]:
    """How a councillor voted, at public sittings, newest first, with the entry, its draft and
    the decision adopted (one query for any number of votes)."""
    votes = RollCallVote.objects.filter(
        councillor=councillor, entry__sitting__convened_on__isnull=False
    )
    if year is not None:
        votes = votes.filter(entry__sitting__starts_at__year=year)
    return votes.select_related(
        "entry__sitting", "entry__draft__decision", "entry__draft__item"
    ).order_by("-entry__sitting__starts_at", "entry__position")


def attendance_of(councillor: Councillor, year: int | None = None) -> dict[str, int]:
    """At how many public sittings the councillor was recorded, and present."""
    rows = Attendance.objects.filter(councillor=councillor, sitting__convened_on__isnull=False)
    if year is not None:
        rows = rows.filter(sitting__starts_at__year=year)
    counts = rows.aggregate(
        sittings=models.Count("pk"), present=models.Count("pk", filter=models.Q(present=True))
    )
    return {"sittings": counts["sittings"], "present": counts["present"]}


def councillor_years(councillor: Councillor) -> list[int]:
    """The years of the public sittings where the councillor's attendance or vote is recorded."""
    attended = (
        Attendance.objects.filter(councillor=councillor, sitting__convened_on__isnull=False)
        .order_by()
        .values_list("sitting__starts_at", flat=True)
    )
    voted = (
        RollCallVote.objects.filter(
            councillor=councillor, entry__sitting__convened_on__isnull=False
        )
        .order_by()
        .values_list("entry__sitting__starts_at", flat=True)
    )
    return sorted(
        {timezone.localtime(moment).year for moment in attended.union(voted)}, reverse=True
    )


def public_roll_calls() -> Prefetch:
    return Prefetch(
        "roll_call",
        queryset=RollCallVote.objects.select_related("councillor").order_by("councillor__name"),
    )


def public_attendance() -> Prefetch:
    return Prefetch(
        "attendance",
        queryset=Attendance.objects.select_related("councillor").order_by("councillor__name"),
    )


def memberships() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=CommitteeMembership.objects.select_related("committee", "councillor").order_by(
            "-start", "committee__name"
        ),
    )
