"""Where each OParl list takes its objects from, with `created` and `modified` as SQL can filter
them. A list may draw on several sources (papers: drafts, then decisions); it is paginated across
them in their order, each source ordered by its key, so a page's URL always means the same rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    DateTimeField,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest

from council.models import (
    AgendaEntry,
    Committee,
    CommitteeMembership,
    Councillor,
    Document,
    DraftOpinion,
    OpinionKind,
    Sitting,
)
from council.oparl import objects as o
from program.models import Department


@dataclass(frozen=True)
class Window:
    """The filters OParl names: `created_since`, `created_until`, `modified_since`,
    `modified_until` (each inclusive)."""

    created_since: dt.datetime | None = None
    created_until: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None

    def lookups(self) -> dict[str, dt.datetime]:
        names = {
            "created_since": "o_created__gte",
            "created_until": "o_created__lte",
            "modified_since": "o_modified__gte",
            "modified_until": "o_modified__lte",
        }
        return {names[key]: value for key, value in vars(self).items() if value is not None}

    def admits(self, created: dt.datetime, modified: dt.datetime) -> bool:
        return (
            (self.created_since is None or created >= self.created_since)
            and (self.created_until is None or created <= self.created_until)
            and (self.modified_since is None or modified >= self.modified_since)
            and (self.modified_until is None or modified <= self.modified_until)
        )


class Source:
    """Objects of one kind from one place: counted, sliced and looked up by key."""

    prefix = ""  # the key's prefix ("draft-"), empty for plain ids
    # Withdrawn objects are listed (as `deleted: true`) only to an incremental client.
    tombstones = False

    def count(self, window: Window) -> int:
        raise NotImplementedError

    def page(self, window: Window, start: int, stop: int) -> list[dict[str, Any]]:
        raise NotImplementedError

    def get(self, key: str) -> dict[str, Any] | None:
        raise NotImplementedError


class Rows(Source):
    """A queryset annotated with `o_created` and `o_modified`, built in batches."""

    def __init__(
        self,
        queryset: Callable[[], QuerySet],
        build: Callable[[list[Any]], list[dict[str, Any]]],
        *,
        prefix: str = "",
        created: Any = None,
        modified: Any = None,
        tombstones: bool = False,
    ) -> None:
        self.queryset, self.build, self.prefix, self.tombstones = (
            queryset, build, prefix, tombstones,
        )  # fmt: skip
        self.created = created if created is not None else F("created_at")
        self.modified = modified if modified is not None else F("updated_at")

    def rows(self, window: Window | None = None) -> QuerySet:
        rows = self.queryset().annotate(o_created=self.created, o_modified=self.modified)
        return rows.filter(**(window.lookups() if window else {})).order_by("pk")

    def count(self, window: Window) -> int:
        return self.rows(window).count()

    def page(self, window: Window, start: int, stop: int) -> list[dict[str, Any]]:
        return self.build(list(self.rows(window)[start:stop]))

    def get(self, key: str) -> dict[str, Any] | None:
        if not key.isdigit():
            return None
        found = list(self.rows().filter(pk=int(key)))
        return self.build(found)[0] if found else None


class Listed(Source):
    """A short list computed whole (the council, its party groups, terms, places): a few rows
    that grow with the council's composition, not with its record; one query or none."""

    def __init__(
        self,
        entries: Callable[[], list[tuple[str, dt.datetime, dt.datetime, Callable[[], dict]]]],
        *,
        prefix: str = "",
    ) -> None:
        self.entries, self.prefix = entries, prefix  # [(key, created, modified, build)]

    def admitted(self, window: Window) -> list[Any]:
        return [entry for entry in self.entries() if window.admits(entry[1], entry[2])]

    def count(self, window: Window) -> int:
        return len(self.admitted(window))

    def page(self, window: Window, start: int, stop: int) -> list[dict[str, Any]]:
        return [entry[3]() for entry in self.admitted(window)[start:stop]]

    def get(self, key: str) -> dict[str, Any] | None:
        return next((entry[3]() for entry in self.entries() if entry[0] == key), None)


# The sources of each list ----------------------------------------------------------------------


def council_entries() -> list[tuple]:
    councillors = list(Councillor.objects.order_by("pk").values_list("pk", "created_at"))
    last = max((created for _, created in councillors), default=None)
    created = o.since()
    modified = max(created, last) if last else created
    ids = [pk for pk, _ in councillors]
    return [(o.COUNCIL_KEY, created, modified, lambda: o.council_organization(ids, modified))]


def group_entries() -> list[tuple]:
    groups: dict[str, dict[str, Any]] = {}
    for pk, name, created in (
        Councillor.objects.exclude(party_group="")
        .order_by("party_group", "pk")
        .values_list("pk", "party_group", "created_at")
    ):
        group = groups.setdefault(
            name, {"name": name, "members": [], "created": created, "modified": created}
        )
        group["members"].append(pk)
        group["created"] = min(group["created"], created)
        group["modified"] = max(group["modified"], created)
    return [
        (
            o.group_key(name)[len("group-") :],
            group["created"],
            group["modified"],
            lambda group=group: o.group_organizations([group])[0],
        )
        for name, group in groups.items()
    ]


def term_entries() -> list[tuple]:
    return [
        (term["key"], o.term_moment(term), o.term_moment(term),
         lambda term=term: o.legislative_term(term))
        for term in o.terms()
    ]  # fmt: skip


def places(only: Iterable[str] | None = None) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Each place of a public sitting: (created, modified) as its Location. A place is public
    from the moment the first sitting there was; its description never changes after (a convened
    sitting is not moved)."""
    sittings = Sitting.objects.public()
    if only is not None:
        sittings = sittings.filter(place__in=list(only))
    return {
        row["place"]: (row["first"], row["first"])
        for row in sittings.order_by().values("place").annotate(first=Min("published_at"))
    }


def location_entries() -> list[tuple]:
    return sorted(
        (
            (o.location_key(place), created, modified,
             lambda place=place, c=created, m=modified: o.location(place, c, m))
            for place, (created, modified) in places().items()
        ),
        key=lambda entry: entry[0],
    )  # fmt: skip


def committees() -> QuerySet[Committee]:
    return Committee.objects.prefetch_related(
        Prefetch("memberships", queryset=CommitteeMembership.objects.order_by("pk"))
    )


LAST_MEMBER = Subquery(
    CommitteeMembership.objects.filter(committee=OuterRef("pk"))
    .order_by()
    .values("committee")
    .annotate(last=Max("created_at"))
    .values("last"),
    output_field=DateTimeField(),
)


def meetings(rows: list[Sitting]) -> list[dict[str, Any]]:
    known = places({sitting.place for sitting in rows})
    return [o.meeting(sitting, known) for sitting in rows]


def files(rows: list[Document]) -> list[dict[str, Any]]:
    return [o.file(document) for document in rows]


def withdrawn_files() -> QuerySet[Document]:
    """Documents that were public and are no longer (made internal, or replaced by a public
    version): an incremental client deletes its copy."""
    return Document.objects.filter(withdrawn_at__isnull=False).exclude(
        pk__in=Document.objects.public().values("pk")
    )


def tombstones(rows: list[Document]) -> list[dict[str, Any]]:
    return [o.deleted("file", d.pk, "File", d.o_created, d.o_modified) for d in rows]


def draft_papers(rows: list[Any]) -> list[dict[str, Any]]:
    return [o.draft_paper(draft) for draft in rows]


def decision_papers(rows: list[Any]) -> list[dict[str, Any]]:
    return [o.decision_paper(decision) for decision in rows]


SOURCES: dict[str, list[Source]] = {
    "organization": [
        Listed(council_entries),
        Rows(
            committees,
            o.committee_organizations,
            prefix="committee-",
            modified=Greatest(F("updated_at"), Coalesce(LAST_MEMBER, F("updated_at"))),
        ),
        Listed(group_entries, prefix="group-"),
        Rows(lambda: Department.objects.all(), o.department_organizations, prefix="department-"),
    ],
    "person": [Rows(lambda: Councillor.objects.all(), o.persons)],
    "membership": [
        Rows(lambda: Councillor.objects.all(), o.mandate_memberships, prefix="mandate-"),
        Rows(
            lambda: Councillor.objects.exclude(party_group=""),
            o.group_memberships,
            prefix="group-",
        ),
        Rows(
            lambda: CommitteeMembership.objects.all(), o.committee_memberships, prefix="committee-"
        ),
    ],
    "meeting": [Rows(o.public_meetings, meetings)],
    "agendaItem": [
        Rows(o.public_agenda_items, lambda rows: [o.agenda_item(entry) for entry in rows])
    ],
    "paper": [
        Rows(o.public_drafts, draft_papers, prefix="draft-"),
        Rows(o.public_decisions, decision_papers, prefix="decision-"),
    ],
    "consultation": [
        Rows(
            lambda: DraftOpinion.objects.filter(kind=OpinionKind.COMMITTEE),
            lambda rows: [o.opinion_consultation(opinion) for opinion in rows],
            prefix="opinion-",
            modified=F("created_at"),
        ),
        Rows(
            lambda: AgendaEntry.objects.filter(sitting__convened_on__isnull=False),
            lambda rows: [o.agenda_consultation(entry) for entry in rows],
            prefix="agenda-",
        ),
    ],
    "file": [
        Rows(
            o.public_files,
            files,
            created=F("uploaded_at"),
            # A program's documents are public from its publication, which the record keeps.
            modified=Greatest(
                F("updated_at"), Coalesce(F("program__published_at"), F("updated_at"))
            ),
        ),
        Rows(
            withdrawn_files,
            tombstones,
            created=F("uploaded_at"),
            tombstones=True,
        ),
    ],
    "legislativeTerm": [Listed(term_entries)],
    "location": [Listed(location_entries)],
}

# The OParl type of each list's objects.
TYPES = {
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "meeting": "Meeting",
    "agendaItem": "AgendaItem",
    "paper": "Paper",
    "consultation": "Consultation",
    "file": "File",
    "legislativeTerm": "LegislativeTerm",
    "location": "Location",
}


def lookup(kind: str, key: str) -> dict[str, Any] | None:
    """One object by its key ("draft-12", "council", "7"), deleted ones included."""
    for source in SOURCES[kind]:
        if source.prefix and key.startswith(source.prefix):
            found = source.get(key[len(source.prefix) :])
        elif not source.prefix:
            found = source.get(key)
        else:
            continue
        if found is not None:
            return found
    return None
