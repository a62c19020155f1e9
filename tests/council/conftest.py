import datetime as dt

import pytest
from django.utils import timezone

from council import services
from council.models import Committee, Councillor
from program.models import ItemStatus
from workflows import clock


@pytest.fixture
def councillors(db):
    start = dt.date(2024, 10, 25)
    return [
        Councillor.objects.create(name=f"Consilier {n}", party="PNL", mandate_start=start)
        for n in range(1, 28)
    ]


@pytest.fixture
def committee(councillors):
    committee = Committee.objects.create(slug="buget", name="Comisia de buget")
    committee.members.set(councillors[:7])
    return committee


@pytest.fixture
def published_item(make_item, bring_to, council_decision, committee):
    item = make_item(legal_character="normative")
    item.committees.set([committee])
    return bring_to(item, ItemStatus.PUBLISHED)


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def today(pinned_day):
    return clock.today()


@pytest.fixture
def register(users, departments, committee, today):
    """Register a draft, by default an individual one asking the committee for an opinion."""

    def make(**overrides):
        fields = {
            "user": users["secretariat"],
            "title": "Proiect de hotărâre privind aprobarea unui acord de parteneriat",
            "initiator": "Primarul Sectorului 1",
            "statement": "Referat de aprobare.",
            "department": departments["investitii"],
            "legal_character": "individual",
            "majority": "simple",
            "committees": [committee],
            "at": moment(today - dt.timedelta(days=20)),
        }
        fields.update(overrides)
        return services.draft_register(**fields)

    return make


@pytest.fixture
def complete_draft(register, users, committee, today):
    """An individual draft in review with its whole file: report, committee and legality."""
    from workflows.services import transition_fire

    def make(**overrides):
        draft = register(**overrides)
        transition_fire(
            model=type(draft),
            pk=draft.pk,
            name="send_for_opinions",
            user=users["secretariat"],
            at=moment(today - dt.timedelta(days=19)),
        )
        given_on = today - dt.timedelta(days=15)
        for kind, committee_ in (
            ("department_report", None),
            ("committee", committee),
            ("legality", None),
        ):
            services.draft_opinion_record(
                draft_id=draft.pk,
                user=users["secretariat"],
                kind=kind,
                favourable=True,
                given_on=given_on,
                committee=committee_,
            )
        draft.refresh_from_db()
        return draft

    return make


@pytest.fixture
def sitting(users, today, councillors):
    """An ordinary sitting today at 10:00 (started), planned; `convened` convenes it in time."""

    def make(kind="ordinary", day=None, hour=10):
        return services.sitting_plan(
            user=users["secretariat"],
            kind=kind,
            starts_at=moment(day or today, hour),
            place="Sala de consiliu, Bd. Banu Manta 9",
            chair=councillors[0],
        )

    return make


@pytest.fixture
def convene(users):
    from workflows.services import transition_fire

    def run(sitting, at):
        return transition_fire(
            model=type(sitting), pk=sitting.pk, name="convene", user=users["secretariat"], at=at
        )

    return run
