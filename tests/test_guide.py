"""The staff guide's tasks, done in a real browser by each role over the demo, and the guide's
screenshots taken on the way (docs/guide/images/): each run redraws them, so the guide never
shows a screen the service no longer has, and a task the guide describes that stops working
fails here.

The demo is pinned to 29 November 2026 so that the screens are the same on every run; the
sitting of 17 December 2026 (convened in the demo) is then held by moving the clock to it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from council.models import DraftDecision, Sitting, SittingStatus
from program.demo import DEMO_PASSWORD
from program.models import AnnualProgram, ItemStatus, ProgramItem, ProgramStatus
from tests.browser import browser
from tests.conftest import council_moment

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.on_day("2026-11-29T10:00"),
]

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "guide" / "images"
VIEWPORT = {"width": 1200, "height": 860}


class Guide:
    """One role's session in the browser, and the screenshots it takes for the guide."""

    def __init__(self, chrome, live_url: str, username: str):
        self.live_url = live_url
        self.context = chrome.new_context(viewport=VIEWPORT, locale="ro-RO")
        # The admin's side menu folded, so that its pages have room in the screenshots.
        self.context.add_init_script(
            "localStorage.setItem('django.admin.navSidebarIsOpen', 'false')"
        )
        self.page = self.context.new_page()
        self.page.goto(f"{live_url}/staff/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(f"{live_url}/staff/")

    def go(self, path: str) -> None:
        response = self.page.goto(self.live_url + path)
        assert response.status == 200, f"{path}: {response.status}"

    def shot(self, name: str, selector: str | None = None) -> None:
        """The element `selector` (the visible part of the page without one)."""
        IMAGES.mkdir(parents=True, exist_ok=True)
        path = str(IMAGES / f"{name}.png")
        self.page.evaluate("document.activeElement && document.activeElement.blur()")
        if selector is None:
            self.page.screenshot(path=path)
            return
        element = self.page.locator(selector).first
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        margin = 12
        x, y = max(0, box["x"] - margin), max(0, box["y"] - margin)
        self.page.screenshot(
            path=path,
            full_page=True,
            clip={
                "x": x + self.page.evaluate("window.scrollX"),
                "y": y + self.page.evaluate("window.scrollY"),
                "width": min(box["width"] + 2 * margin, VIEWPORT["width"] - x),
                "height": box["height"] + 2 * margin,
            },
        )

    def press(self, value: str) -> None:
        """Press a transition's button, and check that the page says it was done."""
        self.page.click(f"button[name=transition][value={value}]")
        self.page.wait_for_load_state()
        self.done()

    def done(self) -> None:
        success = self.page.locator(".message-success")
        assert success.count() == 1, self.page.locator("main").inner_text()[:3000]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", "--without-documents", stdout=io.StringIO())
    return live_server.url


def item_pk(url: str) -> int:
    return int(re.search(r"/staff/items/(\d+)/", url).group(1))


def test_a_department_proposes_an_item_gives_input_and_forwards_it(demo, chromium):
    with browser(chromium) as chrome:
        citizen = chrome.new_context(viewport=VIEWPORT)
        login = citizen.new_page()
        login.goto(f"{demo}/staff/login/")
        login.locator("main").screenshot(path=str(IMAGES / "autentificare.png"))
        citizen.close()

        clerk = Guide(chrome, demo, "investitii")
        clerk.shot("departament-lucrari", "main")
        clerk.page.click("main a.button.primary[href$='/staff/items/new/']")
        page = clerk.page
        page.fill(
            "#id_title",
            "Proiect de hotărâre privind amenajarea unui parc de buzunar pe str. N. Titulescu",
        )
        page.select_option("#id_planned_month", index=4)
        page.fill(
            "#id_description",
            "Amenajarea unui spațiu verde de 800 mp, cu mobilier urban și iluminat.",
        )
        page.check("input[name=objectives][value='SC-OG3-OS3.3']")
        page.get_by_label("Direcția Juridică, Legislație, Contencios Administrativ").check()
        clerk.shot("departament-propunere")
        clerk.shot("departament-obiective", "fieldset:has(input[name=objectives])")
        page.click("main form button[type=submit].primary")
        page.wait_for_url(re.compile(r"/staff/items/\d+/$"))
        clerk.done()
        pk = item_pk(page.url)
        clerk.shot("departament-ciorna")
        clerk.press("submit")
        clerk.shot("departament-consultare", "#inputs")

        # The department's own input, then Direcția Juridică's.
        page.check("#input input[name=opinion][value=favourable]")
        page.fill(
            "#input textarea[name=text]",
            "Propunem includerea în program; studiul de fezabilitate este gata.",
        )
        clerk.shot("departament-punct-de-vedere", "#input")
        page.click("#input button[type=submit]")
        clerk.done()

        lawyer = Guide(chrome, demo, "juridic")
        lawyer.shot("departament-cereri", "main section")
        lawyer.page.click(f"main a[href='/staff/items/{pk}/#input']")
        lawyer.page.check("#input input[name=opinion][value=favourable]")
        lawyer.page.fill("#input textarea[name=text]", "Aviz favorabil: temeiul legal este corect.")
        lawyer.page.click("#input button[type=submit]")
        lawyer.done()
        lawyer.close()

        clerk.go(f"/staff/items/{pk}/")
        clerk.press("forward_to_secretariat")
        clerk.shot("departament-inaintat")
        clerk.close()
    assert ProgramItem.objects.get(pk=pk).status == ItemStatus.SECRETARIAT_REVIEW


def test_the_secretariat_runs_the_program_and_a_sitting(demo, chromium, pinned_day, tmp_path):
    from weasyprint import HTML

    signed = tmp_path / "HCL semnată.pdf"
    signed.write_bytes(
        HTML(string="<h1>HOTĂRÂRE</h1><p>Art. 1. Se aprobă programul.</p>").write_pdf()
    )
    in_review = (
        ProgramItem.objects.filter(status=ItemStatus.SECRETARIAT_REVIEW, program__year=2027)
        .order_by("sequence")
        .first()
    )
    never_sent = (
        ProgramItem.objects.filter(status=ItemStatus.PUBLISHED, drafts__isnull=True)
        .order_by("-program__year")
        .first()
    )
    upcoming = Sitting.objects.get(status=SittingStatus.CONVENED)
    program_draft = upcoming.entries.get(draft__program__year=2027).draft
    assert AnnualProgram.objects.get(year=2027).status == ProgramStatus.DRAFTING
    with browser(chromium) as chrome:
        office = Guide(chrome, demo, "secretariat")
        office.shot("secretariat-lucrari")

        # The program: check an item and put it before the council.
        office.go(f"/staff/items/{in_review.pk}/")
        office.shot("secretariat-verificare", "#actions-heading + form")
        office.press("submit_to_council")

        # The register: a published item's draft decision, its file, a sitting, the convocation.
        office.go("/staff/council/")
        office.shot("secretariat-termene")
        office.page.click(f"main a[href$='?item={never_sent.pk}']")
        office.page.fill(
            "#id_statement",
            "Referatul de aprobare al Serviciului Imagine și Relații cu Mass-Media.",
        )
        office.shot("secretariat-inregistrare", "main")
        office.page.click("main form button[type=submit]")
        office.page.wait_for_url(re.compile(r"/staff/council/drafts/\d+/$"))
        office.done()
        draft_url = office.page.url
        office.press("send_for_opinions")
        page = office.page
        missing = " ".join(page.locator("#file-heading ~ ul li.blocked").all_inner_texts())
        committees = [
            name.strip()
            for name in page.locator("#id_committee option").all_inner_texts()
            if name.strip() and name.strip() in missing
        ]
        assert committees, "the draft asks its committees for opinions"
        opinions = [("department_report", None), ("legality", None)]
        opinions += [("committee", name) for name in committees]
        for kind, committee in opinions:
            page.select_option("#id_kind", kind)
            if committee:
                page.select_option("#id_committee", label=committee)
            page.fill("#id_given_on", "2026-11-29")
            if committee == committees[0]:
                office.shot("secretariat-avize", "form:has(#id_kind)")
            page.click("form:has(#id_kind) button[type=submit]")
            office.done()

        # An urgent normative draft, outside the program: its public consultation.
        office.go("/staff/council/drafts/new/")
        page.fill(
            "#id_title", "Proiect de hotărâre privind regulamentul de ocupare a domeniului public"
        )
        page.fill("#id_initiator", "Primarul Sectorului 1")
        page.select_option("#id_department", index=1)
        page.select_option("#id_legal_character", "normative")
        page.fill("#id_statement", "Referat de aprobare.")
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/staff/council/drafts/\d+/$"))
        office.done()
        page.fill("#id_announced_on", "2026-11-29")
        page.fill("#id_recommendations_until", "2026-12-14")
        office.shot("secretariat-consultare", "section:has(#consultation-heading)")
        page.click("section:has(#consultation-heading) button[type=submit]")
        office.done()
        office.press("start_consultation")

        office.go("/staff/council/sittings/")
        page.select_option("#id_kind", "ordinary")
        page.fill("#id_starts_at", "2027-01-21T10:00")
        page.fill("#id_place", "Sala de consiliu a Primăriei Sectorului 1, Bd. Banu Manta nr. 9")
        page.select_option("#id_chair", index=1)
        office.shot("secretariat-planificare", "main form")
        page.click("main form button[type=submit]")
        office.done()
        page.goto(draft_url)
        sitting = page.locator("#id_sitting option", has_text="21.01.2027").get_attribute("value")
        page.select_option("#id_sitting", sitting)
        office.shot("secretariat-ordinea-de-zi", "form:has(#id_sitting)")
        page.click("form:has(#id_sitting) button[type=submit]")
        office.done()
        office.go("/staff/council/sittings/")
        page.locator("main a", has_text="21.01.2027").click()
        page.fill("#id_disposition", "1234/14.12.2026")
        office.shot("secretariat-sedinta-planificata")
        office.press("convene")
        office.close()

    # The sitting of 17 December 2026: the votes, the decisions, the program's approval.
    pinned_day.move_to(council_moment("2026-12-17T12:30"))
    with browser(chromium) as chrome:
        office = Guide(chrome, demo, "secretariat")
        page = office.page
        office.go(f"/staff/council/sittings/{upcoming.pk}/")
        # Who is present: one councillor absent, one arrived late.
        attendance = page.locator("section:has(#attendance-heading)")
        attendance.locator("input[type=checkbox]").nth(2).uncheck()
        attendance.locator("input[type=time]").nth(8).fill("10:40")
        office.shot("secretariat-prezenta", "section:has(#attendance-heading)")
        attendance.locator("form button[type=submit]").first.click()
        office.done()
        agenda = "main > table.stack > tbody > tr"
        rows = page.locator(agenda)
        for index in range(rows.count()):
            row = page.locator(agenda).nth(index)
            if row.locator("form[action$='/take-note/']").count():
                row.locator("form[action$='/take-note/'] button").click()
                office.done()
                continue
            grid = row.locator("details.roll-call-form form")
            if index == 0:
                grid.locator("input[value=against]").nth(3).check()
                grid.locator("input[value=abstention]").nth(5).check()
                office.shot("secretariat-vot", f"{agenda} >> nth={index}")
            grid.locator("button[type=submit]").click()
            office.done()
        page.locator("details.correction summary").first.click()
        office.shot("secretariat-corectare", f"{agenda} >> nth=0")
        office.press("close")
        office.shot("secretariat-sedinta-inchisa")

        office.go("/staff/council/decisions/")
        office.shot("secretariat-hotarari")
        approving = "Hotărâre privind aprobarea Programului anual"
        page.locator("main tr", has_text=approving).locator("a").first.click()
        page.fill("#id_signed_on", "2026-12-17")
        page.fill("#id_countersigned_on", "2026-12-17")
        page.fill("#id_communicated_on", "2026-12-17")
        office.shot("secretariat-hotarare", "main")
        page.click("main form button[type=submit]")
        office.done()

        # The signed decision's text, uploaded on the decision's documents page.
        with page.expect_navigation():
            page.locator("a", has_text="Adăugați un document sau o versiune nouă").click()
        page.set_input_files(
            "#id_file",
            {"name": signed.name, "mimeType": "application/pdf", "buffer": signed.read_bytes()},
        )
        page.select_option("#id_kind", "decision_text")
        page.fill("#id_title", "Hotărârea semnată")
        office.shot("secretariat-document-nou", "main form:has(#id_file)")
        with page.expect_navigation():
            page.click("main form:has(#id_file) button[type=submit]")
        office.done()
        office.shot("secretariat-documente", "main table")

        office.go("/staff/programs/2027/")
        approve = page.locator("form[action$='/approve/']")
        approve.locator("select").first.select_option(index=1)
        office.shot("secretariat-aprobare-program", "form[action$='/approve/']")
        approve.locator("button[type=submit]").click()
        office.done()
        page.click("form[action$='/publish/'] button[type=submit]")
        office.done()
        office.shot("secretariat-program-publicat")
        office.close()
    assert AnnualProgram.objects.get(year=2027).status == ProgramStatus.PUBLISHED
    assert DraftDecision.objects.get(pk=program_draft.pk).status == "adopted"


@pytest.fixture
def production_hashing(settings):
    """The passwords hashed as in production (the tests' fast hasher would show in the user
    admin's screenshot)."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def test_it_manages_accounts_lockouts_and_tokens(production_hashing, demo, chromium):
    with browser(chromium) as chrome:
        # Someone mistypes a password five times: the account is locked for a while.
        stranger = chrome.new_context(viewport=VIEWPORT)
        login = stranger.new_page()
        for _attempt in range(5):
            login.goto(f"{demo}/staff/login/")
            login.fill("#id_username", "buget")
            login.fill("#id_password", "parola-gresita")
            login.click("main button[type=submit]")
        stranger.close()

        it = Guide(chrome, demo, "admin")
        it.go("/admin/")
        it.shot("it-administrare")
        it.go("/admin/auth/user/")
        it.shot("it-utilizatori")
        it.page.click("#result_list a:text-is('investitii')")
        it.shot("it-utilizator")
        it.go("/admin/axes/accessattempt/")
        assert it.page.locator("#result_list", has_text="buget").count() == 1
        it.shot("it-blocari")
        it.go("/admin/program/department/")
        it.shot("it-date-de-referinta")
        token = it.page.request.post(
            f"{demo}/api/v1/auth/token/", form={"username": "admin", "password": DEMO_PASSWORD}
        )
        assert token.status == 200, token.text()
        it.go("/staff/tokens/")
        it.shot("it-jetoane", "main")
        it.go("/staff/otp/")
        it.shot("it-autentificator", "main")
        it.close()
