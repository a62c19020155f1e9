"""The demo's documents: real-looking PDFs rendered with WeasyPrint from templates/documents/, in
Romanian, uploaded through the same service as the staff's: every draft's text and referat, the
specialist report where one was given, every signed decision's text, the minutes of every sitting
whose minutes are published, and one annex about people, kept internal beside its public version
with the personal data removed. Idempotent: a record that has its document keeps it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from council.documents import document_add
from council.models import (
    Decision,
    Document,
    DocumentKind,
    DraftDecision,
    DraftOpinion,
    OpinionKind,
    Sitting,
)
from workflows import clock


def pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    with translation.override("ro"):
        html = render_to_string(f"documents/{template}.html", context)
    return HTML(string=html).write_pdf()


def moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def matter(title: str) -> str:
    """ "Proiect de hotărâre privind aprobarea X" → "aprobarea X": what the council decides."""
    return title.split(" privind ", 1)[-1] if " privind " in title else title


def add(user, record: str, obj, kind: str, content: bytes, filename: str, title: str, at, **more):
    return document_add(
        user=user,
        record=record,
        record_id=obj.pk,
        kind=kind,
        file=io.BytesIO(content),
        filename=filename,
        title=title,
        at=at,
        **more,
    )


def seed_documents(secretariat: Any, today: dt.date | None = None) -> int:
    """Render and upload the demo's documents that are missing; returns how many were added."""
    today = today or clock.today()
    now = clock.now()
    added = 0
    have = set(Document.objects.values_list("kind", "draft_id", "decision_id", "sitting_id"))
    drafts = DraftDecision.objects.select_related("department", "item", "decision__sitting__chair")
    for draft in drafts.prefetch_related("committees").order_by("pk"):
        at = min(moment(draft.registered_on), now)
        context = {
            "draft": draft,
            "subject": draft.title,
            "object": matter(draft.title),
            "committees": list(draft.committees.all()),
        }
        if (DocumentKind.DRAFT_TEXT, draft.pk, None, None) not in have:
            add(
                secretariat,
                "draft",
                draft,
                DocumentKind.DRAFT_TEXT,
                pdf("draft_text", context),
                f"proiect-de-hotarare-{draft.registration_number}-{draft.year}.pdf",
                f"Proiect de hotărâre nr. {draft.reference}",
                at,
            )
            added += 1
        if (DocumentKind.STATEMENT, draft.pk, None, None) not in have:
            add(
                secretariat,
                "draft",
                draft,
                DocumentKind.STATEMENT,
                pdf("statement", context),
                f"referat-de-aprobare-{draft.registration_number}-{draft.year}.pdf",
                "Referat de aprobare",
                at,
            )
            added += 1
    reports = DraftOpinion.objects.filter(kind=OpinionKind.DEPARTMENT_REPORT).select_related(
        "draft__department"
    )
    for opinion in reports.order_by("pk"):
        if (DocumentKind.REPORT, opinion.draft_id, None, None) in have:
            continue
        add(
            secretariat,
            "draft",
            opinion.draft,
            DocumentKind.REPORT,
            pdf("report", {"draft": opinion.draft, "opinion": opinion}),
            f"raport-de-specialitate-{opinion.draft.registration_number}-{opinion.draft.year}.pdf",
            "Raport de specialitate",
            min(moment(opinion.given_on, 12), now),
        )
        added += 1
    decisions = Decision.objects.filter(signed_on__isnull=False).select_related(
        "draft__department", "sitting__chair"
    )
    for decision in decisions.prefetch_related("draft__committees").order_by("pk"):
        if (DocumentKind.DECISION_TEXT, None, decision.pk, None) in have:
            continue
        context = {
            "draft": decision.draft,
            "decision": decision,
            "subject": decision.title,
            "object": matter(decision.title),
            "committees": list(decision.draft.committees.all()),
        }
        add(
            secretariat,
            "decision",
            decision,
            DocumentKind.DECISION_TEXT,
            pdf("draft_text", context),
            f"hcl-{decision.number}-{decision.year}.pdf",
            f"Hotărârea nr. {decision.reference}",
            min(moment(decision.signed_on, 15), now),
        )
        added += 1
    sittings = Sitting.objects.filter(minutes_published_on__isnull=False).select_related("chair")
    for sitting in sittings.order_by("pk"):
        if (DocumentKind.MINUTES, None, None, sitting.pk) in have:
            continue
        entries = sitting.entries.select_related("draft__decision").order_by("position")
        add(
            secretariat,
            "sitting",
            sitting,
            DocumentKind.MINUTES,
            pdf("minutes", {"sitting": sitting, "entries": list(entries)}),
            f"proces-verbal-{timezone.localtime(sitting.starts_at):%Y-%m-%d}.pdf",
            "Proces-verbal al ședinței",
            min(moment(sitting.minutes_published_on, 12), now),
        )
        added += 1
    added += seed_personal_data_annex(secretariat, now)
    return added


PEOPLE = [
    ("Popescu Ioana", "2850312400123", "Str. Aviatorilor nr. 12, București"),
    ("Ionescu Mihai-Ștefan", "1790621400456", "Bd. Ion Mihalache nr. 40, București"),
    ("Stănescu Țuțu Ana", "2920101400789", "Str. Băiculești nr. 7, București"),
]
HIDDEN = [
    ("P. I.", "***", "Sectorul 1"),
    ("I. M.-Ș.", "***", "Sectorul 1"),
    ("S. Ț. A.", "***", "Sectorul 1"),
]


def seed_personal_data_annex(secretariat: Any, now: dt.datetime) -> int:
    """An individual decision's annex that names people: internal, and its public version with
    the personal data removed beside it."""
    decision = (
        Decision.objects.filter(signed_on__isnull=False, draft__legal_character="individual")
        .order_by("year", "number")
        .first()
    )
    if decision is None or decision.documents.filter(kind=DocumentKind.ANNEX).exists():
        return 0
    at = min(moment(decision.signed_on, 16), now)
    original = add(
        secretariat,
        "decision",
        decision,
        DocumentKind.ANNEX,
        pdf("beneficiaries", {"decision": decision, "people": PEOPLE}),
        f"anexa-hcl-{decision.number}-{decision.year}.pdf",
        "Anexa: lista persoanelor",
        at,
        internal_reason="Conține date cu caracter personal (CNP, adrese).",
    )
    add(
        secretariat,
        "decision",
        decision,
        DocumentKind.ANNEX,
        pdf("beneficiaries", {"decision": decision, "people": HIDDEN, "redacted": True}),
        f"anexa-hcl-{decision.number}-{decision.year}-anonimizata.pdf",
        "Anexa: lista persoanelor (anonimizată)",
        at,
        public_version_of=original.pk,
    )
    return 2
