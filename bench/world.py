"""A council's record at benchmark scale, written in bulk: for each year, 14 public sittings of 27
agenda entries (378 drafts, each with its statement; the adopted ones with their decision and its
text), 20 public consultations, and, for the latest years, the attendance and a roll call of 27
councillors on every entry. Drafts are made from the year's published program items where there
are any (as `generate_load_data` makes them), so pages link the program to the record.

A benchmark's synthetic record, not a council's: no services, no log, no files behind the
documents (the pages list them; nothing here downloads them).
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from council.models import (
    AgendaEntry,
    Attendance,
    Councillor,
    Decision,
    Document,
    DraftDecision,
    RollCallVote,
    Sitting,
)
from program.models import Department, ProgramItem
from workflows import audit, clock

COUNCILLORS, SITTINGS_A_YEAR, ENTRIES, CONSULTATIONS = 27, 14, 27, 20
WORDS = (
    "buget",
    "local",
    "parcare",
    "iluminat",
    "public",
    "școală",
    "grădiniță",
    "spații",
    "verzi",
    "transport",
    "reabilitare",
    "termică",
    "stradă",
    "trotuar",
    "impozit",
    "taxă",
    "locală",
    "regulament",
    "salubrizare",
    "cultură",
    "sport",
    "sănătate",
    "digitalizare",
    "registratură",
    "achiziție",
    "investiție",
    "indicatori",
    "tehnico-economici",
)


PER_YEAR = 1000


def generate(size: int, *, record_years: int | None = None) -> None:
    """`size` program items, 1,000 a year (generate_load_data), and the council's record of as
    many years (or `record_years`) ending this year."""
    years = max(1, size // PER_YEAR)
    call_command("generate_load_data", "--years", str(years),
                 "--items-per-year", str(min(size, PER_YEAR)), "--seed", "1",
                 stdout=io.StringIO())  # fmt: skip
    rng = random.Random(1)
    last = clock.today().year
    record_years = record_years or years
    for year in range(last - record_years + 1, last + 1):
        add_year(year, rng=rng, roll_calls=year > last - 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load


def councillors() -> list[Councillor]:
    """The 27 councillors of the term (created once)."""
    existing = list(Councillor.objects.order_by("pk"))
    if existing:
        return existing
    with transaction.atomic(), audit.writing():
        return Councillor.objects.bulk_create(
            Councillor(
                name=f"Consilier {n:02}",
                party="PNL" if n % 3 else "USR",
                party_group="Grupul PNL" if n % 3 else "Grupul USR",
                mandate_start=dt.date(2024, 10, 25),
            )
            for n in range(COUNCILLORS)
        )


def uploader():
    user, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
    return user


def add_year(year: int, *, rng: random.Random, roll_calls: bool) -> None:
    """One year of the council's public record (see the module's description)."""
    members = councillors()
    department = Department.objects.order_by("pk").first() or Department.objects.create(
        slug="bench", name="Direcția de test"
    )
    items = list(
        ProgramItem.objects.filter(program__year=year, status="published")
        .order_by("sequence")
        .values_list("pk", "title", "department_id")[: SITTINGS_A_YEAR * ENTRIES]
    )
    user = uploader()
    now = timezone.now()
    with transaction.atomic(), audit.writing():
        drafts = []
        for n in range(SITTINGS_A_YEAR * ENTRIES):
            item = items[n] if n < len(items) else None
            words = " ".join(rng.sample(WORDS, 6))
            normative = n < CONSULTATIONS
            drafts.append(
                DraftDecision(
                    year=year,
                    registration_number=n + 1,
                    registered_on=dt.date(year, 1, 2),
                    title=item[1] if item else f"Proiect de hotărâre privind {words}",
                    item_id=item[0] if item else None,
                    initiator="Primarul",
                    department_id=item[2] if item else department.pk,
                    legal_character="normative" if normative else "individual",
                    majority="simple",
                    statement=f"Referat de aprobare: {words}.",
                    status="adopted",
                    kind="draft_decision",
                    consultation_announced_on=dt.date(year, 1, 5) if normative else None,
                    recommendations_until=dt.date(year, 1, 15) if normative else None,
                    recommendations_count=rng.randrange(0, 9) if normative else None,
                )
            )
        drafts = DraftDecision.objects.bulk_create(drafts)
        sittings = Sitting.objects.bulk_create(
            Sitting(
                kind="ordinary",
                place="Sala de consiliu",
                status="minutes_published",
                starts_at=timezone.make_aware(
                    dt.datetime(year, 1 + s * 11 // SITTINGS_A_YEAR, 15 + s % 2, 10)
                ),
                convened_on=dt.date(year, 1 + s * 11 // SITTINGS_A_YEAR, 8),
                published_at=now,
            )
            for s in range(SITTINGS_A_YEAR)
        )
        entries, decisions = [], []
        for s, sitting in enumerate(sittings):
            for position in range(ENTRIES):
                draft = drafts[s * ENTRIES + position]
                entries.append(
                    AgendaEntry(
                        sitting=sitting,
                        position=position + 1,
                        draft=draft,
                        majority="simple",
                        present=25,
                        votes_for=23,
                        votes_against=1,
                        abstentions=1,
                        outcome="adopted",
                        voted_at=sitting.starts_at + dt.timedelta(minutes=position),
                    )
                )
                adopted_on = timezone.localtime(sitting.starts_at).date()
                decisions.append(
                    Decision(
                        year=year,
                        number=len(decisions) + 1,
                        title=draft.title.replace("Proiect de hotărâre", "Hotărâre", 1),
                        adopted_on=adopted_on,
                        sitting=sitting,
                        draft=draft,
                        item_id=draft.item_id,
                        votes_for=23,
                        votes_against=1,
                        abstentions=1,
                        signed_on=adopted_on,
                        countersigned_on=adopted_on,
                        communicated_on=adopted_on + dt.timedelta(days=3),
                        published_on=adopted_on + dt.timedelta(days=5),
                        in_force_on=adopted_on + dt.timedelta(days=5),
                    )
                )
        AgendaEntry.objects.bulk_create(entries)
        decisions = Decision.objects.bulk_create(decisions)
        documents = [
            document(draft=draft, kind="statement", title="Referat de aprobare",
                     text=draft.statement, user=user, at=now)
            for draft in drafts
        ] + [
            document(decision=decision, kind="decision_text", title=decision.title,
                     text=decision.title, user=user, at=now)
            for decision in decisions
        ]  # fmt: skip
        Document.objects.bulk_create(documents, batch_size=2000)
        if roll_calls:
            add_roll_calls(sittings, entries, members, rng)


def document(*, kind: str, title: str, text: str, user, at, **record) -> Document:
    name = f"{kind}-{abs(hash(title)) % 10**8}.pdf"
    return Document(
        kind=kind,
        title=title[:300],
        file=f"bench/{name}",
        filename=name,
        media_type="application/pdf",
        size=40_000,
        sha256="0" * 64,
        sha512="0" * 128,
        search_text=text.lower(),
        uploaded_at=at,
        uploaded_by=user,
        **record,
    )


def add_roll_calls(sittings, entries, members, rng) -> None:
    attendance, votes = [], []
    absent_at = {}
    for sitting in sittings:
        absent = set(rng.sample(range(len(members)), 2))
        absent_at[sitting.pk] = {members[n].pk for n in absent}
        attendance += [
            Attendance(sitting=sitting, councillor=c, present=n not in absent)
            for n, c in enumerate(members)
        ]
    Attendance.objects.bulk_create(attendance)
    choices = ["against", "abstention"] + ["for"] * (len(members) - 4)
    for entry in entries:
        absent = absent_at[entry.sitting_id]
        present = [c for c in members if c.pk not in absent]
        votes += [
            RollCallVote(entry=entry, councillor=c, vote=v)
            for c, v in zip(present, choices, strict=True)
        ]
        votes += [RollCallVote(entry=entry, councillor_id=pk, vote="absent") for pk in absent]
    RollCallVote.objects.bulk_create(votes, batch_size=5000)
