"""A recommendation from the public form to a confirmed, answered, published entry, in a real
browser (headless Chromium), with the confirmation e-mail read from a real SMTP server."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser import ARGS, session_cookie

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEXT = "Propun ca regulamentul să prevadă locuri pentru bicicletele riveranilor."


def wait_for(messages, count: int = 1, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while len(messages) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(messages) >= count, "the confirmation e-mail did not arrive"


def test_a_recommendation_from_the_form_to_its_published_answer(
    live_server, chromium, consultation, smtp_server, users
):
    from playwright.sync_api import sync_playwright

    public_url = f"{live_server.url}/consultations/{consultation.pk}/"
    staff_url = f"{live_server.url}/staff/council/drafts/{consultation.pk}/"
    cookies = session_cookie("secretariat", live_server.url)  # read before the browser starts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            citizen = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
            citizen.goto(public_url)
            citizen.fill("textarea[name=text]", TEXT)
            citizen.fill("input[name=name]", "Maria Enache")
            citizen.fill("input[name=email]", "maria.enache@example.ro")
            citizen.check("input[name=consent]")
            citizen.wait_for_timeout(3200)  # a person takes longer than the form's time check
            citizen.click("button:has-text('Trimiteți recomandarea')")
            assert "?sent=R" in citizen.url
            assert "a fost primită" in citizen.inner_text("main")

            wait_for(smtp_server.messages)
            body = smtp_server.messages[0].get_content()
            link = re.search(r"http://\S+/consultations/confirm/\S+/", body).group(0)
            citizen.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
            assert "este confirmată și înregistrată" in citizen.inner_text("main")

            staff = browser.new_context()
            staff.add_cookies(cookies)
            clerk = staff.new_page()
            clerk.goto(staff_url)
            clerk.select_option("select[name=answer_kind]", "partly")
            clerk.fill(
                "textarea[name=answer]", "Se preia parțial: locurile se stabilesc pe străzi."
            )
            clerk.click("button:has-text('Înregistrați răspunsul')")
            assert "Răspunsul a fost înregistrat" in clerk.inner_text("main")

            citizen.goto(public_url)
            answers = citizen.inner_text("section:has(#answers)")
            assert TEXT in answers and "Se preia parțial" in answers
            assert "Maria Enache" not in citizen.content()
        finally:
            browser.close()
