"""The main pages in a real browser (headless Chromium): no serious or critical accessibility
violation found by axe-core, at desktop and phone widths. Screenshots are saved for review in
artifacts/screenshots/."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from council.models import Councillor, Decision, DraftDecision, Sitting
from program.models import ProgramItem
from tests.browser import ARGS
from workflows import clock

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}


pytestmark = pytest.mark.slow


def main_pages() -> dict[str, str]:
    today = clock.today()
    item = ProgramItem.objects.filter(status="published").order_by("pk").first()
    sitting = Sitting.objects.filter(status="minutes_published").order_by("pk").first()
    decision = Decision.objects.order_by("pk").first()
    contested = Decision.objects.filter(status="contested").first() or decision
    councillor = Councillor.objects.order_by("pk").first()
    open_consultation = (
        DraftDecision.objects.filter(status="in_consultation").order_by("-pk").first()
    )
    return {
        "home": "/",
        "calendar": f"/calendar/{today.year}/{today.month}/",
        "program": f"/program/{today.year}/",
        "item": f"/items/{item.pk}/",
        "sitting": f"/sittings/{sitting.pk}/",
        "decision": f"/decisions/{decision.year}/{decision.number}/",
        "strategies": "/strategies/",
        "strategy": "/strategies/smart-city/",
        "search": "/search/?q=buget",
        "sittings": "/sittings/",
        "decisions": "/decisions/",
        "decisions-found": "/decisions/?q=buget",
        "contested": f"/decisions/{contested.year}/{contested.number}/",
        "mol": "/mol/",
        "drafts": "/drafts/",
        "councillors": "/councillors/",
        "councillor": f"/councillors/{councillor.pk}/",
        "committee": "/committees/buget/",
        "accessibility": "/accessibility/",
        "consultations": "/consultations/",
        "consultation": f"/consultations/{open_consultation.pk}/",
        "transparency": f"/transparency/{today.year - 1}/",
        "alerts": "/alerts/",
        "staff-login": "/staff/login/",
    }


@pytest.mark.django_db(transaction=True)
def test_main_pages_have_no_serious_accessibility_violations(live_server, chromium):
    call_command("seed_demo", stdout=io.StringIO())
    pages = main_pages()  # the database is read before the browser's event loop starts

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=ARGS,
        )
        try:
            for width_name, width in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for name, path in pages.items():
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, path
                    page.screenshot(
                        path=str(ARTIFACTS / f"{name}-{width_name}.png"), full_page=True
                    )
                    results = axe.run(page)
                    for violation in results.response["violations"]:
                        if violation["impact"] in ("serious", "critical"):
                            problems.append(
                                f"{path} ({width_name}): {violation['id']}: {violation['help']} "
                                f"— {[n['target'] for n in violation['nodes']][:3]}"
                            )
                context.close()
        finally:
            browser.close()
    assert problems == []


@pytest.mark.django_db(transaction=True)
def test_the_calendar_is_usable_by_keyboard(live_server, chromium):
    call_command("seed_demo", "--without-documents", stdout=io.StringIO())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(live_server.url + "/calendar/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused.strip() in ("Salt la conținut", "Skip to content")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(live_server, chromium):
    """Chromium reports every script, style or frame the policy blocks; none may be blocked, on
    the public pages, the staff pages, the admin and the API documentation."""
    call_command("seed_demo", "--without-documents", stdout=io.StringIO())
    pages = [*main_pages().values(), "/api/v1/docs/", "/admin/login/", "/staff/otp/"]
    staff_pages = ["/staff/", "/staff/council/", "/admin/", "/staff/otp/"]
    from playwright.sync_api import sync_playwright

    blocked = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.on(
            "console",
            lambda message: (
                blocked.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for path in pages:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
        page.goto(live_server.url + "/staff/login/")
        page.fill("#id_username", "secretariat")
        page.fill("#id_password", "paacl-demo-2026")
        page.click("main button[type=submit]")
        page.wait_for_url(live_server.url + "/staff/")
        for path in staff_pages:
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert response.url == live_server.url + path  # logged in: not sent to the login page
        browser.close()
    assert blocked == []
