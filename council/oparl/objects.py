"""The OParl objects, built from the public querysets in batches: a list page costs the same few
queries whatever its length (`prefetch` loads what a batch of rows embeds)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from council.documents import listed
from council.models import (
    AgendaEntry,
    Ballot,
    CommitteeMembership,
    Councillor,
    Decision,
    Document,
    DocumentKind,
    DraftDecision,
    DraftOpinion,
    Initiative,
    OpinionKind,
    Outcome,
    RollCallVote,
    Sitting,
    SittingStatus,
)
from council.net import site_address, site_url
from program.models import ItemKind, Objective, ProgramItem
from workflows import clock

OPARL = "https://schema.oparl.org/1.1/"
VENDOR = "paacl:"

# Romanian values where OParl has no fixed list (the recommended German ones are for German
# councils): the kinds of paper, the states of a sitting, the roles of members.
PAPER_TYPES = {
    ItemKind.DRAFT_DECISION: "Proiect de hotărâre",
    ItemKind.REPORT: "Raport",
    ItemKind.INFORMATION: "Informare",
}
DECISION_TYPE = "Hotărâre"
MEETING_STATES = {
    SittingStatus.PLANNED: "planificată",
    SittingStatus.CONVENED: "convocată",
    SittingStatus.HELD: "desfășurată",
    SittingStatus.MINUTES_PUBLISHED: "proces-verbal publicat",
    SittingStatus.CANCELLED: "anulată",
}
SITTING_KINDS = {"ordinary": "ordinară", "extraordinary": "extraordinară", "emergency": "de îndată"}
COMMITTEE_ROLES = {"chair": "președinte", "secretary": "secretar", "member": "membru"}
OUTCOMES = {
    Outcome.ADOPTED: "adoptat",
    Outcome.REJECTED: "respins",
    Outcome.POSTPONED: "amânat",
    Outcome.WITHDRAWN: "retras",
    Outcome.NOTED: "luat act",
}
# OParl's own list for organizationType ("Gremium", "Fraktion", "Verwaltungsbereich", …), with
# the Romanian kind as its free-text classification.
COUNCIL_KEY = "council"


# Addresses ---------------------------------------------------------------------------------------


def url(name: str, *args: Any) -> str:
    return site_address(f"oparl:{name}", *args)


def object_url(kind: str, key: Any) -> str:
    return url("object", kind, str(key))


def body_url() -> str:
    return url("body", BODY_KEY)


def list_url(kind: str) -> str:
    return url("list", BODY_KEY, kind)


BODY_KEY = "1"


def moment(value: dt.datetime | dt.date | None) -> str | None:
    """An OParl date-time: local time with its offset, to the second."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = timezone.make_aware(dt.datetime.combine(value, dt.time()))
    # The council's own time zone (no view activates another): get_default_timezone() is read
    # once, where localtime() would look up the active zone for each of a page's thousands.
    return value.astimezone(timezone.get_default_timezone()).replace(microsecond=0).isoformat()


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def clean(obj: dict[str, Any]) -> dict[str, Any]:
    """OParl leaves out what has no value rather than sending null or an empty list."""
    return {key: value for key, value in obj.items() if value not in (None, "", [], {})}


def stamped(obj: dict[str, Any], created: Any, modified: Any) -> dict[str, Any]:
    obj["created"] = moment(created)
    obj["modified"] = moment(max(created, modified) if modified else created)
    return obj


def deleted(kind: str, key: Any, type_name: str, created: Any, modified: Any) -> dict[str, Any]:
    return stamped(
        {"id": object_url(kind, key), "type": OPARL + type_name, "deleted": True}, created, modified
    )


# The council: terms, the body, the system ------------------------------------------------------


def terms() -> list[dict[str, Any]]:
    """The council's terms from settings.COUNCIL["TERMS"], checked."""
    result = []
    for n, term in enumerate(settings.COUNCIL["TERMS"]):
        try:
            start = dt.date.fromisoformat(term["start"])
            end = dt.date.fromisoformat(term["end"]) if term.get("end") else None
            name = str(term["name"])
        except (KeyError, TypeError, ValueError) as error:
            raise ImproperlyConfigured(
                f'COUNCIL_TERMS[{n}] needs "name", "start" (YYYY-MM-DD) and an optional "end".'
            ) from error
        result.append({"key": str(start.year), "name": name, "start": start, "end": end})
    if not result:
        raise ImproperlyConfigured("COUNCIL_TERMS names no term of the council.")
    return result


def term_moment(term: dict[str, Any]) -> dt.datetime:
    """A term is known from its first day; it is configuration, not a record that changes."""
    return timezone.make_aware(dt.datetime.combine(term["start"], dt.time()))


def legislative_term(term: dict[str, Any]) -> dict[str, Any]:
    created = term_moment(term)
    return stamped(
        clean(
            {
                "id": object_url("legislativeTerm", term["key"]),
                "type": OPARL + "LegislativeTerm",
                "body": body_url(),
                "name": term["name"],
                "startDate": day(term["start"]),
                "endDate": day(term["end"]),
            }
        ),
        created,
        created,
    )


def since() -> dt.datetime:
    return min(term_moment(term) for term in terms())


def system() -> dict[str, Any]:
    created = since()
    return stamped(
        clean(
            {
                "id": url("system"),
                "type": OPARL + "System",
                "oparlVersion": OPARL,
                "body": url("bodies"),
                "name": settings.COUNCIL["NAME"],
                "contactEmail": settings.COUNCIL["EMAIL"],
                "website": site_url("/"),
                "web": site_url("/"),
            }
        ),
        created,
        created,
    )


def body() -> dict[str, Any]:
    created = since()
    return stamped(
        clean(
            {
                "id": body_url(),
                "type": OPARL + "Body",
                "system": url("system"),
                "name": settings.COUNCIL["NAME"],
                "shortName": settings.COUNCIL["SHORT_NAME"],
                "website": site_url("/"),
                "contactEmail": settings.COUNCIL["EMAIL"],
                "contactName": "Secretariatul consiliului local",
                "classification": "Consiliu local",
                "mainOrganization": object_url("organization", COUNCIL_KEY),
                "organization": list_url("organization"),
                "person": list_url("person"),
                "meeting": list_url("meeting"),
                "paper": list_url("paper"),
                "agendaItem": list_url("agendaItem"),
                "consultation": list_url("consultation"),
                "file": list_url("file"),
                "membership": list_url("membership"),
                "locationList": list_url("location"),
                "legislativeTermList": list_url("legislativeTerm"),
                "legislativeTerm": [legislative_term(term) for term in terms()],
                "web": site_url("/"),
            }
        ),
        created,
        created,
    )


# Organizations and memberships -----------------------------------------------------------------


def group_key(name: str) -> str:
    return "group-" + slugify(name)


def council_organization(councillor_ids: list[int], last_change: Any) -> dict[str, Any]:
    created = since()
    return stamped(
        clean(
            {
                "id": object_url("organization", COUNCIL_KEY),
                "type": OPARL + "Organization",
                "body": body_url(),
                "name": settings.COUNCIL["NAME"],
                "shortName": "CL " + settings.COUNCIL["SHORT_NAME"],
                "organizationType": "Gremium",
                "classification": "Consiliu local",
                "membership": [object_url("membership", f"mandate-{pk}") for pk in councillor_ids],
                "meeting": list_url("meeting"),
                "startDate": day(min(term["start"] for term in terms())),
                "web": site_url(reverse("councillors")),
            }
        ),
        created,
        last_change,
    )


def committee_organizations(committees: Iterable[Any]) -> list[dict[str, Any]]:
    """Committees with `memberships` prefetched, annotated with `o_modified`."""
    return [
        stamped(
            clean(
                {
                    "id": object_url("organization", f"committee-{committee.pk}"),
                    "type": OPARL + "Organization",
                    "body": body_url(),
                    "name": committee.name,
                    "organizationType": "Gremium",
                    "classification": "Comisie de specialitate",
                    "subOrganizationOf": object_url("organization", COUNCIL_KEY),
                    "membership": [
                        object_url("membership", f"committee-{m.pk}")
                        for m in committee.memberships.all()
                    ],
                    "web": site_url(committee.get_absolute_url()),
                }
            ),
            committee.created_at,
            committee.o_modified,
        )
        for committee in committees
    ]


def group_organizations(groups: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Party groups as {name, members: [councillor ids], created, modified}."""
    return [
        stamped(
            clean(
                {
                    "id": object_url("organization", group_key(group["name"])),
                    "type": OPARL + "Organization",
                    "body": body_url(),
                    "name": group["name"],
                    "organizationType": "Fraktion",
                    "classification": "Grup de consilieri",
                    "membership": [
                        object_url("membership", f"group-{pk}") for pk in group["members"]
                    ],
                }
            ),
            group["created"],
            group["modified"],
        )
        for group in groups
    ]


def department_organizations(departments: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        stamped(
            clean(
                {
                    "id": object_url("organization", f"department-{department.pk}"),
                    "type": OPARL + "Organization",
                    "body": body_url(),
                    "name": department.name,
                    "organizationType": "Verwaltungsbereich",
                    "classification": "Aparatul de specialitate al primarului",
                    "subOrganizationOf": (
                        object_url("organization", f"department-{department.parent_id}")
                        if department.parent_id
                        else None
                    ),
                }
            ),
            department.created_at,
            department.updated_at,
        )
        for department in departments
    ]


def persons(councillors: Iterable[Councillor]) -> list[dict[str, Any]]:
    today = clock.today()
    return [
        stamped(
            clean(
                {
                    "id": object_url("person", c.pk),
                    "type": OPARL + "Person",
                    "body": body_url(),
                    "name": c.name,
                    "status": [
                        "consilier local" if c.in_office_on(today) else "fost consilier local"
                    ],
                    "web": site_url(c.get_absolute_url()),
                    VENDOR + "party": c.party,
                }
            ),
            c.created_at,
            c.updated_at,
        )
        for c in councillors
    ]


def councillor_membership(
    c: Councillor, key: str, organization: str, role: str, **extra: Any
) -> dict[str, Any]:
    """A membership that lasts as the councillor's mandate: in the council, in a party group."""
    return stamped(
        clean(
            {
                "id": object_url("membership", f"{key}-{c.pk}"),
                "type": OPARL + "Membership",
                "person": object_url("person", c.pk),
                "organization": object_url("organization", organization),
                "role": role,
                "votingRight": True,
                "startDate": day(c.mandate_start),
                "endDate": day(c.mandate_end),
                **extra,
            }
        ),
        c.created_at,
        c.updated_at,
    )


def mandate_memberships(councillors: Iterable[Councillor]) -> list[dict[str, Any]]:
    result = []
    for c in councillors:
        mandate = {
            VENDOR + "endReason": c.mandate_end_reason,
            VENDOR + "replaces": object_url("person", c.replaces_id) if c.replaces_id else None,
        }
        result.append(
            councillor_membership(c, "mandate", COUNCIL_KEY, "consilier local", **mandate)
        )
    return result


def group_memberships(councillors: Iterable[Councillor]) -> list[dict[str, Any]]:
    return [
        councillor_membership(c, "group", group_key(c.party_group), "membru") for c in councillors
    ]


def committee_memberships(memberships: Iterable[CommitteeMembership]) -> list[dict[str, Any]]:
    return [
        stamped(
            clean(
                {
                    "id": object_url("membership", f"committee-{m.pk}"),
                    "type": OPARL + "Membership",
                    "person": object_url("person", m.councillor_id),
                    "organization": object_url("organization", f"committee-{m.committee_id}"),
                    "role": COMMITTEE_ROLES.get(m.role, m.role),
                    "votingRight": True,
                    "startDate": day(m.start),
                    "endDate": day(m.end),
                }
            ),
            m.created_at,
            m.updated_at,
        )
        for m in memberships
    ]


# Files -------------------------------------------------------------------------------------------


def public_files() -> QuerySet[Document]:
    return listed(Document.objects.public())


def file(document: Document) -> dict[str, Any]:
    """A public document; its record loaded (`listed`)."""
    address = site_url(document.get_absolute_url())
    record = document.record_kind
    links: dict[str, Any] = {}
    if record == "draft":
        links["paper"] = [object_url("paper", f"draft-{document.draft_id}")]
    elif record == "decision":
        links["paper"] = [object_url("paper", f"decision-{document.decision_id}")]
    elif record == "sitting":
        links["meeting"] = [object_url("meeting", document.sitting_id)]
    else:
        links[VENDOR + "program"] = site_url(reverse("program-page", args=[document.program.year]))
    published = document.published_at
    return stamped(
        clean(
            {
                "id": object_url("file", document.pk),
                "type": OPARL + "File",
                "name": document.title,
                "fileName": document.filename,
                "mimeType": document.media_type,
                "date": day(timezone.localtime(published).date()) if published else None,
                "size": document.size,
                "sha512Checksum": document.sha512,
                "accessUrl": address,
                "downloadUrl": address,
                **links,
                VENDOR + "sha256": document.sha256,
                VENDOR + "kind": document.kind,
                VENDOR + "version": document.version,
                VENDOR + "language": document.language,
            }
        ),
        document.uploaded_at,
        # In the file list, the moment it became public if that came later (a program's).
        getattr(document, "o_modified", document.updated_at),
    )


def current(documents: Iterable[Document]) -> list[Document]:
    """The latest version of each document (older ones stay public in the file list)."""
    documents = list(documents)
    replaced = {d.previous_id for d in documents if d.previous_id}
    return [d for d in documents if d.pk not in replaced]


def main_and_auxiliary(documents: Iterable[Document], main_kind: str) -> tuple[Any, list]:
    documents = current(documents)
    main = next((d for d in documents if d.kind == main_kind), None)
    return (
        file(main) if main else None,
        [file(d) for d in documents if d is not main],
    )


# Meetings, agenda items, locations ------------------------------------------------------------


def location_key(place: str) -> str:
    return hashlib.sha256(place.strip().encode()).hexdigest()[:16]


def location(place: str, created: Any, modified: Any) -> dict[str, Any]:
    return stamped(
        clean(
            {
                "id": object_url("location", location_key(place)),
                "type": OPARL + "Location",
                "description": place,
                "locality": "București",
            }
        ),
        created,
        modified,
    )


def public_meetings() -> QuerySet[Sitting]:
    return Sitting.objects.public().prefetch_related(
        Prefetch("entries", queryset=entries_queryset(), to_attr="ordered_entries"),
        Prefetch(
            "documents",
            queryset=listed(Document.objects.public()),
            to_attr="public_documents",
        ),
    )


def entries_queryset() -> QuerySet[AgendaEntry]:
    return (
        AgendaEntry.objects.annotate(draft_title=F("draft__title"))
        .prefetch_related(
            Prefetch(
                "roll_call",
                queryset=RollCallVote.objects.order_by("councillor__name"),
                to_attr="ordered_roll_call",
            )
        )
        .order_by("position")
    )


def public_agenda_items() -> QuerySet[AgendaEntry]:
    return entries_queryset().filter(sitting__convened_on__isnull=False).order_by("pk")


def result(entry: AgendaEntry) -> str | None:
    """The outcome in words, with the votes ("adoptat (pentru: 20, împotrivă: 2, …)")."""
    if not entry.outcome:
        return None
    text = OUTCOMES.get(entry.outcome, entry.outcome)
    if entry.votes_for is None:
        return text
    votes = (
        f"pentru: {entry.votes_for}, împotrivă: {entry.votes_against}, "
        f"abțineri: {entry.abstentions}, prezenți: {entry.present}"
    )
    if entry.ballot == Ballot.SECRET:
        votes += ", vot secret"
    return f"{text} ({votes})"


def agenda_item(entry: AgendaEntry) -> dict[str, Any]:
    roll_call = [
        {"person": object_url("person", vote.councillor_id), "vote": vote.vote}
        for vote in entry.ordered_roll_call
    ]
    votes = None
    if entry.votes_for is not None:
        votes = {
            "present": entry.present,
            "for": entry.votes_for,
            "against": entry.votes_against,
            "abstentions": entry.abstentions,
            "notVoting": entry.not_voting,
        }
    return stamped(
        clean(
            {
                "id": object_url("agendaItem", entry.pk),
                "type": OPARL + "AgendaItem",
                "meeting": object_url("meeting", entry.sitting_id),
                "number": str(entry.position),
                "order": entry.position,
                "name": entry.draft_title,
                "public": True,
                "consultation": object_url("consultation", f"agenda-{entry.pk}"),
                "result": result(entry),
                "web": site_address("sitting", entry.sitting_id),
                VENDOR + "paper": object_url("paper", f"draft-{entry.draft_id}"),
                VENDOR + "ballot": entry.ballot,
                VENDOR + "majority": entry.majority,
                VENDOR + "votes": votes,
                VENDOR + "rollCall": roll_call,
                VENDOR + "supplementReason": entry.supplement_reason,
            }
        ),
        entry.created_at,
        entry.updated_at,
    )


def meeting(sitting: Sitting, places: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """A public sitting with `entries` and `public_documents` prefetched; `places` gives each
    place's (created, modified) as the location list shows it."""
    documents = current(sitting.public_documents)
    invitation = next((d for d in documents if d.kind == DocumentKind.CONVOCATION), None)
    minutes = next((d for d in documents if d.kind == DocumentKind.MINUTES), None)
    entries = sitting.ordered_entries
    voted = [e.voted_at for e in entries if e.voted_at]
    held = sitting.status in (SittingStatus.HELD, SittingStatus.MINUTES_PUBLISHED)
    created, modified = places.get(sitting.place, (sitting.created_at, sitting.updated_at))
    return stamped(
        clean(
            {
                "id": object_url("meeting", sitting.pk),
                "type": OPARL + "Meeting",
                "name": str(sitting),
                "meetingState": MEETING_STATES[sitting.status],
                "cancelled": sitting.status == SittingStatus.CANCELLED,
                "start": moment(sitting.starts_at),
                "end": moment(max(voted)) if held and voted else None,
                "location": location(sitting.place, created, modified),
                "organization": [object_url("organization", COUNCIL_KEY)],
                "invitation": file(invitation) if invitation else None,
                "resultsProtocol": file(minutes) if minutes else None,
                "auxiliaryFile": [file(d) for d in documents if d not in (invitation, minutes)],
                "agendaItem": [agenda_item(entry) for entry in entries],
                "web": site_url(sitting.get_absolute_url()),
                VENDOR + "kind": SITTING_KINDS.get(sitting.kind, sitting.kind),
                VENDOR + "convenedOn": day(sitting.convened_on),
                VENDOR + "disposition": sitting.disposition,
            }
        ),
        sitting.created_at,
        sitting.updated_at,
    )


# Papers and consultations --------------------------------------------------------------------


def public_drafts() -> QuerySet[DraftDecision]:
    return DraftDecision.objects.select_related("department", "decision").prefetch_related(
        Prefetch(
            "documents", queryset=listed(Document.objects.public()), to_attr="public_documents"
        ),
        Prefetch(
            "opinions",
            queryset=DraftOpinion.objects.filter(kind=OpinionKind.COMMITTEE).order_by("pk"),
            to_attr="committee_opinions",
        ),
        Prefetch(
            "agenda_entries",
            queryset=AgendaEntry.objects.filter(sitting__convened_on__isnull=False)
            .select_related("sitting")
            .order_by("sitting__starts_at", "pk"),
            to_attr="public_entries",
        ),
        "initiating_councillors",
        Prefetch(
            "item",
            queryset=ProgramItem.objects.published().prefetch_related(
                Prefetch(
                    "objectives",
                    queryset=Objective.objects.select_related("strategy").order_by("code"),
                )
            ),
        ),
    )


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("draft", "draft__department").prefetch_related(
        Prefetch(
            "documents", queryset=listed(Document.objects.public()), to_attr="public_documents"
        ),
        "amends",
        "repeals",
    )


def opinion_consultation(opinion: DraftOpinion) -> dict[str, Any]:
    return stamped(
        clean(
            {
                "id": object_url("consultation", f"opinion-{opinion.pk}"),
                "type": OPARL + "Consultation",
                "paper": object_url("paper", f"draft-{opinion.draft_id}"),
                "organization": [object_url("organization", f"committee-{opinion.committee_id}")],
                "authoritative": False,
                "role": "aviz favorabil" if opinion.favourable else "aviz nefavorabil",
                VENDOR + "givenOn": day(opinion.given_on),
                VENDOR + "votes": (
                    {
                        "for": opinion.votes_for,
                        "against": opinion.votes_against,
                        "abstentions": opinion.abstentions,
                    }
                    if opinion.votes_for is not None
                    else None
                ),
            }
        ),
        opinion.created_at,
        opinion.created_at,
    )


def agenda_consultation(entry: AgendaEntry) -> dict[str, Any]:
    decided = entry.outcome in (Outcome.ADOPTED, Outcome.REJECTED, Outcome.NOTED)
    return stamped(
        clean(
            {
                "id": object_url("consultation", f"agenda-{entry.pk}"),
                "type": OPARL + "Consultation",
                "paper": object_url("paper", f"draft-{entry.draft_id}"),
                "agendaItem": object_url("agendaItem", entry.pk),
                "meeting": object_url("meeting", entry.sitting_id),
                "organization": [object_url("organization", COUNCIL_KEY)],
                "authoritative": decided,
                "role": "dezbatere și vot",
            }
        ),
        entry.created_at,
        entry.updated_at,
    )


def program_item(item: ProgramItem | None) -> dict[str, Any] | None:
    """The published program item a draft carries out, with its strategy objectives."""
    if item is None:
        return None
    return {
        "url": site_url(reverse("item", args=[item.pk])),
        "reference": item.reference,
        "title": item.title,
        "objectives": [
            {"code": o.code, "title": o.title, "strategy": o.strategy.title}
            for o in item.objectives.all()
        ],
    }


def draft_paper(draft: DraftDecision) -> dict[str, Any]:
    main, auxiliary = main_and_auxiliary(draft.public_documents, DocumentKind.DRAFT_TEXT)
    decision = getattr(draft, "decision", None)
    by_councillors = draft.initiative == Initiative.COUNCILLORS
    return stamped(
        clean(
            {
                "id": object_url("paper", f"draft-{draft.pk}"),
                "type": OPARL + "Paper",
                "body": body_url(),
                "name": draft.title,
                "reference": draft.reference,
                "date": day(draft.registered_on),
                "paperType": PAPER_TYPES.get(draft.kind, draft.kind),
                "relatedPaper": (
                    [object_url("paper", f"decision-{decision.pk}")] if decision else None
                ),
                "mainFile": main,
                "auxiliaryFile": auxiliary,
                "originatorPerson": (
                    [object_url("person", c.pk) for c in draft.initiating_councillors.all()]
                    if by_councillors
                    else None
                ),
                "originatorOrganization": (
                    [object_url("organization", COUNCIL_KEY)] if by_councillors else None
                ),
                "underDirectionOf": [
                    object_url("organization", f"department-{draft.department_id}")
                ],
                "consultation": [
                    *(opinion_consultation(o) for o in draft.committee_opinions),
                    *(agenda_consultation(e) for e in draft.public_entries),
                ],
                "web": site_url(reverse("draft", args=[draft.pk])),
                VENDOR + "initiator": draft.initiator,
                VENDOR + "initiative": draft.initiative,
                VENDOR + "legalCharacter": draft.legal_character,
                VENDOR + "urgencyReason": draft.urgency_reason,
                VENDOR + "programItem": program_item(draft.item) if draft.item_id else None,
            }
        ),
        draft.created_at,
        draft.updated_at,
    )


def decision_paper(decision: Decision) -> dict[str, Any]:
    main, auxiliary = main_and_auxiliary(decision.public_documents, DocumentKind.DECISION_TEXT)
    return stamped(
        clean(
            {
                "id": object_url("paper", f"decision-{decision.pk}"),
                "type": OPARL + "Paper",
                "body": body_url(),
                "name": decision.title,
                "reference": str(decision),
                "date": day(decision.adopted_on),
                "paperType": DECISION_TYPE,
                "relatedPaper": [object_url("paper", f"draft-{decision.draft_id}")],
                "mainFile": main,
                "auxiliaryFile": auxiliary,
                "underDirectionOf": [
                    object_url("organization", f"department-{decision.draft.department_id}")
                ],
                "web": site_url(decision.get_absolute_url()),
                VENDOR + "status": decision.status,
                VENDOR + "inForceOn": day(decision.in_force_on),
                VENDOR + "amends": [
                    object_url("paper", f"decision-{d.pk}") for d in decision.amends.all()
                ],
                VENDOR + "repeals": [
                    object_url("paper", f"decision-{d.pk}") for d in decision.repeals.all()
                ],
                VENDOR + "meeting": object_url("meeting", decision.sitting_id),
            }
        ),
        decision.created_at,
        decision.updated_at,
    )
