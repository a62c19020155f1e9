"""Shared fixtures: reference data, one user per role, API clients."""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from council import services
from council.models import Committee, CommitteeMembership, Councillor
from program import roles
from program.accounts import staff_user_save
from program.models import (
    AnnualProgram,
    ChangeStatus,
    Department,
    ItemChange,
    ItemStatus,
    Objective,
    ProgramItem,
    ProgramVersion,
    Strategy,
)
from program.services import item_change_propose, item_create, item_input_give
from workflows import clock
from workflows.services import transition_fire

PASSWORD = "correct-horse-battery-staple"

BUCHAREST = ZoneInfo("Europe/Bucharest")


def council_moment(value: str) -> dt.datetime:
    """An ISO date or moment; without a time zone it is the council's (Europe/Bucharest), and a
    bare date means 10:00 that day."""
    moment = dt.datetime.fromisoformat(value)
    if len(value) <= 10:
        moment = moment.replace(hour=10)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BUCHAREST)
    return moment


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "on_day(moment): run the test (its fixtures included) on this day or moment, Bucharest "
        "time, e.g. on_day('2026-07-15') or on_day('2026-12-31T23:15')",
    )
    # The calendar sweep (.ci/run): the whole session runs on a fixed day, the clock ticking.
    if value := os.environ.get("PAACL_TEST_NOW"):
        traveller = time_machine.travel(council_moment(value), tick=True)
        traveller.start()
        config._paacl_traveller = traveller


def pytest_report_header(config):
    return f"council time: {clock.now().astimezone(BUCHAREST):%A %Y-%m-%d %H:%M %Z}"


@pytest.fixture(autouse=True)
def pinned_day(request):
    """Tests marked on_day(...) run on that day, from their first fixture to their last line."""
    marker = request.node.get_closest_marker("on_day")
    if marker is None:
        yield None
        return
    with time_machine.travel(council_moment(marker.args[0]), tick=True) as traveller:
        yield traveller


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL; they are skipped (and say so) on SQLite."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Chromium (tests.tools: skipped locally without it, a failure in CI)."""
    from tests.tools import require_chromium

    return require_chromium()


@pytest.fixture(scope="session")
def pango() -> None:
    """WeasyPrint's Pango (tests.tools: skipped locally without it, a failure in CI)."""
    from tests.tools import require_pango

    require_pango()


@pytest.fixture(scope="session")
def pdftotext() -> str:
    from tests.tools import require_program

    return require_program("pdftotext", "poppler-utils")


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def departments(db) -> dict[str, Department]:
    names = {
        "investitii": "Direcția Investiții",
        "juridica": "Direcția Juridică, Legislație, Contencios Administrativ",
        "buget": "Serviciul Buget, Execuție Bugetară",
    }
    return {slug: Department.objects.create(slug=slug, name=name) for slug, name in names.items()}


@pytest.fixture
def objective(db) -> Objective:
    strategy = Strategy.objects.create(
        slug="smart-city", code="SC", title="Strategia Smart City", start_year=2023, end_year=2030
    )
    general = Objective.objects.create(
        strategy=strategy, level="general", code="SC-OG1", title="Guvernanță digitală"
    )
    return Objective.objects.create(
        strategy=strategy,
        parent=general,
        level="specific",
        code="SC-OG1-OS1.1",
        title="Servicii publice digitale",
    )


@pytest.fixture
def this_year():

    return clock.today().year


@pytest.fixture
def program(db, this_year, users) -> AnnualProgram:
    from program.services import program_open

    return program_open(year=this_year, user=users["secretariat"])


@contextmanager
def behind_the_services():
    """For a fixture or a test that must put the record in a state no service would (a shortcut
    in setting up, or tampering on purpose): the door is opened as a service opens it, and
    nothing is logged."""
    from django.db import transaction

    from workflows import audit

    with transaction.atomic(), audit.writing():
        yield


def make_user(username: str, role: str, department: str | None = None):
    return staff_user_save(
        username=username,
        role=role,
        password=PASSWORD,
        department_slug=department,
        email=f"{username}@example.ro",
    )


@pytest.fixture
def users(departments):
    """One user per role, and a user in each of two other departments."""
    return {
        "investitii": make_user("investitii", roles.DEPARTMENT, "investitii"),
        "juridica": make_user("juridica", roles.DEPARTMENT, "juridica"),
        "buget": make_user("buget", roles.DEPARTMENT, "buget"),
        "secretariat": make_user("secretariat", roles.SECRETARIAT),
        "admin": make_user("admin", roles.ADMIN),
    }


@pytest.fixture
def make_item(program, objective, users, departments):
    """A draft of Direcția Investiții that consults Direcția Juridică, ready to submit."""

    def make(**overrides):
        fields = {
            "user": users["investitii"],
            "title": "Proiect de hotărâre privind aprobarea indicatorilor tehnico-economici",
            "year": program.year,
            "planned_month": 6,
            "objectives": [objective.code],
            "consulted_departments": ["juridica"],
        }
        fields.update(overrides)
        return item_create(**fields)

    return make


@pytest.fixture
def api():
    """An anonymous API client that asks for English messages (the default is Romanian)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api_as():
    def client_for(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture(scope="module")
def demo_data(request, django_db_setup, django_db_blocker):
    """The demo loaded once for a whole test module, and rolled back after it. Its documents
    (rendered PDFs, slow) only for a module that sets DEMO_DOCUMENTS = True.

    Tests that use it also take `db`, whose per-test transaction nests inside this one.
    """
    options = [] if getattr(request.module, "DEMO_DOCUMENTS", False) else ["--without-documents"]
    import io

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", *options, stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages of services read in English in the tests; pages pick their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield


S = ItemStatus

# The transitions that lead an item of Direcția Investiții (which consults Direcția Juridică)
# to each state, with who fires them.
PATHS = {
    S.DRAFT: [],
    S.DEPARTMENTAL_INPUT: ["submit", "inputs"],
    S.SECRETARIAT_REVIEW: ["submit", "inputs", "forward_to_secretariat"],
    S.SUBMITTED_TO_COUNCIL: ["submit", "inputs", "forward_to_secretariat", "submit_to_council"],
    S.APPROVED: ["submit", "inputs", "forward_to_secretariat", "submit_to_council", "approve"],
    S.PUBLISHED: [
        "submit", "inputs", "forward_to_secretariat", "submit_to_council", "approve", "publish",
    ],
    S.REJECTED: ["submit", "inputs", "forward_to_secretariat", "submit_to_council", "reject"],
    S.WITHDRAWN: ["withdraw"],
    S.DROPPED: [
        "submit", "inputs", "forward_to_secretariat", "submit_to_council", "approve", "publish",
        "drop_approved", "drop",
    ],
}  # fmt: skip

ACTOR = {
    "submit": "investitii",
    "forward_to_secretariat": "investitii",
    "withdraw": "investitii",
    "submit_to_council": "secretariat",
    "approve": "secretariat",
    "reject": "secretariat",
    "publish": "secretariat",
    "drop": "secretariat",
}


@pytest.fixture
def council_decision(program, users):
    """The council decision approving the program is recorded (version 1, not yet published)."""
    with behind_the_services():
        return ProgramVersion.objects.create(
            program=program,
            number=1,
            decision_number=12,
            decision_date=dt.date(program.year - 1, 12, 17),
            approved_by=users["secretariat"],
        )


@pytest.fixture
def approved_program(program, make_item, bring_to, users):
    """The program with one item before the council and the council's approval recorded: ready
    to be published."""
    from council.services import program_approve

    bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    program_approve(
        year=program.year,
        user=users["secretariat"],
        decision_number=9,
        decision_date=dt.date(program.year - 1, 12, 17),
    )
    return program


@pytest.fixture
def bring_to(users, departments):
    def walk(item: ProgramItem, state: str) -> ProgramItem:
        for step in PATHS[state]:
            if step == "inputs":
                for username in ("investitii", "juridica"):
                    item_input_give(
                        item_id=item.pk,
                        user=users[username],
                        opinion="favourable",
                        text="De acord.",
                    )
                continue
            if step == "drop_approved":  # the council approved an amendment dropping it
                change = item_change_propose(
                    item_id=item.pk, user=users["secretariat"], drop=True, reason="Renunțare."
                )
                with behind_the_services():
                    ItemChange.objects.filter(pk=change.pk).update(
                        status=ChangeStatus.APPROVED,
                        version=ProgramItem.objects.get(pk=item.pk).approved_in,
                    )
                continue
            transition_fire(
                model=ProgramItem,
                pk=item.pk,
                name=step,
                user=users[ACTOR[step]],
                comment="Motivul cerut.",
            )
        item.refresh_from_db()
        assert item.status == state
        return item

    return walk


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (pages are cached under their ETag), and no
    process-held copy of the public version, of pages or of
    values made from public data."""
    from django.core.cache import cache

    from council.web.http import process_pages, public_memos
    from workflows import version

    cache.clear()
    process_pages.clear()
    public_memos.clear()
    version._local[:] = [0.0, None]
    version.watch.stop()
    yield
    version.watch.stop()


# The council: councillors, a committee, drafts, sittings -------------------------------------


@pytest.fixture
def councillors(db):
    start = dt.date(2024, 10, 25)
    with behind_the_services():
        return [
            Councillor.objects.create(
                name=f"Consilier {n:02}",
                party="PNL",
                party_group="Grupul PNL",
                mandate_start=start,
            )
            for n in range(1, 28)
        ]


@pytest.fixture
def committee(councillors):
    committee = Committee.objects.create(slug="buget", name="Comisia de buget")
    with behind_the_services():
        for n, councillor in enumerate(councillors[:7]):
            role = "chair" if n == 0 else "secretary" if n == 1 else "member"
            CommitteeMembership.objects.create(
                committee=committee, councillor=councillor, role=role, start=dt.date(2024, 11, 1)
            )
    return committee


@pytest.fixture
def published_item(make_item, bring_to, council_decision, committee):
    item = make_item(legal_character="normative", committees=[committee])
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


@pytest.fixture
def adopted_decision(
    make_item, bring_to, council_decision, committee, users, sitting, convene, today
):
    """A published item carried out: its (individual) draft registered, reviewed, put on the
    agenda of a sitting convened today and adopted (decision 1 of the year)."""
    from council.models import Decision
    from workflows.services import transition_fire

    item = bring_to(
        make_item(legal_character="individual", committees=[committee]), ItemStatus.PUBLISHED
    )
    secretariat = users["secretariat"]
    draft = services.draft_from_item(
        item=item, user=secretariat, statement="Referat de aprobare.",
        at=moment(today - dt.timedelta(days=20)),
    )  # fmt: skip
    transition_fire(
        model=type(draft), pk=draft.pk, name="send_for_opinions", user=secretariat,
        at=moment(today - dt.timedelta(days=19)),
    )  # fmt: skip
    for kind, committee_ in (("department_report", None), ("committee", committee),
                             ("legality", None)):  # fmt: skip
        services.draft_opinion_record(
            draft_id=draft.pk, user=secretariat, kind=kind, favourable=True,
            given_on=today - dt.timedelta(days=15), committee=committee_,
        )  # fmt: skip
    planned = sitting(kind="emergency", hour=0)
    entry = services.draft_put_on_agenda(draft_id=draft.pk, sitting_id=planned.pk, user=secretariat)
    convene(planned, moment(today, 0))
    services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, present=25, votes_for=20, votes_against=3,
        abstentions=2,
    )  # fmt: skip
    return Decision.objects.get(draft=draft)


@pytest.fixture
def open_sitting(complete_draft, users, sitting, convene, today):
    """A sitting started today with `n` complete drafts on its agenda."""

    def make(n=1, **draft_overrides):
        planned = sitting(kind="emergency", day=today, hour=0)
        entries = [
            services.draft_put_on_agenda(
                draft_id=complete_draft(**draft_overrides).pk,
                sitting_id=planned.pk,
                user=users["secretariat"],
            )
            for _ in range(n)
        ]
        convene(planned, moment(today, 0))
        return planned, entries

    return make


def roll_call_of(councillors, votes: dict[int, str], default: str = "for") -> dict[int, str]:
    """A roll call: every councillor `default`, except {index in `councillors`: vote}."""
    result = {c.pk: default for c in councillors}
    for index, vote in votes.items():
        result[councillors[index].pk] = vote
    return result


@pytest.fixture
def two_decisions(open_sitting, users):
    """Two decisions adopted today (numbers 1 and 2), at a sitting convened and started today."""
    from council.models import Decision

    sitting, entries = open_sitting(n=2)
    for entry in entries:
        services.agenda_entry_vote(
            entry_id=entry.pk, user=users["secretariat"], present=25, votes_for=20,
            votes_against=3, abstentions=2,
        )  # fmt: skip
    return sitting, list(Decision.objects.order_by("number"))


# A real SMTP server on loopback --------------------------------------------------------------


@pytest.fixture
def smtp_server(settings):
    """An SMTP server (aiosmtpd) on a free loopback port, with Django's SMTP backend pointed at
    it; `messages` holds what it received, parsed."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def consultation(register, users, today):
    """A normative draft in public consultation: announced two days ago, open ten more days."""
    from council.models import DraftDecision

    draft = register(
        legal_character="normative", at=moment(today - dt.timedelta(days=3)),
        title="Proiect de hotărâre privind regulamentul parcărilor de reședință",
    )  # fmt: skip
    services.draft_consultation_update(
        draft_id=draft.pk, user=users["secretariat"], announced_on=today - dt.timedelta(days=2),
        recommendations_until=today + dt.timedelta(days=10),
    )  # fmt: skip
    transition_fire(
        model=DraftDecision, pk=draft.pk, name="start_consultation", user=users["secretariat"],
        at=moment(today - dt.timedelta(days=2), 12),
    )  # fmt: skip
    return DraftDecision.objects.get(pk=draft.pk)
