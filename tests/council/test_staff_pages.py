"""The secretariat carries a draft through the council's staff pages."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from council.models import AgendaEntry, Decision, DraftDecision, Sitting
from workflows import clock


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_council_pages_answer_for_staff(users, db):
    client = logged_in(users["investitii"])
    for path in ("", "drafts/", "sittings/", "decisions/"):
        assert client.get(f"/staff/council/{path}").status_code == 200, path


def test_a_draft_goes_from_registration_to_decision_through_the_pages(users, committee, today):
    client = logged_in(users["secretariat"])
    response = client.post(
        "/staff/council/drafts/new/",
        {
            "title": "Proiect de hotărâre privind aprobarea unui acord",
            "initiator": "Primarul Sectorului 1",
            "department": users["investitii"].staff_profile.department_id,
            "legal_character": "individual",
            "majority": "simple",
            "committees": [committee.pk],
            "statement": "Referat de aprobare.",
        },
    )
    assert response.status_code == 302, response.content.decode()
    draft = DraftDecision.objects.get()
    post = lambda path, data: client.post(f"/staff/council/drafts/{draft.pk}/{path}/", data)  # noqa: E731
    assert (
        post(
            "transition",
            {"transition": "send_for_opinions", "comment": "", "expected_state": "registered"},
        ).status_code
        == 302
    )
    for kind, extra in (
        ("department_report", {}),
        ("committee", {"committee": committee.pk}),
        ("legality", {}),
    ):
        answer = post(
            "opinion", {"kind": kind, "favourable": "1", "given_on": today.isoformat(), **extra}
        )
        assert answer.status_code == 302, answer.content.decode()
    starts = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert (
        client.post(
            "/staff/council/sittings/",
            {
                "kind": "emergency",
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "place": "Sala de consiliu",
            },
        ).status_code
        == 302
    )
    sitting = Sitting.objects.get()
    assert post("agenda", {"sitting": sitting.pk}).status_code == 302
    convened = client.post(
        f"/staff/council/sittings/{sitting.pk}/transition/",
        {"transition": "convene", "comment": "", "expected_state": "planned"},
    )
    assert convened.status_code == 302
    entry = AgendaEntry.objects.get()
    voted = client.post(
        f"/staff/council/sittings/{sitting.pk}/entries/{entry.pk}/vote/",
        {"present": 25, "votes_for": 20, "votes_against": 3, "abstentions": 2},
    )
    assert voted.status_code == 302
    decision = Decision.objects.get()
    saved = client.post(
        f"/staff/council/decisions/{decision.pk}/",
        {"signed_on": today.isoformat(), "countersigned_on": today.isoformat()},
    )
    assert saved.status_code == 302
    decision.refresh_from_db()
    assert decision.signed_on == today


def test_an_impossible_vote_is_refused_on_the_page(users, complete_draft, sitting, convene, today):
    from council import services
    from tests.council.conftest import moment

    planned = sitting(kind="emergency", hour=0)
    entry = services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today, 0))
    response = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{planned.pk}/entries/{entry.pk}/vote/",
        {"present": 20, "votes_for": 20, "votes_against": 5, "abstentions": 0},
    )
    assert response.status_code == 400
    assert "20" in response.content.decode()
    entry.refresh_from_db()
    assert entry.outcome == ""


def test_a_department_cannot_record_in_the_registers(users, register):
    draft = register()
    response = logged_in(users["investitii"]).post(
        f"/staff/council/drafts/{draft.pk}/transition/",
        {"transition": "send_for_opinions", "comment": "", "expected_state": "registered"},
    )
    assert response.status_code == 403


def test_convening_too_late_is_explained(users, complete_draft, sitting):
    from council import services

    planned = sitting(kind="ordinary", day=clock.today() + dt.timedelta(days=2))
    services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    response = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{planned.pk}/transition/",
        {"transition": "convene", "comment": "", "expected_state": "planned"},
    )
    assert response.status_code == 400
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_the_item_page_shows_its_draft_decision(users, published_item, register):
    draft = register(item=published_item, legal_character="normative")
    page = (
        logged_in(users["secretariat"]).get(f"/staff/items/{published_item.pk}/").content.decode()
    )
    assert f"PH {draft.reference}" in page


def test_the_secretariat_keeps_the_registers_in_the_admin_too(users, register, sitting):
    client = logged_in(users["secretariat"])
    draft, planned = register(), sitting()
    for path in (
        f"/admin/council/draftdecision/{draft.pk}/change/",
        f"/admin/council/sitting/{planned.pk}/change/",
        "/admin/council/decision/",
    ):
        assert client.get(path).status_code == 200, path


def test_the_dashboard_warns_of_a_month_without_a_convened_ordinary_sitting(users, today):
    page = logged_in(users["secretariat"]).get("/staff/").content.decode()
    assert "Codul administrativ, art. 133" in page
    assert today.strftime("%Y") in page.split("Codul administrativ, art. 133")[0]


def test_a_department_is_not_shown_the_monthly_sitting_warning(users):
    page = logged_in(users["investitii"]).get("/staff/").content.decode()
    assert "Codul administrativ, art. 133" not in page


def test_the_secretariat_convenes_with_the_mayors_disposition(
    users, complete_draft, sitting, today
):
    import datetime as dt

    from council import services as council_services

    planned = sitting(day=today + dt.timedelta(days=10))
    council_services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    client = logged_in(users["secretariat"])
    url = f"/staff/council/sittings/{planned.pk}/"
    assert 'id="convene-heading"' in client.get(url).content.decode()
    bad = client.post(url + "convene/", {"disposition": "5/2026", "delivered_on": "30.11"})
    assert bad.status_code == 400
    answer = client.post(url + "convene/", {"disposition": "5/30.11.2026", "delivered_on": ""})
    assert answer.status_code == 302
    public = Client().get(f"/sittings/{planned.pk}/").content.decode()
    assert "5/30.11.2026" in public
