"""The staff workspace: a clerk carries an item from draft to published through the pages."""

import datetime as dt

import pytest
from django.test import Client

from program.models import ItemStatus, ProgramItem
from workflows import clock
from workflows.models import TransitionLog


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fire(client, item, name, comment=""):
    item.refresh_from_db()
    return client.post(
        f"/staff/items/{item.pk}/transition/",
        {"transition": name, "comment": comment, "expected_state": item.status},
    )


def test_the_workspace_needs_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_login_page_is_romanian_by_default(client):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    assert 'lang="ro"' in response.content.decode()


def test_an_item_goes_from_draft_to_published_through_the_pages(users, program, objective):
    department, consulted, secretariat = (
        logged_in(users["investitii"]),
        logged_in(users["juridica"]),
        logged_in(users["secretariat"]),
    )
    response = department.post(
        "/staff/items/new/",
        {
            "title": "Proiect de hotărâre privind stațiile de încărcare",
            "planned_month": f"{program.year}-{clock.today().month:02d}",
            "kind": "draft_decision",
            "initiator_type": "mayor",
            "legal_character": "normative",
            "majority": "absolute",
            "objectives": [objective.code],
            "consulted_departments": ["juridica"],
        },
    )
    assert response.status_code == 302, response.content.decode()
    item = ProgramItem.objects.get()
    assert fire(department, item, "submit").status_code == 302
    for client in (department, consulted):
        answer = client.post(
            f"/staff/items/{item.pk}/input/", {"opinion": "favourable", "text": "De acord."}
        )
        assert answer.status_code == 302
    assert fire(department, item, "forward_to_secretariat").status_code == 302
    assert fire(secretariat, item, "submit_to_council").status_code == 302
    approved = secretariat.post(
        f"/staff/programs/{program.year}/approve/",
        {"decision_number": "21", "decision_date": dt.date(program.year - 1, 12, 18).isoformat()},
    )
    assert approved.status_code == 302
    assert secretariat.post(f"/staff/programs/{program.year}/publish/").status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert list(TransitionLog.objects.for_object(item).values_list("transition", flat=True)) == [
        "create",
        "submit",
        "forward_to_secretariat",
        "submit_to_council",
        "approve",
        "publish",
    ]


def test_a_refused_transition_is_explained_on_the_page(users, make_item):
    item = make_item(objectives=[])
    response = fire(logged_in(users["investitii"]), item, "submit")
    assert response.status_code == 400
    assert (
        "obiectiv" in response.content.decode()
    )  # Romanian: "Legați elementul de cel puțin un obiectiv"


def test_a_conflict_is_409_on_the_page(users, make_item):
    item = make_item()
    client = logged_in(users["investitii"])
    response = client.post(
        f"/staff/items/{item.pk}/transition/",
        {"transition": "submit", "comment": "", "expected_state": "secretariat_review"},
    )
    assert response.status_code == 409


def test_the_item_page_shows_only_the_buttons_the_user_may_press(users, make_item):
    item = make_item()
    page = logged_in(users["investitii"]).get(f"/staff/items/{item.pk}/").content.decode()
    assert 'value="submit"' in page and 'value="withdraw"' in page
    assert 'value="publish"' not in page
    secretariat_page = (
        logged_in(users["secretariat"]).get(f"/staff/items/{item.pk}/").content.decode()
    )
    assert 'value="submit"' not in secretariat_page


def test_a_blocked_transition_shows_why(users, make_item):
    item = make_item()
    client = logged_in(users["investitii"])
    fire(client, item, "submit")
    page = client.get(f"/staff/items/{item.pk}/").content.decode()
    assert "Direcția Juridică" in page and "disabled" in page


def test_another_departments_draft_is_404(users, make_item):
    item = make_item()
    assert logged_in(users["buget"]).get(f"/staff/items/{item.pk}/").status_code == 404


def test_dashboard_lists_inputs_asked_of_my_department(users, make_item):
    item = make_item()
    fire(logged_in(users["investitii"]), item, "submit")
    page = logged_in(users["juridica"]).get("/staff/").content.decode()
    assert item.reference in page


def test_dashboard_shows_the_secretariat_queue(users, make_item, bring_to):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    page = logged_in(users["secretariat"]).get("/staff/").content.decode()
    assert item.reference in page


def test_editing_a_draft_with_a_bad_month_is_a_form_error(users, make_item):
    item = make_item()
    response = logged_in(users["investitii"]).post(
        f"/staff/items/{item.pk}/edit/", {"title": "x", "planned_month": "2099-13"}
    )
    assert response.status_code == 400


def test_editing_an_item_under_review_is_refused(users, make_item, bring_to):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    assert logged_in(users["investitii"]).get(f"/staff/items/{item.pk}/edit/").status_code == 409


@pytest.mark.parametrize("username", ["investitii", "secretariat", "admin"])
def test_every_role_sees_its_dashboard(users, username, program):
    assert logged_in(users[username]).get("/staff/").status_code == 200


def test_pages_stay_romanian_for_an_english_browser(client):
    page = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="ro"' in page and "Autentificare personal" in page


def test_the_language_switcher_turns_pages_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/staff/login/"})
    assert response.status_code == 302
    page = client.get("/staff/login/").content.decode()
    assert 'lang="en"' in page and "Staff login" in page


@pytest.mark.on_day("2026-11-29")
def test_the_form_offers_only_months_still_ahead(users, program):
    page = logged_in(users["investitii"]).get("/staff/items/new/").content.decode()
    assert 'value="2026-11"' in page and 'value="2026-12"' in page
    assert 'value="2026-10"' not in page


@pytest.mark.on_day("2026-11-29")
def test_the_secretariat_opens_next_years_program_from_the_dashboard(users, program):
    secretariat = logged_in(users["secretariat"])
    assert (
        "Deschide pentru redactare programul anului 2027"
        in secretariat.get("/staff/").content.decode()
        or "Open the program of 2027" in secretariat.get("/staff/").content.decode()
    )
    response = secretariat.post("/staff/programs/open/", {"year": "2027"})
    assert response["Location"] == "/staff/programs/2027/"
    department = logged_in(users["investitii"]).post("/staff/programs/open/", {"year": "2028"})
    assert department.status_code == 302
    from program.models import AnnualProgram

    assert set(AnnualProgram.objects.values_list("year", flat=True)) == {2026, 2027}


def test_the_program_is_approved_by_choosing_its_decision_in_the_register(
    users, program, make_item, bring_to, complete_draft, sitting, convene, today
):
    from tests.council.test_api import adopt

    unrelated = adopt(users, complete_draft, sitting, convene, today)
    decision = adopt(users, complete_draft, sitting, convene, today, program=program)
    bring_to(make_item(planned_month=12), ItemStatus.SUBMITTED_TO_COUNCIL)
    secretariat = logged_in(users["secretariat"])
    page = secretariat.get(f"/staff/programs/{program.year}/").content.decode()
    assert f'<option value="{decision.pk}">' in page  # offered
    assert f'<option value="{unrelated.pk}">' not in page  # about something else
    secretariat.post(f"/staff/programs/{program.year}/approve/", {"decision": decision.pk})
    assert program.versions.get().decision == decision


def test_a_decision_that_is_not_in_the_register_is_refused_on_the_page(
    users, program, make_item, bring_to, complete_draft, sitting, convene, today
):
    from tests.council.test_api import adopt

    first = adopt(users, complete_draft, sitting, convene, today)
    bring_to(make_item(planned_month=12), ItemStatus.SUBMITTED_TO_COUNCIL)
    response = logged_in(users["secretariat"]).post(
        f"/staff/programs/{program.year}/approve/",
        {"decision_number": "999", "decision_date": today.isoformat()},
        follow=True,
    )
    assert first.adopted_on.strftime("%d.%m.%Y") in response.content.decode()  # "…since <date>"
    assert not program.versions.exists()
