"""Public pages of the council's sittings and decisions."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from council.documents import documents_prefetch
from council.models import AgendaEntry, Decision, DraftDecision, DraftOpinion, DraftStatus
from council.selectors import public_attendance, public_roll_calls, public_sittings
from council.web.councillors import roll_call_groups
from council.web.http import conditional_page
from program.models import ItemStatus
from workflows import clock


@conditional_page
def sitting_page(request, pk: int):
    entries = (
        AgendaEntry.objects.select_related("draft__item", "draft__decision")
        .prefetch_related(documents_prefetch("draft__documents", public=True), public_roll_calls())
        .order_by("position")
    )
    sitting = get_object_or_404(
        public_sittings().prefetch_related(
            Prefetch("entries", queryset=entries),
            documents_prefetch("documents", public=True),
            public_attendance(),
        ),
        pk=pk,
    )
    attendance = list(sitting.attendance.all())
    for entry in sitting.entries.all():
        entry.roll_groups = roll_call_groups(entry)
    return render(
        request,
        "public/sitting.html",
        {
            "sitting": sitting,
            "published": ItemStatus.PUBLISHED,
            "present": [a for a in attendance if a.present],
            "absent": [a.councillor for a in attendance if not a.present],
        },
    )


@conditional_page
def decision_page(request, year: int, number: int):
    decision = get_object_or_404(
        Decision.objects.select_related("sitting", "draft", "item").prefetch_related(
            documents_prefetch("documents", public=True),
            documents_prefetch("draft__documents", public=True),
        ),
        year=year,
        number=number,
    )
    return render(
        request, "public/decision.html", {"decision": decision, "published": ItemStatus.PUBLISHED}
    )


def public_entries(draft: DraftDecision) -> list[AgendaEntry]:
    """The draft's places on agendas that are public (their sitting is convened)."""
    return [e for e in draft.agenda_entries.all() if e.sitting.convened_on]


def public_stage(draft: DraftDecision, entries: list[AgendaEntry]) -> str:
    """A place on the agenda of a sitting not convened yet is not public."""
    if draft.status == DraftStatus.ON_AGENDA and not entries:
        return DraftStatus.IN_REVIEW
    return draft.status


@conditional_page(params=("year",))
def drafts_page(request):
    """The public register of draft decisions, newest first, by year."""
    years = list(DraftDecision.objects.order_by("-year").values_list("year", flat=True).distinct())
    try:
        year = int(request.GET.get("year") or (years[0] if years else clock.today().year))
    except ValueError:
        raise Http404 from None
    if years and year not in years:
        raise Http404
    drafts = (
        DraftDecision.objects.filter(year=year)
        .select_related("department", "decision")
        .prefetch_related(
            Prefetch("agenda_entries", queryset=AgendaEntry.objects.select_related("sitting"))
        )
        .order_by("-registration_number")
    )
    rows = []
    for draft in drafts:
        entries = public_entries(draft)
        rows.append((draft, DraftStatus(public_stage(draft, entries)).label))
    return render(request, "public/drafts.html", {"rows": rows, "year": year, "years": years})


@conditional_page
def draft_page(request, pk: int):
    draft = get_object_or_404(
        DraftDecision.objects.select_related("department", "item", "decision").prefetch_related(
            Prefetch(
                "agenda_entries",
                queryset=AgendaEntry.objects.select_related("sitting").order_by(
                    "sitting__starts_at"
                ),
            ),
            Prefetch("opinions", queryset=DraftOpinion.objects.select_related("committee")),
            documents_prefetch("documents", public=True),
        ),
        pk=pk,
    )
    entries = public_entries(draft)
    return render(
        request,
        "public/draft.html",
        {
            "draft": draft,
            "entries": entries,
            "stage": DraftStatus(public_stage(draft, entries)).label,
            "opinions": sorted(draft.opinions.all(), key=lambda o: (o.given_on, o.kind)),
            "decision": getattr(draft, "decision", None),
            "published": ItemStatus.PUBLISHED,
        },
    )
