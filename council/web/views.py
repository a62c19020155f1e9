"""The public site: what the council plans to decide and when, and what became of it."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from html import escape as html_escape
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Count, F, Func, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from council.documents import listed
from council.files import fold
from council.models import (
    AgendaEntry,
    Decision,
    Document,
    DraftDecision,
    DraftStatus,
    Kind,
    Sitting,
    SittingStatus,
)
from council.selectors import (
    ListedItem,
    decision_reference,
    has_words,
    listed_items,
    program_as_of,
    program_history,
    public_items,
    public_sittings,
    ranked_hits,
    words_of,
    words_query,
)
from council.web.documents import document_lines_html
from council.web.http import FILTERS, conditional_page
from council.web.public import PublicFilterForm, filtered_sittings, month_weeks
from program.models import (
    MONTHS,
    AnnualProgram,
    ItemStatus,
    Objective,
    ObjectiveLevel,
    ProgramItem,
    ProgramStatus,
    Progress,
    Strategy,
)
from workflows import clock
from workflows.text import whole_number

OUTCOME_PROGRESS = {Progress.ADOPTED, Progress.REJECTED, Progress.WITHDRAWN}


def month_context(request, year: int, month: int) -> dict:
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        raise Http404
    form = PublicFilterForm(request.GET or None)
    invalid = form.is_bound and not form.is_valid()
    # What the month shows of an item: its reference, title, department and progress (no
    # objectives, so none are fetched).
    items = form.apply(ProgramItem.objects.published())
    items = listed_items(items.filter(program__year=year, planned_month=month).order_by("sequence"))
    sittings = filtered_sittings(form, Sitting.objects.public()).filter(
        starts_at__year=year, starts_at__month=month
    )
    sittings = list(sittings.order_by("starts_at"))
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    query = "?" + "&".join(f"{k}={v}" for k, v in form.active.items()) if form.active else ""
    return {
        "year": year,
        "month": month,
        "month_name": MONTHS[month - 1],
        "first": first,
        "weeks": month_weeks(year, month, sittings),
        "items": items,
        "items_html": month_items_html(items),
        "sittings": sittings,
        "form": form,
        "invalid": invalid,
        "query": query,
        "previous_url": reverse("calendar-month", args=[previous.year, previous.month]) + query,
        "next_url": reverse("calendar-month", args=[following.year, following.month]) + query,
        "ics_url": reverse("calendar-ics") + query,
        "webcal_url": "webcal://"
        + urlsplit(settings.SITE_URL).netloc
        + reverse("calendar-ics")
        + query,
        "feed_url": reverse("feed-atom") + query,
        "today": clock.today(),
    }


@conditional_page(params=FILTERS)
def home(request):
    today = clock.today()
    context = month_context(request, today.year, today.month)
    context["programs"] = AnnualProgram.objects.filter(status=ProgramStatus.PUBLISHED).order_by(
        "-year"
    )
    context["strategies"] = Strategy.objects.order_by("title")
    context.update(whats_next())
    return render(request, "public/home.html", context, status=400 if context["invalid"] else 200)


def whats_next() -> dict:
    """What a visitor wants first: the next convened sitting with its agenda, the open public
    consultations and the latest decisions (four queries)."""
    upcoming = (
        public_sittings()
        .filter(status=SittingStatus.CONVENED, starts_at__gte=clock.now())
        .prefetch_related(
            Prefetch(
                "entries", queryset=AgendaEntry.objects.select_related("draft").order_by("position")
            )
        )
        .order_by("starts_at")
        .first()
    )
    consultations = (
        DraftDecision.objects.filter(status=DraftStatus.IN_CONSULTATION)
        .select_related("department")
        .order_by("recommendations_until", "pk")[:5]
    )
    latest = Decision.objects.order_by("-adopted_on", "-number")[:5]
    return {"next_sitting": upcoming, "consultations": list(consultations), "latest": list(latest)}


def calendar_now(request):
    today = clock.today()
    url = reverse("calendar-month", args=[today.year, today.month])
    return redirect(url + (f"?{request.GET.urlencode()}" if request.GET else ""))


@conditional_page(params=FILTERS)
def calendar_month(request, year: int, month: int):
    context = month_context(request, year, month)
    return render(
        request, "public/calendar.html", context, status=400 if context["invalid"] else 200
    )


def published_program_or_404(year: int) -> AnnualProgram:
    return get_object_or_404(AnnualProgram, year=year, status=ProgramStatus.PUBLISHED)


@conditional_page(params=("version",))
def program_page(request, year: int):
    program = published_program_or_404(year)
    history = program_history(program)
    in_force = history[-1].version.number if history else 0
    shown = request.GET.get("version", "")
    if shown and shown != str(in_force):
        return program_version_page(request, program, history, shown)
    items = listed_items(
        ProgramItem.objects.published()
        .filter(program=program)
        .order_by("planned_month", "sequence")
    )
    by_month: dict[int, list] = defaultdict(list)
    for item in items:
        by_month[item.planned_month].append(item)
    # The objectives' codes and titles as plain values, one query (no instance per objective).
    objectives: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item_id, code, title in (
        ProgramItem.objectives.through.objects.filter(
            programitem__program=program, programitem__status=ItemStatus.PUBLISHED
        )
        .order_by("objective__code")
        .values_list("programitem_id", "objective__code", "objective__title")
    ):
        objectives[item_id].append((code, title))
    progress = defaultdict(int)
    for item in items:
        progress[item.progress] += 1
    return render(
        request,
        "public/program.html",
        {
            "program": program,
            "months": [
                (MONTHS[m - 1], program_rows(by_month[m], objectives))
                for m in range(1, 13)
                if by_month.get(m)
            ],
            "history": history,
            "approving": history[0].version if history else None,
            # The version in force is the latest published one (an amendment approved but not
            # published yet is not part of the public program).
            "version": in_force,
            "count": len(items),
            "progress": sorted(
                ((Progress(k).label, v) for k, v in progress.items()), key=lambda p: -p[1]
            ),
            "overdue": sum(item.overdue for item in items),
            "documents": list(listed(Document.objects.public().filter(program=program))),
        },
    )


def overdue_mark() -> SafeString:
    return format_html(
        ' <span class="overdue"><span aria-hidden="true">⚠</span> {}</span>', _("overdue")
    )


def progress_html(item: ProgramItem | ListedItem, overdue: SafeString) -> SafeString:
    """public/_progress.html, written here for pages that list many items."""
    return format_html(
        '<span class="progress progress-{}">{}</span>{}',
        item.progress,
        item.get_progress_display(),
        overdue if item.overdue else "",
    )


def url_pattern(name: str, arguments: int = 1) -> str:
    """An address with `{0}`, `{1}`… for its arguments (whole numbers): one reverse() for a whole
    list of links."""
    marks = [8888 + n for n in range(arguments - 1)] + [999999999]
    url = reverse(name, args=marks)
    for n, mark in enumerate(marks):
        url = url.replace(str(mark), f"{{{n}}}")
    return url


def search_lines_html(results: dict[str, list]) -> dict[str, SafeString]:
    """The search page's lists of items, drafts and decisions (up to 50 each), written here with
    plain formatting and html.escape on every value from the database, as ItemLines does."""
    item, draft, decision = (
        html_escape(url_pattern(*name)) for name in (("item",), ("draft",), ("decision", 2))
    )
    return {
        "items": mark_safe(
            "".join(
                f'<li><a href="{item.format(hit.pk)}">{html_escape(hit.reference)}</a> '
                f"{html_escape(hit.title)}</li>"
                for hit in results["items"]
            )
        ),
        "drafts": mark_safe(
            "".join(
                f'<li><a href="{draft.format(hit.pk)}">PH {html_escape(hit.reference)}</a> '
                f"{html_escape(hit.title)} — {html_escape(str(hit.get_status_display()))}</li>"
                for hit in results["drafts"]
            )
        ),
        "decisions": mark_safe(
            "".join(
                f'<li><a href="{decision.format(hit.year, hit.number)}">HCL '
                f"{html_escape(hit.reference)}</a> {html_escape(hit.title)}</li>"
                for hit in results["decisions"]
            )
        ),
    }


class ItemLines:
    """The HTML of items in long lists (a month, a strategy, the program), written here with
    plain string formatting rather than by the template engine or format_html, whose per-value
    escaping took most of a 1,000-item program's render. The same HTML: each value from the
    database goes through html.escape (what Django's escape does), the progress marks are
    written once per (progress, overdue) pair and the objectives' abbreviations once per code."""

    def __init__(self) -> None:
        self.item_url = html_escape(url_pattern("item"))
        self.overdue = overdue_mark()
        self.marks: dict[tuple[str, bool], str] = {}
        self.abbrs: dict[str, str] = {}

    def progress(self, item: ListedItem) -> str:
        key = (item.progress, item.overdue)
        if key not in self.marks:
            self.marks[key] = progress_html(item, self.overdue)
        return self.marks[key]

    def abbr(self, code: str, title: str) -> str:
        if code not in self.abbrs:
            self.abbrs[code] = f'<abbr title="{html_escape(title)}">{html_escape(code)}</abbr>'
        return self.abbrs[code]


def month_items_html(items: list[ListedItem]) -> SafeString:
    """The month's list of items (public/_month.html), written here: a month has dozens."""
    lines = ItemLines()
    return mark_safe(
        "".join(
            "<li>\n"
            f'      <a href="{lines.item_url.format(item.pk)}"><span class="reference">'
            f"{html_escape(item.reference)}</span> {html_escape(item.title)}</a>\n"
            f'      <br><span class="muted">{html_escape(item.department_name)}</span> · '
            f"{lines.progress(item)}\n"
            "    </li>"
            for item in items
        )
    )


def strategy_items_html(items: list[ListedItem], lines: ItemLines) -> SafeString:
    """An objective's items on a strategy's page, written here: an item linked to a general
    objective is listed under each of its specific objectives too."""
    return mark_safe(
        "".join(
            f'<li><a href="{lines.item_url.format(item.pk)}">{html_escape(item.reference)}</a> '
            f"{html_escape(item.title)} — {lines.progress(item)}</li>"
            for item in items
        )
    )


def program_rows(
    items: list[ListedItem], objectives: dict[int, list[tuple[str, str]]]
) -> SafeString:
    """The program's table rows for these items: the same HTML public/program.html had, labels
    translated once."""
    label = {name: escape(_(name)) for name in ("Reference", "Title", "Department", "Objectives")}
    progress_label = escape(_("Progress"))
    lines = ItemLines()
    rows = []
    for item in items:
        linked = ", ".join(lines.abbr(code, title) for code, title in objectives[item.pk])
        rows.append(
            "<tr>\n"
            f'      <td data-label="{label["Reference"]}">{html_escape(item.reference)}</td>\n'
            f'      <td data-label="{label["Title"]}"><a href="{lines.item_url.format(item.pk)}">'
            f"{html_escape(item.title)}</a></td>\n"
            f'      <td data-label="{label["Department"]}">{html_escape(item.department_name)}'
            "</td>\n"
            f'      <td data-label="{label["Objectives"]}">{linked}</td>\n'
            f'      <td data-label="{progress_label}">{lines.progress(item)}</td>\n'
            "    </tr>"
        )
    # Every value from the database was escaped on its way in.
    return mark_safe("".join(rows))


def program_version_page(request, program: AnnualProgram, history: list, shown: str):
    """The program as an earlier version had it, and what each later version changed."""
    numbers = {str(diff.version.number): diff for diff in history}
    if shown not in numbers:
        raise Http404(
            _("The program of %(year)s has no published version “%(version)s”.")
            % {"year": program.year, "version": shown[:20]}
        )
    diff = numbers[shown]
    rows = program_as_of(program, diff.version.number)
    by_month: dict[int, list] = defaultdict(list)
    for row in rows:
        by_month[row.planned_month].append(row)
    return render(
        request,
        "public/program_version.html",
        {
            "program": program,
            "diff": diff,
            "later": [d for d in history if d.version.number > diff.version.number],
            "in_force": history[-1].version.number,
            "months": [(MONTHS[m - 1], by_month[m]) for m in range(1, 13) if by_month.get(m)],
            "count": len(rows),
        },
    )


@conditional_page
def item_page(request, pk: int):
    item = get_object_or_404(public_items(), pk=pk)
    drafts = list(
        DraftDecision.objects.filter(item=item)
        .prefetch_related(
            Prefetch(
                "agenda_entries",
                queryset=AgendaEntry.objects.filter(sitting__in=public_sittings())
                .select_related("sitting")
                .order_by("sitting__starts_at"),
            )
        )
        .select_related("decision")
        .order_by("registered_on")
    )
    version = item.approved_in
    return render(
        request,
        "public/item.html",
        {
            "item": item,
            "drafts": drafts,
            "version": version,
            "consulted": item.consulted_departments.order_by("name"),
        },
    )


@conditional_page
def strategies(request):
    listed = Strategy.objects.annotate(objective_count=Count("objectives")).order_by("title")
    return render(request, "public/strategies.html", {"strategies": listed})


@conditional_page(params=("year",))
def strategy_page(request, slug: str):
    strategy = get_object_or_404(Strategy, slug=slug)
    published_years = sorted(
        AnnualProgram.objects.filter(
            status=ProgramStatus.PUBLISHED,
            year__gte=strategy.start_year,
            year__lte=strategy.end_year,
        ).values_list("year", flat=True)
    )
    asked = whole_number(request.GET.get("year"), digits=4)
    if request.GET.get("year") is not None and asked not in published_years:
        raise Http404(_("There is no published program of that year in this strategy's period."))
    this_year = clock.today().year
    year = asked or (
        this_year if this_year in published_years else max(published_years, default=this_year)
    )
    objectives = tree_order(list(strategy.objectives.order_by("position", "code")))
    in_year = ProgramItem.objects.published().filter(program__year=year)
    items = listed_items(
        in_year.filter(objectives__strategy=strategy).distinct().order_by("sequence")
    )
    # Each item's objectives of this strategy with their ancestors ("IT-OG1-OS1.2" counts under
    # "IT-OG1" too), as plain codes in one query.
    under: dict[int, set[str]] = defaultdict(set)
    for item_id, code in ProgramItem.objectives.through.objects.filter(
        programitem__in=in_year, objective__strategy=strategy
    ).values_list("programitem_id", "objective__code"):
        parts = code.split("-")
        under[item_id].update("-".join(parts[:n]) for n in range(1, len(parts) + 1))
    lines = ItemLines()
    rows = []
    for objective in objectives:
        linked = [item for item in items if objective.code in under[item.pk]]
        done = sum(item.progress == Progress.ADOPTED for item in linked)
        moving = sum(
            item.progress not in (Progress.NOT_STARTED, *OUTCOME_PROGRESS) for item in linked
        )
        rows.append(
            {
                "objective": objective,
                "items": linked,
                "items_html": strategy_items_html(linked, lines),
                "done": done,
                "moving": moving,
                "waiting": len(linked) - done - moving,
                "total": len(linked),
            }
        )
    gaps = [row["objective"] for row in rows if not row["items"]]
    return render(
        request,
        "public/strategy.html",
        {
            "strategy": strategy,
            "rows": rows,
            "gaps": gaps,
            "year": year,
            "years": published_years,
            "levels": ObjectiveLevel,
        },
    )


def tree_order(objectives: list[Objective]) -> list[Objective]:
    """Depth first: each general objective, then its specific objectives, each with its measures."""
    children: dict[int | None, list[Objective]] = defaultdict(list)
    for objective in objectives:
        children[objective.parent_id].append(objective)
    ordered: list[Objective] = []

    def visit(parent_id: int | None) -> None:
        for objective in children.get(parent_id, []):
            ordered.append(objective)
            visit(objective.pk)

    visit(None)
    return ordered


def search_results(query: str) -> dict[str, list]:
    """What matches the query: a decision by its reference ("HCL 12", "12/2026",
    "12/16.04.2026"); sittings by their date and kind; public items, drafts, decisions and
    documents by every word, whatever the diacritics. PostgreSQL: full-text search (Romanian
    stemming over unaccented text) through GIN indexes, ranked, newest first on ties; SQLite:
    each word starts a word of the text, newest first."""
    empty = {"sittings": [], "items": [], "drafts": [], "decisions": [], "documents": []}
    reference = decision_reference(query)
    if reference is not None:
        decisions = Decision.objects.filter(**reference).order_by("-adopted_on", "-number")
        return {**empty, "decisions": list(decisions[:50])}
    results = {**empty, "sittings": sitting_hits(query), "documents": document_hits(query)}
    if connection.vendor == "postgresql":
        return {**results, **ranked_hits(query)}
    # SQLite: fold diacritics in Python over the (small) public registers.
    words = words_of(query)
    items = ProgramItem.objects.published()
    drafts = DraftDecision.objects.all()
    decisions = Decision.objects.all()

    def hits(queryset, newest, *fields):
        found = [
            row
            for row in queryset.order_by(*newest)
            if has_words(" ".join(str(getattr(row, f)) for f in fields), words)
        ]
        return found[:50]

    return {
        **results,
        "items": hits(items, ("-published_at", "-pk"), "title", "description", "reference"),
        "drafts": hits(drafts, ("-registered_on", "-pk"), "title", "statement"),
        "decisions": hits(decisions, ("-adopted_on", "-number"), "title"),
    }


SITTING_WORDS = {
    "ordinar": Kind.ORDINARY,
    "extraordinar": Kind.EXTRAORDINARY,
    "indata": Kind.EMERGENCY,
}
DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def sitting_hits(query: str) -> list:
    """Public sittings the query names by a date (17.12.2026 or 2026-12-17) or a kind
    ("ședință ordinară", "extraordinară", "de îndată"); the latest first."""
    words = words_of(query)
    kinds = {
        kind for word in words for stem, kind in SITTING_WORDS.items() if word.startswith(stem)
    }
    asks_sittings = any(word.startswith("sedint") for word in words)
    sittings = public_sittings().order_by("-starts_at")
    day = None
    if match := DATE.search(query):
        d, m, y, iy, im, iday = match.groups()
        try:
            day = dt.date(int(y or iy), int(m or im), int(d or iday))
        except ValueError:
            day = None
    if day is not None:
        sittings = sittings.filter(starts_at__date=day)
    elif kinds:
        sittings = sittings.filter(kind__in=kinds)
    elif not asks_sittings:
        return []
    if day is not None and kinds:
        sittings = sittings.filter(kind__in=kinds)
    return list(sittings[:20])


def document_hits(query: str) -> list[Document]:
    """Public documents whose text holds every word of the query, whatever the diacritics (the
    text is stored folded). PostgreSQL: full-text search over the GIN index of that text
    (migration council 0007); SQLite: a match of each word."""
    folded = fold(query)
    documents = Document.objects.public()
    if connection.vendor == "postgresql":
        vector = Func(
            F("search_text"),
            template="to_tsvector('romanian'::regconfig, %(expressions)s)",
            output_field=SearchVectorField(),
        )
        documents = documents.alias(words=vector).filter(words=words_query(query))
    else:
        for word in folded.split():
            documents = documents.filter(search_text__contains=word)
    # The 50 newest first, by their ids alone (no join but what "public" needs), then those 50:
    # their short lines show only what a document holds itself (document_lines_html).
    newest = ("-uploaded_at", "-id")
    found = list(documents.order_by(*newest).values_list("pk", flat=True)[:50])
    return list(Document.objects.filter(pk__in=found).order_by(*newest))


# Each query's page is kept in the page cache until the public record changes: a popular query
# is answered from the cache, a rare one from the indexes.
@conditional_page(params=("q",))
def search(request):
    query = (request.GET.get("q") or "").strip()[:200]
    empty = {"sittings": [], "items": [], "drafts": [], "decisions": [], "documents": []}
    results = search_results(query) if query else empty
    return render(
        request,
        "public/search.html",
        {
            "query": query,
            "results": results,
            "lines": search_lines_html(results),
            "documents": document_lines_html(results["documents"]),
            "total": sum(len(v) for v in results.values()),
        },
    )


def accessibility(request):
    return render(request, "public/accessibility.html", {"updated": dt.date(2026, 11, 25)})


def privacy(request):
    """The privacy notice: what personal data the service keeps, why and for how long."""
    return render(request, "public/privacy.html", {"updated": dt.date(2026, 11, 30)})
