"""Public pages of the council's members: councillors with their mandates, committees and votes;
the standing committees with their members and opinions."""

from __future__ import annotations

import csv
import io
from html import escape as html_escape

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from council.models import (
    Ballot,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    Councillor,
    DraftOpinion,
    Outcome,
    VoteChoice,
    dated_reference,
)
from council.net import address
from council.selectors import (
    attendance_of,
    councillor_years,
    memberships,
    public_votes_of,
)
from council.web.http import conditional_page
from workflows import clock

ROLE_ORDER = {CommitteeRole.CHAIR: 0, CommitteeRole.SECRETARY: 1, CommitteeRole.MEMBER: 2}


def current_memberships(related: str, order: str, day) -> Prefetch:
    """The memberships running on `day`, with their councillor or committee."""
    return Prefetch(
        "memberships",
        queryset=CommitteeMembership.objects.filter(start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related(related)
        .order_by(order),
    )


def _year(request, years: list[int]) -> int | None:
    """The year asked for (404 if it is not one of `years`), else the latest."""
    raw = request.GET.get("year")
    if not raw:
        return years[0] if years else None
    if not raw.isdigit() or int(raw) not in years:
        raise Http404(_("No votes recorded in that year."))
    return int(raw)


@conditional_page
def councillors_page(request):
    today = clock.today()
    councillors = list(
        Councillor.objects.select_related("replaces")
        .prefetch_related(current_memberships("committee", "committee__name", today), "replaced_by")
        .order_by("name")
    )
    current = [c for c in councillors if c.in_office_on(today)]
    former = [c for c in councillors if not c.in_office_on(today)]
    groups: dict[str, int] = {}
    for councillor in current:
        key = councillor.party_group or _("Independent councillors")
        groups[key] = groups.get(key, 0) + 1
    return render(
        request,
        "public/councillors.html",
        {
            "current": current,
            "former": former,
            "groups": sorted(groups.items(), key=lambda pair: (-pair[1], pair[0])),
        },
    )


@conditional_page(params=("year",))
def councillor_page(request, pk: int):
    councillor = get_object_or_404(
        Councillor.objects.select_related("replaces").prefetch_related(memberships()), pk=pk
    )
    replaced_by = Councillor.objects.filter(replaces=councillor).first()
    years = councillor_years(councillor)
    year = _year(request, years)
    votes = vote_rows(public_votes_of(councillor, year)) if year else []
    counts = {choice: 0 for choice in VoteChoice.values}
    for vote in votes:
        counts[vote["vote"]] += 1
    attendance = attendance_of(councillor, year)
    rate = (
        round(100 * attendance["present"] / attendance["sittings"])
        if attendance["sittings"]
        else None
    )
    return render(
        request,
        "public/councillor.html",
        {
            "councillor": councillor,
            "replaced_by": replaced_by,
            "memberships": list(councillor.memberships.all()),
            "years": years,
            "year": year,
            "votes": votes,
            "counts": [(VoteChoice(choice).label, n) for choice, n in counts.items()],
            "attendance": attendance,
            "rate": rate,
        },
    )


VOTE_ROW_FIELDS = (
    "vote", "entry__sitting_id", "entry__sitting__starts_at", "entry__draft_id",
    "entry__draft__title", "entry__outcome", "entry__draft__decision__year",
    "entry__draft__decision__number", "entry__draft__decision__adopted_on",
)  # fmt: skip


def vote_rows(votes) -> list[dict]:
    """The rows of the votes table, read as plain values with their links and labels made once
    here: a year of a councillor's votes is hundreds of rows, and the template only writes them
    out."""
    labels = dict(VoteChoice.choices)
    outcomes = dict(Outcome.choices)
    rows = []
    for vote in votes.values(*VOTE_ROW_FIELDS):
        number = vote["entry__draft__decision__number"]
        rows.append(
            {
                "vote": vote["vote"],
                "vote_label": labels[vote["vote"]],
                "day": timezone.localtime(vote["entry__sitting__starts_at"]).strftime("%d.%m.%Y"),
                "sitting_url": address("sitting", vote["entry__sitting_id"]),
                "title": vote["entry__draft__title"],
                "draft_url": address("draft", vote["entry__draft_id"]),
                "outcome": outcomes.get(vote["entry__outcome"], ""),
                "decision": dated_reference(number, vote["entry__draft__decision__adopted_on"])
                if number is not None
                else "",
                "decision_url": address("decision", vote["entry__draft__decision__year"], number)
                if number is not None
                else "",
            }
        )
    return rows


@conditional_page(params=("year",))
def councillor_votes_csv(request, pk: int):
    """Every vote the councillor cast at public sittings (of a year, with `year`), as CSV."""
    councillor = get_object_or_404(Councillor, pk=pk)
    year = None
    if request.GET.get("year"):
        year = _year(request, councillor_years(councillor))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["date", "sitting", "entry", "draft", "title", "vote", "outcome", "decision", "url"]
    )
    sitting_url = request.build_absolute_uri(reverse("sitting", args=[0])).replace("/0/", "/{}/")
    rows = public_votes_of(councillor, year).values_list(
        "entry__sitting__starts_at", "entry__sitting_id", "entry__position",
        "entry__draft__registration_number", "entry__draft__registered_on", "entry__draft__title",
        "vote", "entry__outcome", "entry__draft__decision__number",
        "entry__draft__decision__adopted_on",
    )  # fmt: skip
    for (
        starts_at,
        sitting,
        position,
        number,
        registered,
        title,
        vote,
        outcome,
        hcl,
        adopted,
    ) in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                timezone.localtime(starts_at).date().isoformat(),
                sitting,
                position,
                f"{number}/{registered:%d.%m.%Y}",
                title,
                vote,
                outcome,
                f"{hcl}/{adopted:%d.%m.%Y}" if hcl else "",
                sitting_url.format(sitting),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"votes-{councillor.pk}-{year}.csv" if year else f"votes-{councillor.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@conditional_page
def committees_page(request):
    committees = Committee.objects.prefetch_related(
        current_memberships("councillor", "councillor__name", clock.today())
    ).order_by("name")
    rows = []
    for committee in committees:
        members = list(committee.memberships.all())
        rows.append(
            (
                committee,
                [m for m in members if m.role == CommitteeRole.CHAIR],
                len(members),
            )
        )
    return render(request, "public/committees.html", {"rows": rows})


@conditional_page(params=("year",))
def committee_page(request, slug: str):
    committee = get_object_or_404(
        Committee.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=CommitteeMembership.objects.select_related("councillor").order_by(
                    "councillor__name"
                ),
            )
        ),
        slug=slug,
    )
    today = clock.today()
    members = list(committee.memberships.all())
    current = sorted(
        (m for m in members if m.start <= today and (m.end is None or m.end >= today)),
        key=lambda m: (ROLE_ORDER[m.role], m.councillor.name),
    )
    former = [m for m in members if m.end is not None and m.end < today]
    opinions = DraftOpinion.objects.filter(committee=committee).select_related("draft")
    years = sorted({d.year for d in opinions.dates("given_on", "year")}, reverse=True)
    year = _year(request, years)
    listed = list(opinions.filter(given_on__year=year).order_by("-given_on", "-pk")) if year else []
    return render(
        request,
        "public/committee.html",
        {
            "committee": committee,
            "current": current,
            "former": former,
            "opinions": listed,
            "years": years,
            "year": year,
        },
    )


def roll_call_groups(ballot: str, votes: list[tuple[str, int, str]]) -> list[tuple[str, str, list]]:
    """An open vote's roll call (`votes`: vote, councillor's id and name, in the order to show)
    grouped by vote (for, against, abstention, not voting, absent), each with its councillors,
    for a compact table; empty for a secret ballot."""
    if ballot == Ballot.SECRET:
        return []
    groups: dict[str, list] = {choice: [] for choice in VoteChoice.values}
    for vote, councillor, name in votes:
        groups[vote].append((address("councillor", councillor), name))
    order = ["for", "against", "abstention", "not_voting", "absent"]
    return [(key, VoteChoice(key).label, groups[key]) for key in order if groups[key]]


def roll_call_html(groups: list[tuple[str, str, list]]) -> SafeString:
    """A roll call's groups as the sitting page shows them (`<dl>`: each vote with its count, then
    its councillors' links), written here rather than by the template engine: some 730 names on a
    sitting's page. Each name goes through html.escape."""
    parts = ["<dl>"]
    for _key, label, councillors in groups:
        parts.append(f"<dt>{html_escape(capfirst(str(label)))} ({len(councillors)})</dt><dd>")
        links = [
            f'<a href="{html_escape(url)}">{html_escape(name)}</a>' for url, name in councillors
        ]
        parts.append(", ".join(links) + "</dd>")
    parts.append("</dl>")
    return mark_safe("".join(parts))
