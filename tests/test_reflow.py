"""Every page fits a phone: no sideways scrolling at 320 and 390 CSS pixels (WCAG 2.1 AA, 1.4.10
Reflow), for citizens and for each role in the staff pages, measured in a real browser over the
demo. A wide table may scroll inside its own box; the page itself never does.

Screenshots at 320 px are saved in artifacts/reflow/ to be looked at."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from council import services
from council.models import (
    Committee,
    Councillor,
    Decision,
    DraftDecision,
    DraftStatus,
    Sitting,
    SittingStatus,
)
from program.models import AnnualProgram, Department, ItemStatus, ProgramItem, ProgramStatus
from tests.browser import OVERFLOW, browser, session_cookie
from tests.conftest import council_moment
from workflows import clock
from workflows.services import transition_fire

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "reflow"
WIDTHS = (320, 390)


def first(queryset):
    found = queryset.order_by("pk").first()
    assert found is not None, f"the demo has no {queryset.model.__name__} for this page"
    return found


def public_pages() -> list[str]:
    today = clock.today()
    item = first(ProgramItem.objects.filter(status=ItemStatus.PUBLISHED))
    held = first(Sitting.objects.filter(status=SittingStatus.MINUTES_PUBLISHED))
    decision = first(Decision.objects.all())
    contested = Decision.objects.filter(status="contested").first() or decision
    return [
        "/",
        f"/calendar/{today.year}/{today.month}/",
        f"/calendar/{today.year}/{today.month}/?department=serviciul-buget",
        f"/program/{today.year}/",
        f"/program/{today.year - 1}/",
        f"/items/{item.pk}/",
        f"/sittings/{held.pk}/",
        f"/decisions/{decision.year}/{decision.number}/",
        "/strategies/",
        "/strategies/smart-city/",
        "/councillors/",
        f"/councillors/{first(Councillor.objects.all()).pk}/",
        "/sittings/",
        "/decisions/",
        "/mol/",
        f"/decisions/{contested.year}/{contested.number}/",
        "/committees/",
        "/committees/buget/",
        "/search/?q=buget",
        "/search/",
        "/accessibility/",
        "/consultations/",
        f"/consultations/{open_consultation().pk}/",
        f"/program/{today.year - 1}/?version=1",
        f"/transparency/{today.year - 1}/",
        "/alerts/",
        "/privacy/",
        "/staff/login/",
        "/staff/guide/",
    ]


def open_consultation():
    from council.participation import is_open

    drafts = DraftDecision.objects.filter(status=DraftStatus.IN_CONSULTATION).order_by("pk")
    found = next((d for d in drafts if is_open(d)), None)
    assert found is not None, "the demo has an open consultation"
    return found


def council_pages() -> list[str]:
    """The council's staff pages every role reads."""
    draft = first(DraftDecision.objects.filter(status=DraftStatus.IN_REVIEW))
    on_agenda = first(DraftDecision.objects.filter(status=DraftStatus.ON_AGENDA))
    convened = first(Sitting.objects.exclude(status=SittingStatus.PLANNED))
    decision = first(Decision.objects.all())
    year = clock.today().year
    return [
        "/staff/",
        f"/staff/programs/{year}/",
        "/staff/council/",
        "/staff/council/drafts/",
        f"/staff/council/drafts/{draft.pk}/",
        f"/staff/council/drafts/{on_agenda.pk}/",
        "/staff/council/sittings/",
        f"/staff/council/sittings/{convened.pk}/",
        "/staff/council/decisions/",
        f"/staff/council/decisions/{decision.pk}/",
        "/staff/council/councillors/",
        "/staff/council/transparency/",
        "/staff/tokens/",
        "/staff/otp/",
        "/staff/guide/",
        "/staff/guide/departament/",
        "/staff/guide/secretariat/",
        "/staff/guide/it/",
    ]


def department_pages() -> list[str]:
    """Serviciul Buget's: its draft, and its item waiting for its own input."""
    own = first(
        ProgramItem.objects.filter(status=ItemStatus.DRAFT, department__slug="serviciul-buget")
    )
    asked = first(
        ProgramItem.objects.filter(
            status=ItemStatus.DEPARTMENTAL_INPUT,
            inputs__department__slug="serviciul-buget",
            inputs__given_at__isnull=True,
        )
    )
    return [
        *council_pages(),
        "/staff/items/new/",
        f"/staff/items/{own.pk}/",
        f"/staff/items/{own.pk}/edit/",
        f"/staff/items/{asked.pk}/",
    ]


def secretariat_pages() -> list[str]:
    planned = first(Sitting.objects.filter(status=SittingStatus.PLANNED))
    voting = first(Sitting.objects.filter(status=SittingStatus.CONVENED))
    in_review = first(ProgramItem.objects.filter(status=ItemStatus.SECRETARIAT_REVIEW))
    next_year = first(AnnualProgram.objects.exclude(status=ProgramStatus.PUBLISHED))
    consultation = first(DraftDecision.objects.filter(status=DraftStatus.REGISTERED))
    return [
        *council_pages(),
        f"/staff/items/{in_review.pk}/",
        f"/staff/programs/{next_year.year}/",
        "/staff/council/drafts/new/",
        f"/staff/council/drafts/{consultation.pk}/",
        f"/staff/council/sittings/{planned.pk}/",
        f"/staff/council/sittings/{voting.pk}/",
    ]


def it_pages() -> list[str]:
    return [
        "/staff/",
        "/staff/tokens/",
        "/admin/",
        "/admin/auth/user/",
        "/admin/auth/user/1/change/",
        "/admin/program/department/",
        "/admin/program/programitem/",
        "/admin/workflows/transitionlog/",
        "/admin/axes/accessattempt/",
    ]


def measure(chromium: str, live_url: str, username: str | None, paths: list[str]) -> list[str]:
    cookies = session_cookie(username, live_url)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with browser(chromium) as chrome:
        for width in WIDTHS:
            context = chrome.new_context(viewport={"width": width, "height": 800})
            context.add_cookies(cookies)
            page = context.new_page()
            for path in paths:
                response = page.goto(live_url + path)
                assert response.status == 200, f"{path} as {username}: {response.status}"
                assert "/login/" not in page.url or path.endswith("/login/"), (path, username)
                found = page.evaluate(OVERFLOW)
                if found["extra"] > 0:
                    problems.append(
                        f"{path} at {width} px: +{found['extra']} px {found['culprits']}"
                    )
                if width == 320:
                    name = (username or "public") + path.replace("/", "_").replace("?", "_")
                    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            context.close()
    return problems


@pytest.fixture
def demo(live_server):
    """The demo, with the states it has no example of on some days: a sitting being planned, a
    draft in review and a normative draft before its consultation."""
    call_command("seed_demo", stdout=io.StringIO())
    secretariat = get_user_model().objects.get(username="secretariat")
    today = clock.today()
    services.sitting_plan(
        user=secretariat, kind="ordinary", place="Sala de consiliu",
        starts_at=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(40), dt.time(10))),
    )  # fmt: skip
    common = {
        "user": secretariat, "initiator": "Primarul Sectorului 1", "statement": "Referat.",
        "department": Department.objects.get(slug="serviciul-buget"), "majority": "simple",
        "committees": list(Committee.objects.order_by("pk")[:1]),
    }  # fmt: skip
    in_review = services.draft_register(
        title="Proiect de hotărâre privind un acord", legal_character="individual", **common
    )
    transition_fire(
        model=DraftDecision, pk=in_review.pk, name="send_for_opinions", user=secretariat
    )
    services.draft_register(
        title="Proiect de hotărâre privind un regulament", legal_character="normative", **common
    )
    return live_server.url


def test_public_pages_fit_a_phone(demo, chromium):
    assert measure(chromium, demo, None, public_pages()) == []


def test_a_departments_pages_fit_a_phone(demo, chromium):
    assert measure(chromium, demo, "buget", department_pages()) == []


@pytest.mark.on_day("2026-11-29T10:00")
def test_the_secretariats_pages_fit_a_phone(demo, chromium, pinned_day):
    """Measured while the demo's next sitting is being held, its vote forms open."""
    pinned_day.move_to(council_moment("2026-12-17T12:00"))
    assert measure(chromium, demo, "secretariat", secretariat_pages()) == []


def test_its_pages_fit_a_phone(demo, chromium):
    assert measure(chromium, demo, "admin", it_pages()) == []
