"""Reads with the publication rules of the council's registers: what is public, and what the
council did with each program item (the execution seen from the planning)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from council.files import fold
from council.models import (
    AgendaEntry,
    Attendance,
    CommitteeMembership,
    Councillor,
    CourtActions,
    Decision,
    Document,
    DraftDecision,
    DraftStatus,
    RollCallVote,
    Sitting,
    dated_reference,
)
from program.models import (
    MONTHS,
    AnnualProgram,
    ChangeStatus,
    ItemChange,
    ItemStatus,
    Objective,
    ProgramItem,
    ProgramVersion,
    Progress,
    is_overdue,
    planned_month_label,
)
from workflows import clock


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


@dataclass(slots=True)
class ListedItem:
    """What a list of items (a month, a strategy, the program) shows of one, read as plain
    values rather than as a model: a month lists dozens, a program a thousand."""

    pk: int
    reference: str
    title: str
    department_name: str
    planned_month: int
    progress: str
    overdue: bool

    def get_progress_display(self) -> str:
        return str(Progress(self.progress).label)


def listed_items(items: QuerySet[ProgramItem]) -> list[ListedItem]:
    """These items (ordered as given), with what the council did with each, in one query."""
    rows = with_execution(items).values_list(
        "pk", "reference", "title", "department__name", "planned_month", "draft_status",
        "status", "program__year",
    )  # fmt: skip
    listed, today = [], clock.today()
    for pk, reference, title, department, month, draft_status, status, year in rows:
        progress = draft_status or Progress.NOT_STARTED
        overdue = is_overdue(status, progress, year, month, today)
        listed.append(ListedItem(pk, reference, title, department, month, progress, overdue))
    return listed


def public_state() -> list[QuerySet]:
    """When each kind of public record last changed, as one-value querysets: the fingerprint of
    what the public sees (workflows/version.py reads them in one query after every change)."""
    return [
        ProgramItem.objects.published().order_by("-updated_at").values("updated_at")[:1],
        Sitting.objects.public().order_by("-updated_at").values("updated_at")[:1],
        DraftDecision.objects.order_by("-updated_at").values("updated_at")[:1],
        Decision.objects.order_by("-updated_at").values("updated_at")[:1],
        Document.objects.order_by("-updated_at").values("updated_at")[:1],
        ProgramVersion.objects.filter(published_at__isnull=False)
        .order_by("-published_at")
        .values("published_at")[:1],
        # The court actions the secretariat records for the transparency report (a row a year).
        CourtActions.objects.order_by("-updated_at").values("updated_at")[:1],
    ]


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


# Finding decisions by what people type: "HCL 12", "12/2026", "12/16.04.2026", or words.

DECISION_REFERENCE = re.compile(
    r"^(?:hcls?1?\s*(?:nr\.?)?\s*)?(\d{1,5})"
    r"(?:\s*/\s*(?:(\d{1,2})\.(\d{1,2})\.)?(\d{4}))?$"
)


def years_of(model: type[models.Model]) -> list[int]:
    """The distinct values of the model's indexed `year` column, the latest first.

    SELECT DISTINCT reads every row; this walks the index instead, one probe per year (a loose
    index scan: the largest year, then the largest below it, and so on), so that a register's
    list of years costs the same with ten years of records as with a hundred."""
    table, year = (connection.ops.quote_name(name) for name in (model._meta.db_table, "year"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH RECURSIVE years(year) AS (
                    SELECT MAX({year}) FROM {table}
                    UNION ALL
                    SELECT (SELECT MAX({year}) FROM {table} WHERE {year} < years.year)
                      FROM years WHERE years.year IS NOT NULL
                )
                SELECT year FROM years WHERE year IS NOT NULL"""
        )
        return [year for (year,) in cursor.fetchall()]


def decision_reference(query: str) -> dict | None:
    """The lookup a decision's reference asks for ({"number": 12, "year": 2026, ...}), or None
    when the query is not a reference."""
    match = DECISION_REFERENCE.match(fold(query).strip())
    if not match:
        return None
    number, day, month, year = match.groups()
    lookup: dict = {"number": int(number)}
    if year:
        lookup["year"] = int(year)
    if day and month:
        try:
            lookup["adopted_on"] = dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
    return lookup


def words_of(query: str) -> list[str]:
    return re.findall(r"\w+", fold(query))


def has_words(text: str, words: list[str]) -> bool:
    """Every word starts a word of the text ("buget" finds "bugetul"; "sedinta" does not find
    "resedinta"), whatever the diacritics."""
    folded = fold(text)
    return all(re.search(r"\b" + re.escape(word), folded) for word in words)


class IndexedWords(models.Expression):
    """PostgreSQL: a row's `search_vector`, the weighted vector of its words that the database
    stores and indexes (GIN; migrations program 0011 and council 0017): the reference and title
    weigh A, the body B. Not a model field: the column exists only on PostgreSQL."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def words_query(query: str) -> SearchQuery:
    """The user's words as a full-text query: diacritics folded, Romanian stemming, every word
    required (as the SQLite search does), whatever punctuation the user types."""
    return SearchQuery(fold(query), config="romanian", search_type="plain")


def ranked_matches(queryset: QuerySet, query: str, *newest: str) -> QuerySet:
    """PostgreSQL: the rows of `queryset` holding the query's words, through the GIN index, best
    ranked first (a word in the title counts more than one in the body), newest first on ties."""
    words = IndexedWords()
    search = words_query(query)
    return (
        queryset.alias(words=words)
        .filter(words=search)
        .annotate(rank=SearchRank(words, search))
        .order_by("-rank", *newest)
    )


# What the search page lists of an item, a draft or a decision: plain values, 50 of each at most.


@dataclass(frozen=True, slots=True)
class ItemHit:
    pk: int
    reference: str
    title: str


@dataclass(frozen=True, slots=True)
class DraftHit:
    pk: int
    registration_number: int
    registered_on: dt.date
    title: str
    status: str

    @property
    def reference(self) -> str:
        return dated_reference(self.registration_number, self.registered_on)

    def get_status_display(self) -> str:
        return str(DraftStatus(self.status).label)


@dataclass(frozen=True, slots=True)
class DecisionHit:
    year: int
    number: int
    adopted_on: dt.date
    title: str

    @property
    def reference(self) -> str:
        return dated_reference(self.number, self.adopted_on)


def ranked_hits(query: str, limit: int = 50) -> dict[str, list]:
    """PostgreSQL: the public items, drafts and decisions holding the query's words, best ranked
    first, as plain values read from each table alone (no join, no model instance)."""
    return {
        "items": [
            ItemHit(*row)
            for row in ranked_matches(
                ProgramItem.objects.published(), query, "-published_at", "-pk"
            ).values_list("pk", "reference", "title")[:limit]
        ],
        "drafts": [
            DraftHit(*row)
            for row in ranked_matches(
                DraftDecision.objects.all(), query, "-registered_on", "-pk"
            ).values_list("pk", "registration_number", "registered_on", "title", "status")[:limit]
        ],
        "decisions": [
            DecisionHit(*row)
            for row in ranked_matches(
                Decision.objects.all(), query, "-adopted_on", "-number"
            ).values_list("year", "number", "adopted_on", "title")[:limit]
        ],
    }


def decisions_matching(decisions: QuerySet[Decision], query: str) -> QuerySet[Decision]:
    """Decisions by their reference, or by the words of their title (diacritics folded;
    PostgreSQL: full-text search in Romanian, indexed and ranked)."""
    query = (query or "").strip()[:200]
    if not query:
        return decisions
    lookup = decision_reference(query)
    if lookup is not None:
        return decisions.filter(**lookup)
    if connection.vendor == "postgresql":
        return ranked_matches(decisions, query, "-adopted_on", "-number")
    words = words_of(query)
    found = [pk for pk, title in decisions.values_list("pk", "title") if has_words(title, words)]
    return decisions.filter(pk__in=found)


# The program's versions -------------------------------------------------------------------------


@dataclass(slots=True)
class AddedItem:
    """An item a version of the program added, as its diff shows it (plain values: the first
    version adds the whole program)."""

    pk: int
    reference: str
    title: str
    status: str
    planned_month: int
    year: int

    @property
    def planned_month_label(self) -> str:
        return planned_month_label(self.year, self.planned_month)


@dataclass
class VersionDiff:
    """What one version of the program did: the items it added, and the changes it made to
    items already in the program (moved to another month, changed, dropped)."""

    version: ProgramVersion
    added: list[AddedItem] = field(default_factory=list)
    moved: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    dropped: list[ItemChange] = field(default_factory=list)

    @property
    def changes(self) -> list[ItemChange]:
        return [*self.moved, *self.changed, *self.dropped]


def program_history(program: AnnualProgram, *, staff: bool = False) -> list[VersionDiff]:
    """Each version of the program with its diff, oldest first. The public sees published
    versions only; staff also see an approved amendment waiting to be published."""
    versions = ProgramVersion.objects.filter(program=program).select_related("decision")
    if not staff:
        versions = versions.filter(published_at__isnull=False)
    diffs = {version.pk: VersionDiff(version) for version in versions.order_by("number")}
    added = (
        ProgramItem.objects.filter(
            approved_in__in=list(diffs), status__in=[ItemStatus.PUBLISHED, ItemStatus.DROPPED]
        )
        .order_by("planned_month", "sequence")
        .values_list("approved_in_id", "pk", "reference", "title", "status", "planned_month")
    )
    for version_id, *values in added:
        diffs[version_id].added.append(AddedItem(*values, program.year))
    shown = [ChangeStatus.PUBLISHED, ChangeStatus.APPROVED] if staff else [ChangeStatus.PUBLISHED]
    changes = (
        ItemChange.objects.filter(version__in=list(diffs), status__in=shown)
        .select_related("item")
        .order_by("item__sequence", "pk")
    )
    for change in changes:
        diff = diffs[change.version_id]
        if change.drop:
            diff.dropped.append(change)
        elif "planned_month" in change.after:
            diff.moved.append(change)
        else:
            diff.changed.append(change)
    return list(diffs.values())


@dataclass
class PastItem:
    """An item as an earlier version of the program had it."""

    pk: int
    reference: str
    title: str
    planned_month: int
    department: str
    objectives: list[str]
    in_force: bool  # still in the program (it was not dropped since)

    @property
    def month_label(self) -> str:
        return str(MONTHS[self.planned_month - 1])


def program_as_of(program: AnnualProgram, number: int) -> list[PastItem]:
    """The published program as version `number` had it: the items approved up to it, with the
    titles, months and objectives they had then (later changes undone)."""
    items = (
        ProgramItem.objects.filter(
            program=program,
            approved_in__number__lte=number,
            approved_in__published_at__isnull=False,
            status__in=[ItemStatus.PUBLISHED, ItemStatus.DROPPED],
        )
        .select_related("department")
        .prefetch_related("objectives")
    )
    changes = defaultdict(list)
    for change in ItemChange.objects.filter(
        item__program=program, status=ChangeStatus.PUBLISHED
    ).select_related("version"):
        changes[change.item_id].append(change)
    result = []
    for item in items:
        values = {
            "title": item.title,
            "planned_month": item.planned_month,
            "objectives": sorted(o.code for o in item.objectives.all()),
        }
        dropped = False
        for change in sorted(changes[item.pk], key=lambda c: (-c.version.number, -c.pk)):
            if change.version.number <= number:
                dropped = dropped or change.drop
                continue
            values.update(change.before)
        if dropped:
            continue
        result.append(
            PastItem(
                pk=item.pk,
                reference=item.reference,
                department=item.department.name,
                in_force=item.status == ItemStatus.PUBLISHED,
                **values,
            )
        )
    return sorted(result, key=lambda row: (row.planned_month, row.reference))


def public_consultations() -> QuerySet[DraftDecision]:
    """Normative drafts whose public consultation has been opened (Legea 52/2003): open, closed
    or long past."""
    return DraftDecision.objects.filter(
        legal_character="normative", consultation_announced_on__isnull=False
    ).exclude(status=DraftStatus.REGISTERED)
