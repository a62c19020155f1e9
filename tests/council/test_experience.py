"""What got in people's way in the staff pages (issue 16): silent refusals, forms a role cannot
submit, and the dead ends of the council's work."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from council import services
from council.models import AgendaEntry, DraftStatus, Outcome, SittingStatus
from program.models import ItemStatus, ProgramItem
from tests.conftest import moment
from workflows.models import TransitionLog


def logged_in(user, language: str = "en") -> Client:
    """Pages speak the language chosen in the switcher (a cookie); Romanian by default."""
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


# Refusals say who may act -----------------------------------------------------------------------


def test_a_transition_of_another_departments_item_is_refused_with_who_may_fire_it(
    make_item, bring_to, users
):
    item = bring_to(make_item(), ItemStatus.DEPARTMENTAL_INPUT)
    page = logged_in(users["juridica"]).post(
        f"/staff/items/{item.pk}/transition/",
        {"transition": "forward_to_secretariat", "comment": "", "expected_state": item.status},
    )
    text = page.content.decode()
    assert page.status_code in (400, 403)
    assert "Direcția Investiții" in text, "the refusal names the department that may act"
    item.refresh_from_db()
    assert item.status == ItemStatus.DEPARTMENTAL_INPUT


def test_a_transition_the_state_does_not_allow_is_refused_with_a_message(
    make_item, bring_to, users
):
    item = bring_to(make_item(), ItemStatus.DEPARTMENTAL_INPUT)
    page = logged_in(users["secretariat"]).post(
        f"/staff/items/{item.pk}/transition/",
        {"transition": "publish", "comment": "", "expected_state": item.status},
    )
    assert page.status_code in (400, 409)
    assert 'role="alert"' in page.content.decode()
    assert "publish" in page.content.decode().lower()


def test_a_department_user_sees_no_council_form(users, complete_draft, sitting, today):
    draft = complete_draft()
    planned = sitting(day=today + dt.timedelta(days=40))
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    clerk = logged_in(users["investitii"])
    for path in (f"/staff/council/drafts/{draft.pk}/", f"/staff/council/sittings/{planned.pk}/"):
        page = clerk.get(path)
        assert page.status_code == 200
        assert "<form" not in page.content.decode().split("<main", 1)[1], path


def test_a_department_user_is_told_only_the_secretariat_registers_drafts(users):
    page = logged_in(users["investitii"]).get("/staff/council/drafts/new/")
    assert page.status_code == 403
    assert "Only the secretariat registers draft decisions." in page.content.decode()


def test_a_council_form_posted_by_a_department_is_refused_with_who_may_act(users, sitting, today):
    planned = sitting(day=today + dt.timedelta(days=40))
    page = logged_in(users["investitii"]).post(
        f"/staff/council/sittings/{planned.pk}/transition/",
        {"transition": "cancel", "comment": "Nu mai are loc.", "expected_state": "planned"},
    )
    assert page.status_code == 403
    assert "secretariat" in page.content.decode().lower()
    planned.refresh_from_db()
    assert planned.status == SittingStatus.PLANNED


# No dead ends -----------------------------------------------------------------------------------


def test_a_sitting_planned_in_the_past_can_be_cancelled_and_leaves_the_late_list(
    users, complete_draft, sitting, today
):
    draft = complete_draft()
    past = sitting(day=today - dt.timedelta(days=3))
    services.draft_put_on_agenda(draft_id=draft.pk, sitting_id=past.pk, user=users["secretariat"])
    client = logged_in(users["secretariat"])
    assert "late" in client.get("/staff/council/").content.decode()
    answer = client.post(
        f"/staff/council/sittings/{past.pk}/transition/",
        {
            "transition": "cancel",
            "comment": "Nu s-a întrunit cvorumul.",
            "expected_state": "planned",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    past.refresh_from_db()
    draft.refresh_from_db()
    assert past.status == SittingStatus.CANCELLED
    assert draft.status == DraftStatus.POSTPONED, "its draft can go on another sitting's agenda"
    overview = client.get("/staff/council/").content.decode()
    assert str(past) not in overview


def test_a_cancelled_sitting_that_was_never_convened_stays_private(users, sitting, today):
    past = sitting(day=today - dt.timedelta(days=3))
    logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{past.pk}/transition/",
        {"transition": "cancel", "comment": "Amânată.", "expected_state": "planned"},
    )
    assert Client().get(f"/sittings/{past.pk}/").status_code == 404


def test_cancelling_a_sitting_asks_why(users, sitting, today):
    planned = sitting(day=today + dt.timedelta(days=10))
    page = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{planned.pk}/transition/",
        {"transition": "cancel", "comment": "", "expected_state": "planned"},
    )
    assert page.status_code == 400
    assert "say why" in page.content.decode()


def test_a_planned_sitting_can_be_moved_with_the_reason_logged(users, sitting, today, councillors):
    past = sitting(day=today - dt.timedelta(days=3))
    later = moment(today + dt.timedelta(days=12), 14)
    answer = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{past.pk}/reschedule/",
        {
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "place": "Sala mare",
            "chair": councillors[1].pk,
            "reason": "Sala de consiliu este în renovare.",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    past.refresh_from_db()
    assert past.starts_at == later and past.place == "Sala mare"
    log = TransitionLog.objects.filter(object_id=str(past.pk), transition="reschedule").get()
    assert log.comment == "Sala de consiliu este în renovare."
    assert "starts_at" in log.changes


def test_a_convened_sitting_is_not_moved(users, complete_draft, sitting, convene, today):
    draft = complete_draft()
    planned = sitting(kind="emergency", day=today + dt.timedelta(days=5))
    services.draft_put_on_agenda(
        draft_id=draft.pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today, 9))
    page = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{planned.pk}/reschedule/",
        {
            "starts_at": moment(today + dt.timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Sala mare",
            "reason": "Mutată.",
        },
    )
    assert page.status_code == 409
    assert "cancel it and convene another one" in page.content.decode()


def test_a_recorded_vote_is_corrected_in_the_staff_pages_with_its_reason(adopted_decision, users):
    entry = AgendaEntry.objects.get(draft=adopted_decision.draft)
    answer = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{entry.sitting_id}/entries/{entry.pk}/correct/",
        {
            "present": 25,
            "votes_for": 21,
            "votes_against": 2,
            "abstentions": 2,
            "reason": "Cifrele au fost transcrise greșit din stenogramă.",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    entry.refresh_from_db()
    assert (entry.votes_for, entry.votes_against, entry.outcome) == (21, 2, Outcome.ADOPTED)
    log = TransitionLog.objects.get(transition="correct_vote", content_type__model="agendaentry")
    assert log.changes["votes_for"] == [20, 21]


def test_a_correction_never_changes_the_outcome(adopted_decision, users):
    entry = AgendaEntry.objects.get(draft=adopted_decision.draft)
    page = logged_in(users["secretariat"]).post(
        f"/staff/council/sittings/{entry.sitting_id}/entries/{entry.pk}/correct/",
        {
            "present": 25,
            "votes_for": 5,
            "votes_against": 18,
            "abstentions": 2,
            "reason": "Greșeală.",
        },
    )
    assert page.status_code == 409
    assert "cannot change the outcome" in page.content.decode()
    entry.refresh_from_db()
    assert entry.votes_for == 20


def test_an_opinion_dated_tomorrow_is_refused(register, users, committee, today):
    draft = register()
    client = logged_in(users["secretariat"])
    client.post(
        f"/staff/council/drafts/{draft.pk}/transition/",
        {"transition": "send_for_opinions", "comment": "", "expected_state": "registered"},
    )
    page = client.post(
        f"/staff/council/drafts/{draft.pk}/opinion/",
        {
            "kind": "committee",
            "committee": committee.pk,
            "favourable": "1",
            "given_on": (today + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert page.status_code == 400
    assert "cannot be dated in the future" in page.content.decode()
    assert not draft.opinions.exists()


def test_a_consultation_window_shorter_than_ten_days_is_refused_when_saved(register, users, today):
    draft = register(legal_character="normative")
    page = logged_in(users["secretariat"]).post(
        f"/staff/council/drafts/{draft.pk}/consultation/",
        {
            "announced_on": today.isoformat(),
            "recommendations_until": (today + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert page.status_code == 400
    assert "10" in page.content.decode()
    draft.refresh_from_db()
    assert draft.recommendations_until is None


# Errors that speak the user's language, once ----------------------------------------------------


def test_a_decision_date_error_names_no_internal_field_and_appears_once(
    adopted_decision, users, today
):
    future = (today + dt.timedelta(days=30)).isoformat()
    page = logged_in(users["secretariat"]).post(
        f"/staff/council/decisions/{adopted_decision.pk}/",
        {"signed_on": future},
    )
    text = page.content.decode()
    assert page.status_code == 400
    words = re.sub(r'(name|id|for)="[^"]*"', "", text.split("<main", 1)[1])
    assert "signed_on" not in words, "the error speaks of the field by its label"
    assert text.count("is in the future") == 1


def test_a_withdrawn_item_stays_out_of_the_dashboard_actions(make_item, bring_to, users):
    item = bring_to(make_item(), ItemStatus.WITHDRAWN)
    page = logged_in(users["investitii"]).get(f"/staff/items/{item.pk}/")
    assert page.status_code == 200
    assert 'name="transition"' not in page.content.decode()
    assert ProgramItem.objects.get(pk=item.pk).status == ItemStatus.WITHDRAWN


def test_vote_forms_wait_for_the_sitting_to_begin(users, complete_draft, sitting, convene, today):
    draft = complete_draft()
    later = sitting(kind="emergency", day=today + dt.timedelta(days=3))
    services.draft_put_on_agenda(draft_id=draft.pk, sitting_id=later.pk, user=users["secretariat"])
    convene(later, moment(today, 9))
    page = logged_in(users["secretariat"]).get(f"/staff/council/sittings/{later.pk}/")
    text = page.content.decode()
    assert "/vote/" not in text and "/without-vote/" not in text
    assert "once the sitting has begun" in text


def test_date_fields_show_their_value_to_the_browser_in_iso_form(register, users, sitting, today):
    from workflows.services import transition_fire

    draft = register()
    transition_fire(
        model=type(draft), pk=draft.pk, name="send_for_opinions", user=users["secretariat"]
    )
    planned = sitting(day=today + dt.timedelta(days=30), hour=10)
    client = logged_in(users["secretariat"], "ro")
    draft_page = client.get(f"/staff/council/drafts/{draft.pk}/").content.decode()
    given_on = re.search(r'<input[^>]*name="given_on"[^>]*>', draft_page).group(0)
    assert f'value="{today.isoformat()}"' in given_on
    sitting_page = client.get(f"/staff/council/sittings/{planned.pk}/").content.decode()
    starts_at = re.search(r'<input[^>]*name="starts_at"[^>]*>', sitting_page).group(0)
    assert f'value="{(today + dt.timedelta(days=30)).isoformat()}T10:00"' in starts_at


def test_a_creation_in_the_history_lists_only_the_fields_given(make_item, users):
    item = make_item(description="")
    text = logged_in(users["investitii"]).get(f"/staff/items/{item.pk}/").content.decode()
    history = text.split('id="history-heading"', 1)[1]
    assert "<dt>ID</dt>" not in history
    assert "<del>—</del> → <ins>—</ins>" not in history


def test_the_program_page_says_when_every_approving_decision_is_recorded(approved_program, users):
    from program.services import program_publish

    program_publish(year=approved_program.year, user=users["secretariat"])
    text = (
        logged_in(users["secretariat"])
        .get(f"/staff/programs/{approved_program.year}/")
        .content.decode()
    )
    assert "No decision of the register approves the program" not in text
    assert "is recorded. An amendment is approved by a new decision" in text


def test_the_user_admin_names_roles_as_people_do(users):
    page = logged_in(users["admin"], "ro").get("/admin/auth/user/").content.decode()
    assert "personal al unui compartiment" in page and "secretariatul consiliului" in page
    assert ">department<" not in page
