"""The council's year in the demo: sittings, drafts, votes and decisions, simulated day by day
through the same services the secretariat uses, so every number obeys the rules (notice periods,
consultation, complete files, quorum and majorities, gap-free numbering, legal deadlines)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from council import composition, deadlines, services
from council.demo_documents import seed_documents
from council.demo_participation import (
    seed_debate,
    seed_open_consultations,
    seed_recommendations,
    seed_subscribers,
)
from council.models import (
    AgendaEntry,
    Attendance,
    Committee,
    Councillor,
    Decision,
    DraftDecision,
    DraftStatus,
    OpinionKind,
    Sitting,
    SittingStatus,
)
from council.services import program_approve
from council.voting import Vote, is_adopted, votes_needed
from program.demo import (
    Timeline,
    _local,
    carry_item,
    create_items,
    draft_program,
    seed_next_program,
    seed_reference_data,
    seed_users,
)
from program.demo_items import ITEMS
from program.models import AnnualProgram, Department, ItemStatus, Objective, ProgramItem
from program.reference_data import (
    COMMITTEES,
    COUNCILLORS,
    MANDATE_START,
    PARTY_GROUPS,
    RESIGNATION_DAY,
    RESIGNS,
    SUBSTITUTE,
    SUBSTITUTE_VALIDATED,
)
from program.services import item_change_propose, program_open, program_publish
from workflows import clock
from workflows.services import importing_history, transition_fire

PLACE = "Sala de consiliu a Primăriei Sectorului 1, Bd. Banu Manta nr. 9"

# Matters that come to the council outside the program: every sitting has some.
URGENT_TITLES = [
    "Proiect de hotărâre privind acordarea unui drept de uz asupra unui teren din domeniul public",
    "Proiect de hotărâre privind aprobarea unui acord de parteneriat cu o unitate de învățământ",
    "Proiect de hotărâre privind modificarea statului de funcții al unui serviciu public",
    "Proiect de hotărâre privind aprobarea unor scutiri de la plata impozitului pe clădiri",
    "Proiect de hotărâre privind desemnarea reprezentanților în consiliile de administrație",
    "Proiect de hotărâre privind aprobarea tarifelor pentru serviciile de deszăpezire",
    "Proiect de hotărâre privind atribuirea unei denumiri unui parc din Sectorul 1",
    "Proiect de hotărâre privind aprobarea documentației pentru reparații capitale la o creșă",
    "Proiect de hotărâre privind aprobarea unui contract de asociere cu o asociație",
    "Proiect de hotărâre privind însușirea unui raport de evaluare a unui imobil",
    "Proiect de hotărâre privind aprobarea cuantumului burselor pentru sportivi",
    "Proiect de hotărâre privind aprobarea unor măsuri pentru sprijinirea persoanelor vârstnice",
]
ALWAYS_ADOPTED = ("Programului anual de activitate", "bugetului local")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def working_day_on_or_after(day: dt.date) -> dt.date:
    while not deadlines.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def sitting_calendar(year: int) -> list[tuple[dt.date, str]]:
    """An ordinary sitting on the third Thursday of each month, extraordinary ones in March and
    September (the budget and the school year)."""
    days = [(working_day_on_or_after(nth_weekday(year, m, 3, 3)), "ordinary") for m in range(1, 13)]
    days += [
        (working_day_on_or_after(nth_weekday(year, 3, 1, 1)), "extraordinary"),
        (working_day_on_or_after(nth_weekday(year, 9, 1, 2)), "extraordinary"),
    ]
    return sorted(days)


def convocation_day(day: dt.date, kind: str) -> dt.date:
    """Convened a day before the legal notice runs out, on a working day."""
    convened = deadlines.latest_convocation(kind, day) - dt.timedelta(days=1)
    while not deadlines.is_working_day(convened):
        convened -= dt.timedelta(days=1)
    return convened


@dataclass
class Council:
    """What the simulation needs at hand."""

    secretariat: Any
    rng: random.Random
    today: dt.date
    chair: Councillor | None = None
    urgent_department: Any = None
    # The citizens' recommendations draw from their own sequence (the council's stays the same).
    voices: random.Random = field(default_factory=lambda: random.Random(52))
    # The demo holds one requested and held public debate (last year's first consultation).
    debate_held: bool = False
    # The council's committees by slug: the demo's items name the ones they ask.
    committees: dict[str, Committee] = field(default_factory=dict)
    amendment_drafts: list[int] = field(default_factory=list)

    def fire(self, obj, name: str, when: dt.datetime, comment: str = "") -> Any:
        return transition_fire(
            model=type(obj), pk=obj.pk, name=name, user=self.secretariat, at=when, comment=comment
        )


def registration_day(item: ProgramItem, published_on: dt.date) -> dt.date:
    """Drafts are registered about fifty days before their planned month, once published."""
    target = dt.date(item.program.year, item.planned_month, 1) - dt.timedelta(days=50)
    return working_day_on_or_after(max(target, published_on + dt.timedelta(days=1)))


# The item whose department never sends its draft: once its month has passed, it is overdue.
NEVER_SENT = "Noul website al Sectorului 1"
# The normative draft adopted in the urgency procedure of Legea 52/2003, art. 7(13).
URGENT_CONSULTATION = "calității aerului"
URGENCY_REASON = (
    "Depășirile repetate ale valorilor-limită pentru particulele în suspensie (PM10) impun "
    "măsuri imediate de monitorizare, pentru a evita o atingere gravă a sănătății publice; "
    "proiectul se supune adoptării în procedura de urgență (Legea nr. 52/2003, art. 7 alin. (13))."
)
# The urgent matter added each March to the agenda of the convened ordinary sitting.
SUPPLEMENT_REASON = (
    "Termenul de depunere a documentației la finanțator expiră înaintea următoarei ședințe "
    "ordinare; amânarea ar pierde finanțarea."
)


def register_due_drafts(council: Council, year: int, until: dt.date) -> None:
    """Register the drafts of the published items of `year` whose time has come."""
    items = (
        ProgramItem.objects.filter(program__year=year, status=ItemStatus.PUBLISHED,
                                   drafts__isnull=True)
        .select_related("program", "department")
        .order_by("planned_month", "sequence")
    )  # fmt: skip
    for item in items:
        if NEVER_SENT in item.title:
            continue
        day = registration_day(item, timezone.localtime(item.published_at).date())
        if day > until:
            continue
        draft = services.draft_from_item(
            item=item, user=council.secretariat, at=at(day, 9, 30),
            program=program_approved_by(item),
            statement=(
                f"Referat de aprobare al inițiatorului pentru {item.title[0].lower()}"
                f"{item.title[1:]}. Proiectul pune în aplicare programul anual de activitate "
                f"({item.reference})."
            ),
        )  # fmt: skip
        if draft.legal_character == "normative" and URGENT_CONSULTATION in item.title:
            services.draft_consultation_update(
                draft_id=draft.pk, user=council.secretariat, announced_on=day,
                recommendations_until=deadlines.days_after(day, 3), urgency_reason=URGENCY_REASON,
            )  # fmt: skip
            council.fire(draft, "start_consultation", at(day, 12))
        elif draft.legal_character == "normative":
            services.draft_consultation_update(
                draft_id=draft.pk, user=council.secretariat, announced_on=day,
                recommendations_until=deadlines.earliest_recommendations_end(day),
            )  # fmt: skip
            council.fire(draft, "start_consultation", at(day, 12))


def program_approved_by(item: ProgramItem) -> AnnualProgram | None:
    """The annual program an item's draft approves: the December item "aprobarea Programului
    anual de activitate ... pe anul <next year>" approves next year's program."""
    following = item.program.year + 1
    council = "Consiliului Local al Sectorului 1"
    if f"Programului anual de activitate al {council} pe anul {following}" in item.title:
        return AnnualProgram.objects.filter(year=following).first()
    return None


def advance_drafts(council: Council, until: dt.date) -> None:
    """Move every draft as far as the calendar allows by `until`: consultation closed, sent for
    opinions, opinions given."""
    for draft in DraftDecision.objects.filter(
        status__in=[DraftStatus.REGISTERED, DraftStatus.IN_CONSULTATION]
    ).order_by("pk"):
        if draft.status == DraftStatus.IN_CONSULTATION:
            opens = draft.earliest_opinions_date  # None in the urgency procedure
            send_on = working_day_on_or_after(
                opens or draft.recommendations_until + dt.timedelta(days=1)
            )
            if send_on > until:
                continue
            count = council.rng.choice([0, 0, 1, 2, 3, 5])
            last_year = draft.consultation_announced_on.year == council.today.year - 1
            if last_year and not council.debate_held and not draft.urgency_reason:
                seed_debate(draft, secretariat=council.secretariat)
                council.debate_held = True
            seed_recommendations(
                draft, count, secretariat=council.secretariat, rng=council.voices, answer=True
            )
            services.draft_consultation_update(
                draft_id=draft.pk, user=council.secretariat,
                recommendations_count=draft.recommendations.filter(
                    received_at__isnull=False
                ).count(),
            )  # fmt: skip
        else:
            send_on = deadlines.add_working_days(draft.registered_on, 1)
            if send_on > until:
                continue
        council.fire(draft, "send_for_opinions", at(send_on, 11))
        give_opinions(council, draft, deadlines.add_working_days(send_on, 2))


def give_opinions(council: Council, draft: DraftDecision, day: dt.date) -> None:
    if day > council.today:
        return
    rng = council.rng
    services.draft_opinion_record(
        draft_id=draft.pk, user=council.secretariat, kind=OpinionKind.DEPARTMENT_REPORT,
        favourable=True, given_on=day,
        text=f"Raport de specialitate al compartimentului {draft.department.name}.",
    )  # fmt: skip
    for committee in draft.committees.all():
        members = committee.members_on(day).count()
        present = rng.randint(members // 2 + 1, members)
        votes_for = rng.randint(present // 2 + 1, present)
        services.draft_opinion_record(
            draft_id=draft.pk, user=council.secretariat, kind=OpinionKind.COMMITTEE,
            committee=committee, favourable=True, given_on=day,
            votes=(votes_for, present - votes_for, 0), text="Aviz favorabil.",
        )  # fmt: skip
    services.draft_opinion_record(
        draft_id=draft.pk, user=council.secretariat, kind=OpinionKind.LEGALITY, favourable=True,
        given_on=day, text="Aviz de legalitate favorabil.",
    )  # fmt: skip


def ready_drafts(up_to: dt.date, month: int, year: int, limit: int | None) -> list[DraftDecision]:
    """Complete drafts, ready before the convocation, planned for this month or earlier."""
    ready = []
    for draft in (
        DraftDecision.objects.filter(status__in=[DraftStatus.IN_REVIEW, DraftStatus.POSTPONED])
        .select_related("item__program")
        .prefetch_related("opinions")
        .order_by("registered_on", "pk")
    ):
        opinions = list(draft.opinions.all())
        if not opinions or max(o.given_on for o in opinions) >= up_to:
            continue
        if draft.item is not None and (draft.item.program.year, draft.item.planned_month) > (
            year,
            month,
        ):
            continue
        ready.append(draft)
    return ready[:limit] if limit else ready


# Decisions about persons are taken by secret ballot (art. 139(6)).
SECRET_BALLOT = ("desemnarea reprezentanților",)


def vote_figures(
    rng: random.Random, majority: str, adopt: bool, in_office: int, present: int, not_voting: int
) -> tuple[int, int, int]:
    """For, against and abstentions among those present who may vote, with the outcome wanted."""
    voting = present - not_voting
    needed = votes_needed(majority=majority, in_office=in_office, present=voting)
    for _attempt in range(50):
        if adopt:
            votes_for = rng.randint(min(needed, voting), voting)
        else:
            votes_for = rng.randint(max(0, needed - 6), max(0, needed - 1))
        against = rng.randint(0, voting - votes_for)
        abstentions = rng.randint(0, voting - votes_for - against)
        vote = Vote(in_office=in_office, present=present, votes_for=votes_for, against=against,
                    abstentions=abstentions, majority=majority, not_voting=not_voting)  # fmt: skip
        if is_adopted(vote) == adopt:
            return votes_for, against, abstentions
    return (voting, 0, 0) if adopt else (0, voting, 0)


def roll_call(
    rng: random.Random, majority: str, adopt: bool, in_office: list[int], attending: list[int]
) -> dict[int, str]:
    """How each councillor in office voted: the absent ones absent, now and then one who
    declares an interest, and the others for, against or abstaining to the outcome wanted."""
    here = list(attending)
    rng.shuffle(here)
    conflicted = here[:1] if rng.random() < 0.06 else []
    votes_for, against, abstentions = vote_figures(
        rng, majority, adopt, len(in_office), len(here), len(conflicted)
    )
    voters = here[len(conflicted) :]
    calls = {pk: "absent" for pk in in_office}
    calls |= {pk: "not_voting" for pk in conflicted}
    choices = ["for"] * votes_for + ["against"] * against + ["abstention"] * abstentions
    choices += ["abstention"] * (len(voters) - len(choices))  # present, did not press a button
    calls |= dict(zip(voters, choices, strict=True))
    return calls


def hold_attendance(council: Council, sitting: Sitting, day: dt.date) -> list[Attendance]:
    """Who came: now and then someone absent, someone arriving late or leaving early."""
    rng = council.rng
    in_office = list(Councillor.objects.in_office(day).order_by("pk").values_list("pk", flat=True))
    absent = set(rng.sample(in_office, rng.randint(0, 3)))
    present = [pk for pk in in_office if pk not in absent]
    late, early = rng.sample(present, 2)
    arrived = {late: at(day, 10, 14)} if rng.random() < 0.3 else {}
    left = {early: at(day, 10, 22)} if rng.random() < 0.4 else {}
    services.sitting_attendance_record(
        sitting_id=sitting.pk, user=council.secretariat, present=present, arrived=arrived,
        left=left, at=at(day, 10, 2),
    )  # fmt: skip
    return list(sitting.attendance.all())


def hold_sitting(council: Council, sitting: Sitting, day: dt.date) -> None:
    """Record the attendance, vote each entry by roll call (a secret ballot for decisions about
    persons), close the sitting, publish the minutes and follow up the decisions."""
    rng = council.rng
    attendance = hold_attendance(council, sitting, day)
    in_office = [row.councillor_id for row in attendance]
    opening = at(day, 10, 3)
    present = sum(1 for row in attendance if row.present_at(opening))
    abstaining = sitting.pk % 3  # not from `rng`: the votes that follow stay as they were
    services.sitting_agenda_vote(
        sitting_id=sitting.pk, user=council.secretariat, votes_for=present - abstaining,
        votes_against=0, abstentions=abstaining, at=opening,
    )  # fmt: skip
    minute = 5
    for entry in sitting.entries.select_related("draft").order_by("position"):
        draft = entry.draft
        when = at(day, 10, minute)
        minute += 4
        if draft.kind != "draft_decision":  # a report or an information: taken note of
            services.agenda_entry_take_note(entry_id=entry.pk, user=council.secretariat, at=when)
            continue
        forced = (
            any(key in draft.title for key in ALWAYS_ADOPTED)
            or draft.pk in council.amendment_drafts
        )
        secret = any(key in draft.title for key in SECRET_BALLOT)
        roll = rng.random()
        if not (forced or secret) and roll < 0.08 and draft.status != DraftStatus.POSTPONED:
            services.agenda_entry_close_without_vote(
                entry_id=entry.pk, user=council.secretariat, outcome="postponed", at=when,
                comment="Amânat la cererea inițiatorului, pentru completarea documentației.",
            )  # fmt: skip
            continue
        adopt = forced or roll > 0.16
        attending = [row.councillor_id for row in attendance if row.present_at(when)]
        if secret:
            votes_for, against, abstentions = vote_figures(
                rng, entry.majority, adopt, len(in_office), len(attending), 0
            )
            services.agenda_entry_vote(
                entry_id=entry.pk, user=council.secretariat, ballot="secret",
                votes_for=votes_for, votes_against=against, abstentions=abstentions, at=when,
            )  # fmt: skip
            continue
        services.agenda_entry_vote(
            entry_id=entry.pk, user=council.secretariat, at=when,
            roll_call=roll_call(rng, entry.majority, adopt, in_office, attending),
        )  # fmt: skip
    council.fire(sitting, "close", at(day, 10, minute + 10))
    minutes_on = day + dt.timedelta(days=2)
    if minutes_on <= council.today:
        council.fire(sitting, "publish_minutes", at(minutes_on, 12))
    for decision in Decision.objects.filter(sitting=sitting):
        follow_up(council, decision)


def follow_up(council: Council, decision: Decision) -> None:
    """Signature, countersignature, communication and publication, within the legal deadlines,
    as far as today allows."""
    day = decision.adopted_on
    signed = deadlines.add_working_days(day, 1)
    communicated = deadlines.add_working_days(day, council.rng.randint(2, 6))
    made_public = communicated + dt.timedelta(days=council.rng.randint(1, 4))
    steps: list[dict[str, Any]] = [
        {"signed_on": signed, "countersigned_on": signed},
        {"communicated_on": communicated},
        {"published_on": made_public, "in_force_on": made_public}
        if decision.is_normative
        else {"notified_on": made_public, "in_force_on": made_public},
    ]
    for changes in steps:
        if max(changes.values()) > council.today:
            return
        services.decision_record(
            decision_id=decision.pk, user=council.secretariat,
            at=at(max(changes.values()), 12), **changes,
        )  # fmt: skip


def seed_decision_lives(council: Council) -> None:
    """What happens to some decisions after adoption: the prefect asks for a re-examination and
    the council answers; the prefect contests one in court; a later decision amends this year's
    budget; this year's rules of procedure repeal last year's."""
    if Decision.objects.exclude(status__in=["adopted", "in_force"]).exists():
        return
    today, secretariat = council.today, council.secretariat
    last_year = Decision.objects.filter(year=today.year - 1, status="in_force").order_by("number")
    if last_year.count() < 6:
        return

    def fire(decision: Decision, name: str, day: dt.date, comment: str) -> None:
        transition_fire(
            model=Decision, pk=decision.pk, name=name, user=secretariat,
            at=at(min(day, today), 11), comment=comment,
        )  # fmt: skip

    reexamined = last_year[2]
    asked = reexamined.communicated_on + dt.timedelta(days=20)
    fire(reexamined, "request_reexamination", asked,
         "Adresa Instituției Prefectului Municipiului București: solicită reanalizarea "
         "hotărârii, pentru motivarea în fapt a anexei 2.")  # fmt: skip
    fire(reexamined, "answer_reexamination", asked + dt.timedelta(days=25),
         "Consiliul a menținut hotărârea; motivarea a fost comunicată prefectului.")  # fmt: skip
    contested = last_year[4]
    fire(contested, "contest", contested.communicated_on + dt.timedelta(days=45),
         "Acțiunea Prefectului Municipiului București la Tribunalul București, Secția a II-a "
         f"contencios administrativ și fiscal, dosar nr. 4127/3/{contested.year}; hotărârea "
         "este suspendată de drept până la soluționarea cauzei.")  # fmt: skip
    budget = Decision.objects.filter(
        year=today.year, title__contains="aprobarea bugetului local"
    ).first()
    amending = Decision.objects.filter(year=today.year, title__contains="rectificări a bugetului")
    if budget is not None and amending.exists():
        first = amending.order_by("adopted_on").first()
        services.decision_link(decision_id=first.pk, target_id=budget.pk, relation="amends",
                               user=secretariat, at=at(first.adopted_on, 15))  # fmt: skip
    for subject in REPEALED_YEARLY:
        older = Decision.objects.filter(
            year=today.year - 1, title__contains=subject, status="in_force"
        ).first()
        newer = Decision.objects.filter(year=today.year, title__contains=subject).first()
        if older is not None and newer is not None:
            services.decision_link(decision_id=newer.pk, target_id=older.pk, relation="repeals",
                                   user=secretariat, at=at(newer.adopted_on, 15))  # fmt: skip
            return


# A subject decided again each year, whose new decision repeals last year's (the first found).
REPEALED_YEARLY = (
    "Regulamentului de organizare și funcționare",
    "nivelului taxelor speciale",
    "statului de funcții",
    "Planului anual de achiziții publice",
)


def register_urgent_draft(council: Council, day: dt.date, department) -> None:
    """An individual draft outside the program, registered two weeks before the convocation."""
    registered = working_day_on_or_after(day - dt.timedelta(days=14))
    if registered > council.today:
        return
    title = URGENT_TITLES[(day.year * 12 + day.month) % len(URGENT_TITLES)]
    services.draft_register(
        user=council.secretariat, title=title, initiator="Primarul Sectorului 1",
        statement="Referat de aprobare: situație apărută după aprobarea programului anual.",
        department=department, legal_character="individual", majority="simple",
        at=at(registered, 9, 15),
    )  # fmt: skip


def run_sitting(council: Council, day: dt.date, kind: str, year: int) -> Sitting | None:
    """Plan, fill, convene (and hold, if its day has passed) one sitting. The first sitting after
    today is convened today if its usual convocation day has not come yet."""
    convened = min(convocation_day(day, kind), council.today)
    register_due_drafts(council, year, until=convened - dt.timedelta(days=3))
    if kind == "ordinary":
        register_urgent_draft(council, convened, council.urgent_department)
    advance_drafts(council, until=convened - dt.timedelta(days=2))
    limit = 3 if kind == "extraordinary" else None
    candidates = ready_drafts(convened, day.month, day.year, limit)
    urgent = [d for d in DraftDecision.objects.filter(pk__in=council.amendment_drafts,
                                                      status=DraftStatus.IN_REVIEW)]  # fmt: skip
    candidates += [d for d in urgent if d not in candidates]
    if not candidates:
        return None
    sitting = services.sitting_plan(
        user=council.secretariat, kind=kind, starts_at=at(day, 10), place=PLACE,
        chair=council.chair, at=at(convened - dt.timedelta(days=3), 9),
    )  # fmt: skip
    # In March, an urgent individual draft comes after the convocation: a supplement.
    supplement = next(
        (d for d in candidates if d.item_id is None and d.pk not in council.amendment_drafts),
        None,
    ) if kind == "ordinary" and day.month == 3 and len(candidates) > 1 else None  # fmt: skip
    for draft in candidates:
        if draft == supplement:
            continue
        services.draft_put_on_agenda(
            draft_id=draft.pk, sitting_id=sitting.pk, user=council.secretariat,
            at=at(convened - dt.timedelta(days=1), 15),
        )  # fmt: skip
    moment = min(at(convened, 9), clock.now() - dt.timedelta(minutes=1))
    transition_fire(
        model=Sitting, pk=sitting.pk, name="convene", user=council.secretariat, at=moment,
        disposition=f"{400 + sitting.pk}/{timezone.localtime(moment):%d.%m.%Y}",
        delivered_on=timezone.localtime(moment).date(),
    )  # fmt: skip
    added = max(moment + dt.timedelta(hours=2), at(day - dt.timedelta(days=1), 12))
    if supplement is not None and added < min(at(day, 9), clock.now()):
        services.draft_put_on_agenda(
            draft_id=supplement.pk, sitting_id=sitting.pk, user=council.secretariat, at=added,
            supplement_reason=SUPPLEMENT_REASON,
        )  # fmt: skip
    if at(day, 13) < clock.now() and day <= council.today:
        hold_sitting(council, sitting, day)
    return sitting


def execute(council: Council, year: int, start: dt.date, end: dt.date) -> list[Sitting]:
    """Every sitting of `year` from `start` to `end`; the one after today is convened only."""
    held = []
    for day, kind in sitting_calendar(year):
        if not start <= day <= end:
            continue
        sitting = run_sitting(council, day, kind, year)
        if sitting is not None:
            held.append(sitting)
        if day > council.today:
            break
    return held


def urgent_amendment_draft(
    council: Council, year: int, sitting_day: dt.date, department
) -> DraftDecision:
    """The draft that amends the program: outside the program itself, registered as urgent."""
    registered = working_day_on_or_after(
        convocation_day(sitting_day, "ordinary") - dt.timedelta(days=12)
    )
    draft = services.draft_register(
        user=council.secretariat,
        title=(
            "Proiect de hotărâre privind modificarea și completarea Programului anual de "
            f"activitate al Consiliului Local al Sectorului 1 pe anul {year}"
        ),
        initiator="Primarul Sectorului 1",
        statement="Referat de aprobare: includerea în program a unor proiecte noi.",
        department=department,
        program=AnnualProgram.objects.get(year=year),
        legal_character="individual",
        majority="simple",
        at=at(registered, 9),
    )
    council.amendment_drafts.append(draft.pk)
    return draft


def last_sitting_before(day: dt.date) -> Sitting | None:
    return (
        Sitting.objects.filter(starts_at__date__lte=day, status__in=[SittingStatus.HELD,
                                                                     SittingStatus.MINUTES_PUBLISHED])
        .order_by("-starts_at")
        .first()
    )  # fmt: skip


def agenda_entry_for(draft: DraftDecision) -> AgendaEntry | None:
    return draft.agenda_entries.order_by("-sitting__starts_at").first()


# The council's composition ----------------------------------------------------------------------


def seed_council_composition(secretariat: Any, today: dt.date) -> dict[str, Committee]:
    """The councillors with their mandates and the standing committees with their members,
    through the services (once); the committees by slug."""
    committees = {
        slug: Committee.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in COMMITTEES
    }
    if Councillor.objects.exists():
        return committees
    start = dt.date(*MANDATE_START)
    seats: dict[str, list[Councillor]] = {slug: [] for slug in committees}
    for name, party, committee_slugs in COUNCILLORS:
        councillor = composition.councillor_validate(
            user=secretariat, name=name, party=party, party_group=PARTY_GROUPS.get(party, ""),
            validated_on=start, at=at(start, 12),
        )  # fmt: skip
        for slug in committee_slugs:
            seats[slug].append(councillor)
    joined = start + dt.timedelta(days=7)
    for slug, members in seats.items():
        for n, councillor in enumerate(members):
            role = ["chair", "secretary"][n] if n < 2 else "member"
            composition.committee_join(
                committee=committees[slug], councillor=councillor, user=secretariat,
                start=joined, role=role, at=at(joined, 12),
            )  # fmt: skip
    resigns = Councillor.objects.get(name=RESIGNS)
    last_day = dt.date(today.year - 1, *RESIGNATION_DAY)
    if last_day > joined:
        resigns = composition.councillor_mandate_end(
            councillor_id=resigns.pk, user=secretariat, last_day=last_day, reason="resignation",
            comment="Demisie depusă în scris.", at=at(last_day, 12),
        )  # fmt: skip
        validated = dt.date(today.year - 1, *SUBSTITUTE_VALIDATED)
        name, party = SUBSTITUTE
        substitute = composition.councillor_validate(
            user=secretariat, name=name, party=party, party_group=PARTY_GROUPS[party],
            validated_on=validated, replaces=resigns, at=at(validated, 12),
        )  # fmt: skip
        for membership in resigns.memberships.all():
            composition.committee_join(
                committee=membership.committee, councillor=substitute, user=secretariat,
                start=validated, role=membership.role, at=at(validated, 12),
            )  # fmt: skip
    return committees


# Three years around today -----------------------------------------------------------------------


def approving_decision(year: int) -> Decision | None:
    """The decision of the previous December that approved the program of `year`, if the
    council's register holds it: adopted from the draft that approves that program."""
    return (
        Decision.objects.filter(draft__program__year=year, draft__item__isnull=False)
        .order_by("adopted_on")
        .first()
    )


def amendment_days(year: int, today: dt.date) -> list[tuple[dt.date, bool]]:
    """When the program of `year` is amended, and whether that amendment is published yet.

    Last year's program was amended in June (published since). The latest amendment is approved
    at the latest ordinary sitting and waits to be published: at this year's latest sitting once
    two have been held, else (early in the year) at last year's December sitting. So the demo has
    an approved, unpublished amendment on any day of the year."""
    this_year = today.year
    past = [day for day, kind in sitting_calendar(this_year) if kind == "ordinary" and day < today]
    if year == this_year:
        return [(past[-1], False)] if len(past) >= 2 else []
    ordinary = [day for day, kind in sitting_calendar(year) if kind == "ordinary"]
    days = [(ordinary[5], True)]  # June
    if len(past) < 2:
        days.append((ordinary[-1], False))  # December
    return days


def seed_executed_year(
    year: int, *, council: Council, clerks: dict[str, Any], rng: random.Random
) -> None:
    """A program approved and published, carried out sitting by sitting, and amended (see
    amendment_days)."""
    secretariat = council.secretariat
    draft_program(
        year, ITEMS[:-3], clerks=clerks, secretariat=secretariat, rng=rng,
        committees=council.committees,
    )  # fmt: skip
    decision = approving_decision(year)
    if decision is not None:
        decided = _local(
            decision.adopted_on.year, decision.adopted_on.month, decision.adopted_on.day, 14
        )
        program_approve(year=year, user=secretariat, decision=decision, at=decided)
    else:  # the register starts with the demo's first year: an older decision, by number
        decided = _local(year - 1, 12, 17, 14)
        program_approve(year=year, user=secretariat, decision_number=212,
                        decision_date=decided.date(), at=decided)  # fmt: skip
    program_publish(year=year, user=secretariat, at=decided + dt.timedelta(days=2))

    executed_until = dt.date(year, 1, 1) - dt.timedelta(days=1)
    for amend_day, published in amendment_days(year, council.today):
        execute(
            council, year, executed_until + dt.timedelta(days=1), amend_day - dt.timedelta(days=1)
        )
        amend(council, year, amend_day, published=published, clerks=clerks, rng=rng)
        executed_until = amend_day
    execute(council, year, executed_until + dt.timedelta(days=1), dt.date(year, 12, 31))


def amend(
    council: Council,
    year: int,
    amend_day: dt.date,
    *,
    published: bool,
    clerks: dict[str, Any],
    rng: random.Random,
) -> None:
    """An amendment at the ordinary sitting of `amend_day`: new items for the months still ahead,
    one of them rejected by the council; published three days later if `published`."""
    secretariat = council.secretariat
    entries = [(min(12, amend_day.month + 1 + n), *entry[1:]) for n, entry in enumerate(ITEMS[-3:])]
    sitting = _local(amend_day.year, amend_day.month, amend_day.day)
    window = Timeline(
        max(_local(year, 1, 15), sitting - dt.timedelta(days=50)),
        sitting - dt.timedelta(days=20),
        rng,
    )
    program = AnnualProgram.objects.get(year=year)
    extra = create_items(
        program, entries, clerks=clerks, timeline=window, start=0.0,
        committees=council.committees,
    )  # fmt: skip
    for n, item in enumerate(extra):
        carry_item(item, until=ItemStatus.SUBMITTED_TO_COUNCIL, clerks=clerks,
                   secretariat=secretariat, timeline=window, start=0.3 + n * 0.1)  # fmt: skip
    urgent = urgent_amendment_draft(council, year, amend_day, extra[0].department)
    execute(council, year, amend_day, amend_day)
    # Proposed before the sitting; chosen from what the record held then (the drafts registered
    # since are registered before that day).
    propose_changes(program, amend_day, secretariat, at=window.end)
    urgent.refresh_from_db()
    decision = getattr(urgent, "decision", None)
    if decision is None:
        return
    decided = _local(amend_day.year, amend_day.month, amend_day.day, 15)
    transition_fire(
        model=ProgramItem,
        pk=extra[0].pk,
        name="reject",
        user=secretariat,
        at=decided,
        comment="Consiliul nu a aprobat includerea în program.",
    )
    program_approve(year=year, user=secretariat, decision=decision, at=decided)
    if published:
        program_publish(year=year, user=secretariat, at=decided + dt.timedelta(days=3))


def propose_changes(
    program: AnnualProgram, amend_day: dt.date, secretariat: Any, *, at: dt.datetime
) -> None:
    """The amendment also changes published items whose month is still ahead: it drops one and
    moves one whose draft is not registered yet, and retitles one and links one to other
    objectives."""
    ahead = list(
        ProgramItem.objects.filter(
            program=program, status=ItemStatus.PUBLISHED, planned_month__gt=amend_day.month
        )
        .exclude(title__contains=NEVER_SENT)
        .exclude(title__contains="Programului anual")
        .annotate(registered=Count("drafts"))
        .order_by("-planned_month", "sequence")
    )
    unregistered = [item for item in ahead if not item.registered]
    if len(unregistered) >= 2:
        dropped, moved = unregistered[:2]
        item_change_propose(
            item_id=dropped.pk, user=secretariat, drop=True, at=at,
            reason="Măsura nu mai este necesară în acest an; se reevaluează la elaborarea "
            "programului următor.",
        )  # fmt: skip
        earlier = moved.planned_month - 1
        if earlier > amend_day.month:
            month, reason = earlier, "Documentația tehnică este gata mai devreme."
        else:
            month, reason = min(12, moved.planned_month + 1), "Avizele necesare întârzie."
        if month != moved.planned_month:
            item_change_propose(
                item_id=moved.pk, user=secretariat, at=at, planned_month=month, reason=reason
            )
        ahead = [item for item in ahead if item not in (dropped, moved)]
    if ahead:
        retitled = ahead[0]
        item_change_propose(
            item_id=retitled.pk, user=secretariat, at=at,
            title=f"{retitled.title}, etapa I",
            reason="Proiectul se împarte în două etape; prima rămâne în programul anului.",
        )  # fmt: skip
    if len(ahead) >= 2:
        relinked = ahead[1]
        codes = sorted(relinked.objectives.values_list("code", flat=True))
        other = Objective.objects.exclude(code__in=codes).order_by("code").first()
        # Another strategy's objective instead of the last one (or beside a single one).
        kept = codes[:-1] if len(codes) > 1 else codes
        item_change_propose(
            item_id=relinked.pk, user=secretariat, at=at,
            objectives=sorted({*kept, other.code}),
            reason="Proiectul servește mai degrabă un obiectiv al altei strategii.",
        )  # fmt: skip


@transaction.atomic
@importing_history()
def seed_demo(today: dt.date | None = None, *, documents: bool = True) -> None:
    """The demo: Primăria Sectorului 1's structure and three annual programs around `today`
    (last year executed, this year in execution, next year being drafted), created through the
    services the staff use, with their documents (rendered PDFs) unless `documents` is False.
    Running it twice changes nothing."""
    today = today or clock.today()
    rng = random.Random(2023)
    seed_reference_data()
    users = seed_users()
    committees = seed_council_composition(users["secretariat"], today)
    clerks: dict[str, Any] = {}
    council = Council(
        secretariat=users["secretariat"],
        rng=rng,
        today=today,
        chair=Councillor.objects.order_by("name").first(),
        urgent_department=Department.objects.get(slug="directia-patrimoniu"),
        committees=committees,
    )
    for year in (today.year - 1, today.year, today.year + 1):
        # Each program is opened in the October before its year, when its drafting starts.
        if not AnnualProgram.objects.filter(year=year).exists():
            program_open(year=year, user=council.secretariat, at=_local(year - 1, 10, 1, 9))
    for year in (today.year - 1, today.year):
        if not ProgramItem.objects.filter(program__year=year).exists():
            seed_executed_year(year, council=council, clerks=clerks, rng=rng)
    seed_decision_lives(council)
    seed_open_consultations(council.secretariat, council.voices)
    seed_subscribers()
    seed_next_program(
        today.year + 1, clerks=clerks, secretariat=council.secretariat, rng=rng,
        committees=committees,
    )  # fmt: skip
    if documents:
        seed_documents(council.secretariat, today)
