"""Public pages of the council's sittings and decisions."""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.documents import documents_prefetch
from council.models import (
    AgendaEntry,
    Decision,
    DecisionStatus,
    Document,
    DocumentKind,
    DraftDecision,
    DraftOpinion,
    DraftStatus,
    Initiative,
    Kind,
    RollCallVote,
    SittingStatus,
    dated_reference,
)
from council.net import address
from council.selectors import (
    decisions_matching,
    public_attendance,
    public_sittings,
    years_of,
)
from council.services import signatures_needed
from council.web.councillors import roll_call_groups, roll_call_html
from council.web.documents import document_lines_html
from council.web.http import conditional_page
from program.models import ItemStatus
from workflows import clock
from workflows.models import TransitionLog


@conditional_page
def sitting_page(request, pk: int):
    entries = (
        AgendaEntry.objects.select_related("draft__item", "draft__decision")
        .prefetch_related(documents_prefetch("draft__documents", public=True))
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
    # Some 27 roll calls of 27 councillors: read as plain values, not as 1,500 model instances.
    votes = defaultdict(list)
    for entry, *vote in (
        RollCallVote.objects.filter(entry__sitting=sitting)
        .order_by("councillor__name")
        .values_list("entry", "vote", "councillor", "councillor__name")
    ):
        votes[entry].append(vote)
    # The roll calls' names and the entries' documents written as HTML here, as the search's and
    # the long lists' lines are: some 730 names and 50 documents, not through the template engine.
    for entry in sitting.entries.all():
        entry.roll_groups = roll_call_groups(entry.ballot, votes[entry.pk])
        entry.roll_html = roll_call_html(entry.roll_groups)
        entry.documents_html = document_lines_html(entry.draft.listed_documents)
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
    events = (
        TransitionLog.objects.for_object(decision)
        .filter(transition__in=LIFE_EVENTS)
        .order_by("at", "id")
    )
    return render(
        request,
        "public/decision.html",
        {
            "decision": decision,
            "published": ItemStatus.PUBLISHED,
            "events": [(row, LIFE_EVENTS[row.transition]) for row in events],
            "amends": list(decision.amends.all()),
            "repeals": list(decision.repeals.all()),
            "amended_by": list(decision.amended_by.all()),
            "repealed_by": list(decision.repealed_by.all()),
        },
    )


# The events of a decision's life that are public, with their comments (the court, the case,
# the prefect's request): what the secretariat writes there is meant for the public record.
LIFE_EVENTS = {
    "adopt": gettext_lazy("Adopted"),
    "enter_into_force": gettext_lazy("In force"),
    "request_reexamination": gettext_lazy("The prefect asked for its re-examination"),
    "answer_reexamination": gettext_lazy("The council answered the re-examination"),
    "contest": gettext_lazy("Contested in court by the prefect (suspended by law)"),
    "suspend": gettext_lazy("Suspended by the court"),
    "reinstate": gettext_lazy("In force again"),
    "annul": gettext_lazy("Annulled by the court"),
    "repeal": gettext_lazy("Repealed"),
}


def public_entries(draft: DraftDecision) -> list[AgendaEntry]:
    """The draft's places on agendas that are public (their sitting is convened)."""
    return [e for e in draft.agenda_entries.all() if e.sitting.convened_on]


def public_stage(status: str, on_public_agenda: bool) -> str:
    """A place on the agenda of a sitting not convened yet is not public."""
    if status == DraftStatus.ON_AGENDA and not on_public_agenda:
        return DraftStatus.IN_REVIEW
    return status


@dataclass(frozen=True, slots=True)
class DraftRow:
    """A line of the register of drafts, read as plain values (a year's register has hundreds)."""

    reference: str
    url: str
    title: str
    initiative: str
    initiative_label: str
    department: str
    stage: str
    decision_reference: str | None
    decision_url: str | None


DRAFT_ROW_FIELDS = (
    "pk", "registration_number", "registered_on", "title", "initiative", "status",
    "department__name", "decision__year", "decision__number", "decision__adopted_on",
)  # fmt: skip


def draft_rows(drafts) -> list[DraftRow]:
    """The register's lines for `drafts`, newest first, in two queries whatever their number:
    the drafts, then which of them are on the agenda of a convened sitting (asked by their ids,
    which PostgreSQL answers from the index rather than hashing every agenda entry)."""
    values = list(drafts.order_by("-registration_number").values(*DRAFT_ROW_FIELDS))
    on_public_agenda = set(
        AgendaEntry.objects.filter(
            draft__in=[draft["pk"] for draft in values], sitting__convened_on__isnull=False
        ).values_list("draft", flat=True)
    )
    rows = []
    for draft in values:
        decision_reference = decision_url = None
        if draft["decision__number"] is not None:
            year, number = draft["decision__year"], draft["decision__number"]
            decision_reference = dated_reference(number, draft["decision__adopted_on"])
            decision_url = address("decision", year, number)
        stage = public_stage(draft["status"], draft["pk"] in on_public_agenda)
        rows.append(
            DraftRow(
                reference=dated_reference(draft["registration_number"], draft["registered_on"]),
                url=address("draft", draft["pk"]),
                title=draft["title"],
                initiative=draft["initiative"],
                initiative_label=str(Initiative(draft["initiative"]).label),
                department=draft["department__name"],
                stage=str(DraftStatus(stage).label),
                decision_reference=decision_reference,
                decision_url=decision_url,
            )
        )
    return rows


@conditional_page(params=("year", "initiative"))
def drafts_page(request):
    """The public register of draft decisions, newest first, by year; optionally only those
    initiated by councillors or by citizens."""
    years = years_of(DraftDecision)
    try:
        year = int(request.GET.get("year") or (years[0] if years else clock.today().year))
    except ValueError:
        raise Http404 from None
    if years and year not in years:
        raise Http404
    initiative = request.GET.get("initiative", "")
    if initiative and initiative not in Initiative.values:
        return render(
            request,
            "public/drafts.html",
            {"rows": [], "year": year, "years": years, "initiatives": Initiative.choices,
             "invalid": _("Unknown initiative “%(value)s”.") % {"value": initiative[:40]}},
            status=400,
        )  # fmt: skip
    drafts = DraftDecision.objects.filter(year=year)
    if initiative:
        drafts = drafts.filter(initiative=initiative)
    return render(
        request,
        "public/drafts.html",
        {
            "rows": draft_rows(drafts),
            "year": year,
            "years": years,
            "initiative": initiative,
            "initiatives": Initiative.choices,
        },
    )


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
            "stage": DraftStatus(public_stage(draft.status, bool(entries))).label,
            "opinions": sorted(draft.opinions.all(), key=lambda o: (o.given_on, o.kind)),
            "decision": getattr(draft, "decision", None),
            "published": ItemStatus.PUBLISHED,
            "signatures_needed": signatures_needed()
            if draft.initiative == Initiative.CITIZENS
            else None,
            "rules": settings.COUNCIL_RULES,
        },
    )


PAGE_SIZE = 50


def page_of(request, rows, size: int = PAGE_SIZE):
    """The page asked for (`page`), or 404 for one that does not exist."""
    paginator = Paginator(rows, size)
    raw = request.GET.get("page") or "1"
    if not raw.isdigit():
        raise Http404(_("No such page."))
    try:
        return paginator.page(int(raw))
    except EmptyPage:
        raise Http404(_("No such page.")) from None


def query_without_page(request, known: tuple[str, ...]) -> str:
    """The filters of the page as a query string, for the pager's links and the CSV."""
    return urlencode(
        [(name, request.GET[name]) for name in known if name != "page" and request.GET.get(name)]
    )


SITTING_FILTERS = ("year", "kind", "page")


@conditional_page(params=SITTING_FILTERS)
def sittings_page(request):
    """Sittings from their convocation on: the coming ones first, then the past, newest first."""
    sittings = public_sittings()
    years = [moment.year for moment in sittings.datetimes("starts_at", "year", order="DESC")]
    year, kind = request.GET.get("year"), request.GET.get("kind")
    if year:
        if not year.isdigit() or int(year) not in years:
            raise Http404(_("No sitting in that year."))
        sittings = sittings.filter(starts_at__year=int(year))
    if kind:
        if kind not in Kind.values:
            raise Http404(_("Unknown kind of sitting."))
        sittings = sittings.filter(kind=kind)
    now = clock.now()
    upcoming = list(
        sittings.filter(starts_at__gte=now, status=SittingStatus.CONVENED).order_by("starts_at")
    )
    past = sittings.exclude(pk__in=[s.pk for s in upcoming]).order_by("-starts_at", "-pk")
    page = page_of(request, past)
    page.object_list = with_entry_counts(page.object_list)
    return render(
        request,
        "public/sittings.html",
        {
            "upcoming": upcoming if page.number == 1 else [],
            "page": page,
            "years": years,
            "year": int(year) if year else None,
            "kind": kind or "",
            "kinds": Kind.choices,
            "query": query_without_page(request, SITTING_FILTERS),
        },
    )


def with_entry_counts(sittings) -> list:
    """The sittings of a page, each with `entry_count`: counted for these sittings only, not
    joined and grouped over all of them before the page is cut."""
    sittings = list(sittings)
    counts = dict(
        AgendaEntry.objects.filter(sitting__in=sittings)
        .order_by()
        .values_list("sitting")
        .annotate(Count("pk"))
    )
    for sitting in sittings:
        sitting.entry_count = counts.get(sitting.pk, 0)
    return sittings


DECISION_FILTERS = ("year", "status", "q", "page")


@conditional_page(params=DECISION_FILTERS)
def decisions_page(request):
    """The register of decisions: number and date, title, communication, publication or
    notification, entry into force, status; by year, status, number or words."""
    decisions = Decision.objects.select_related("draft").order_by("-adopted_on", "-number")
    years = years_of(Decision)
    year, status, query = (
        request.GET.get("year"),
        request.GET.get("status"),
        (request.GET.get("q") or "").strip()[:200],
    )
    if year:
        if not year.isdigit() or int(year) not in years:
            raise Http404(_("No decision in that year."))
        decisions = decisions.filter(year=int(year))
    if status:
        if status not in DecisionStatus.values:
            raise Http404(_("Unknown status."))
        decisions = decisions.filter(status=status)
    decisions = decisions_matching(decisions, query)
    page = page_of(request, decisions)
    return render(
        request,
        "public/decisions.html",
        {
            "page": page,
            "years": years,
            "year": int(year) if year else None,
            "status": status or "",
            "statuses": DecisionStatus.choices,
            "q": query,
            "query": query_without_page(request, DECISION_FILTERS),
        },
    )


@conditional_page
def mol_page(request):
    """The council's sections of the Monitorul Oficial Local (OUG 57/2019, art. 197-200 and
    annex 1), in the annex's order, each with its registers and documents and their dates."""
    decisions = Decision.objects.select_related("draft").order_by("-adopted_on", "-number")
    live = decisions.exclude(status__in=[DecisionStatus.ANNULLED, DecisionStatus.REPEALED])
    minutes = (
        Document.objects.public()
        .current()
        .filter(kind=DocumentKind.MINUTES)
        .select_related("sitting")
        .order_by("-uploaded_at")
    )
    consulted = (
        DraftDecision.objects.filter(consultation_announced_on__isnull=False)
        .select_related("department")
        .order_by("-consultation_announced_on", "-pk")
    )
    return render(
        request,
        "public/mol.html",
        {
            "regulations": list(live.filter(title__icontains="regulament")[:20]),
            "latest": list(decisions[:20]),
            "decision_count": decisions.count(),
            "financial": list(live.filter(title__icontains="buget")[:20]),
            "objections": list(decisions.exclude(secretary_objection="")[:50]),
            "consulted": list(consulted[:20]),
            "minutes": list(minutes[:20]),
            "minutes_sittings": list(
                public_sittings()
                .filter(minutes_published_on__isnull=False)
                .order_by("-starts_at")[:20]
            ),
        },
    )
