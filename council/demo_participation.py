"""The demo's public participation: recommendations from persons and organisations on the
normative drafts in consultation (online and on paper), answered and published when the
consultation closes, unanswered on the ones still open; a requested and held public debate."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from council import alerts, deadlines, participation, services
from council.models import DraftDecision, DraftStatus, Topic
from program.models import Department
from workflows import clock
from workflows.services import transition_fire

PEOPLE = [
    "Andreea Ionescu", "Mihai Popa", "Elena Dumitrescu", "Radu Stan", "Ioana Marinescu",
    "Cristian Georgescu", "Ana Vasilescu", "Bogdan Niculescu",
]  # fmt: skip
ORGANISATIONS = [
    "Asociația Locatarilor din Cartierul Aviatorilor", "Asociația Pietonilor din București",
    "Camera de Comerț și Industrie a Municipiului București", "Fundația Mai Bine pentru Oraș",
]  # fmt: skip
TEXTS = [
    "Propun ca termenele de implementare să fie publicate pe etape, cu un raport trimestrial "
    "pe site-ul primăriei.",
    "Solicit introducerea unei prevederi privind accesibilitatea pentru persoanele cu "
    "dizabilități în toate spațiile vizate de proiect.",
    "Considerăm că bugetul estimat este insuficient; propunem o analiză de cost pe ciclul de "
    "viață, nu doar costul de achiziție.",
    "Propun consultarea asociațiilor de proprietari înainte de stabilirea amplasamentelor.",
    "Recomand ca datele colectate să fie publicate ca date deschise, în format reutilizabil.",
]
ANSWERS = {
    "accepted": "Se preia: prevederea a fost introdusă în forma supusă aprobării.",
    "partly": "Se preia parțial: raportarea va fi semestrială, pentru a nu dubla raportările "
    "existente către finanțator.",
    "rejected": "Nu se preia: măsura nu ține de competența consiliului local al sectorului, ci "
    "de cea a Consiliului General al Municipiului București.",
}
DEBATE_PLACE = "Sala de consiliu a Primăriei Sectorului 1, Bd. Banu Manta nr. 9"


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def seed_recommendations(
    draft: DraftDecision, count: int, *, secretariat: Any, rng: random.Random, answer: bool
) -> None:
    """`count` recommendations between the announcement and the last day (or yesterday), every
    third on paper, every other from an organisation; answered and published the day after the
    last day when `answer` (so a consultation still open has them unanswered)."""
    start, end = draft.consultation_announced_on, draft.recommendations_until
    # Up to yesterday at the latest: what comes in today depends on the hour the demo is loaded.
    last = max(start, min(end, clock.today() - dt.timedelta(days=1)))
    for n in range(count):
        day = start + dt.timedelta(days=rng.randint(0, (last - start).days))
        organisation = rng.choice(ORGANISATIONS) if n % 2 else ""
        name = rng.choice(PEOPLE)
        text = TEXTS[(draft.pk + n) % len(TEXTS)]
        if n % 3 == 2:
            recommendation = participation.recommendation_register(
                draft_id=draft.pk, user=secretariat, text=text, name=name, received_on=day,
                organisation=organisation,
            )  # fmt: skip
        else:
            sent = _moment(day, 9 + n % 8, 10)
            if sent + dt.timedelta(minutes=7) > clock.now():
                continue
            email = f"{name.split()[0].lower()}.{draft.pk}{n}@example.ro"
            recommendation, token = participation.recommendation_send(
                draft_id=draft.pk, text=text, name=name, email=email, organisation=organisation,
                consent=True, at=sent,
            )  # fmt: skip
            participation.recommendation_confirm(token=token, at=sent + dt.timedelta(minutes=7))
        if answer:
            kind = ["accepted", "partly", "rejected"][(draft.pk + n) % 3]
            answered = end + dt.timedelta(days=1)
            participation.recommendation_answer(
                recommendation_id=recommendation.pk, user=secretariat, answer_kind=kind,
                answer=ANSWERS[kind], answered_on=answered,
                at=min(_moment(answered, 14), clock.now() - dt.timedelta(minutes=1)),
            )  # fmt: skip


def seed_debate(draft: DraftDecision, *, secretariat: Any) -> None:
    """An association asks for a public debate early in the consultation; it is held a week
    later, before the draft goes for opinions."""
    asked = _moment(draft.consultation_announced_on + dt.timedelta(days=1), 11)
    participation.debate_request(
        draft_id=draft.pk, organisation=ORGANISATIONS[0], email="contact@example.ro",
        reason="Proiectul schimbă regulile pentru toate asociațiile de proprietari din cartier: "
        "cerem o dezbatere publică înainte de avizare.", at=asked,
    )  # fmt: skip
    services.draft_consultation_update(
        draft_id=draft.pk, user=secretariat,
        debate_held_on=draft.consultation_announced_on + dt.timedelta(days=8),
        debate_place=DEBATE_PLACE,
    )  # fmt: skip


OPEN_DRAFT = (
    "Proiect de hotărâre privind aprobarea Regulamentului de acordare a finanțărilor "
    "nerambursabile pentru activități nonprofit de interes local"
)


def open_consultation(secretariat: Any) -> None:
    """A normative draft outside the program, in public consultation today (registered three
    days ago), so the demo always has one open."""
    today = clock.today()
    if DraftDecision.objects.filter(title=OPEN_DRAFT).exists():
        return
    announced = today - dt.timedelta(days=2)
    draft = services.draft_register(
        user=secretariat, title=OPEN_DRAFT, initiator="Primarul Sectorului 1",
        statement="Referat de aprobare: Legea nr. 350/2005 cere un regulament propriu pentru "
        "finanțările nerambursabile acordate din bugetul local.",
        department=Department.objects.order_by("name").first(), legal_character="normative",
        majority="simple", at=_moment(today - dt.timedelta(days=3), 9, 30),
    )  # fmt: skip
    services.draft_consultation_update(
        draft_id=draft.pk, user=secretariat, announced_on=announced,
        recommendations_until=deadlines.earliest_recommendations_end(announced),
    )  # fmt: skip
    transition_fire(model=DraftDecision, pk=draft.pk, name="start_consultation",
                    user=secretariat, at=_moment(announced, 12))  # fmt: skip


def seed_open_consultations(secretariat: Any, rng: random.Random) -> None:
    """The consultations still open today: a few recommendations waiting for their answers,
    and one sent but never confirmed (it does not count)."""
    open_consultation(secretariat)
    for draft in DraftDecision.objects.filter(status=DraftStatus.IN_CONSULTATION).order_by("pk"):
        if not participation.is_open(draft) or draft.recommendations.exists():
            continue
        seed_recommendations(draft, 2, secretariat=secretariat, rng=rng, answer=False)
        participation.recommendation_send(
            draft_id=draft.pk, text=TEXTS[0], name=PEOPLE[0], email="neconfirmat@example.ro",
            consent=True, at=clock.now() - dt.timedelta(hours=2),
        )  # fmt: skip


def seed_subscribers() -> None:
    """Three confirmed subscribers (everything, a department, a word) and one who never
    confirmed."""
    confirmed = [
        ("ana.abonat@example.ro", Topic.EVERYTHING, ""),
        ("mihai.abonat@example.ro", Topic.DEPARTMENT, "directia-investitii"),
        ("elena.abonat@example.ro", Topic.KEYWORD, "parcări"),
    ]
    for email, topic, value in confirmed:
        if not Department.objects.filter(slug=value).exists() and topic == Topic.DEPARTMENT:
            value = Department.objects.order_by("name").values_list("slug", flat=True).first()
        subscription = alerts.subscribe(email=email, topic=topic, value=value)
        alerts.confirm(alerts.token_for(subscription, "confirm"))
    alerts.subscribe(email="neconfirmat.abonat@example.ro", topic=Topic.EVERYTHING)
