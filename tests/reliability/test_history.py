"""Every change of the council's record is recorded, in the hash chain, with the fields before and
after; and on PostgreSQL nothing changes the registers except the services. The finding: only
transitions were logged, while edits of drafts, inputs, opinions, consultation data, votes and
decision dates changed rows without a log row."""

import datetime as dt

import pytest
from django.db import ProgrammingError, transaction
from django.test import Client

from council import deadlines, services
from council.models import Decision, DraftDecision
from program.models import ItemStatus, ProgramItem
from program.services import item_input_give, item_update
from tests.reliability.test_audit_chain import tamper
from workflows import audit
from workflows.models import TransitionLog
from workflows.services import transition_fire

pytestmark = pytest.mark.django_db


def last_row(obj) -> TransitionLog:
    return TransitionLog.objects.for_object(obj).latest("id")


def test_an_edit_of_a_draft_item_is_logged_with_before_and_after(make_item, users, objective):
    item = make_item(title="Titlul vechi")
    item_update(item_id=item.pk, user=users["investitii"], title="Titlul nou", objectives=[])
    row = last_row(item)
    assert (row.transition, row.actor) == ("edit", users["investitii"])
    assert row.changes["title"] == ["Titlul vechi", "Titlul nou"]
    assert row.changes["objectives"] == [[objective.pk], []]


def test_an_edit_that_changes_nothing_writes_no_row(make_item, users):
    item = make_item()
    rows = TransitionLog.objects.count()
    item_update(item_id=item.pk, user=users["investitii"], title=item.title)
    assert TransitionLog.objects.count() == rows


def test_a_departments_input_is_logged(make_item, users):
    item = make_item()
    transition_fire(model=ProgramItem, pk=item.pk, name="submit", user=users["investitii"])
    given = item_input_give(
        item_id=item.pk, user=users["juridica"], opinion="unfavourable", text="Lipsește avizul."
    )
    row = last_row(given)
    assert row.transition == "give_input" and row.actor == users["juridica"]
    assert row.changes["opinion"] == ["", "unfavourable"]
    assert row.changes["text"] == ["", "Lipsește avizul."]


def test_a_transition_logs_the_fields_it_set(make_item, bring_to, council_decision):
    item = bring_to(make_item(), ItemStatus.PUBLISHED)
    row = last_row(item)
    assert row.transition == "publish"
    assert row.changes["published_at"][0] is None and row.changes["published_at"][1]


def test_opinions_votes_and_decision_dates_are_logged(adopted_decision, users, today):
    decision = adopted_decision
    draft = decision.draft
    opinion = draft.opinions.get(kind="legality")
    assert last_row(opinion).transition == "record_opinion"
    entry = draft.agenda_entries.get()
    assert last_row(entry).changes["votes_for"] == [None, 20]
    assert last_row(decision).transition == "adopt"
    services.decision_record(
        decision_id=decision.pk, user=users["secretariat"], signed_on=today, countersigned_on=today
    )
    row = last_row(decision)
    assert row.transition == "record"
    assert row.changes["signed_on"] == [None, today.isoformat()]


def test_consultation_data_is_logged(register, users, today):
    draft = register(legal_character="normative", at=None)
    services.draft_consultation_update(
        draft_id=draft.pk, user=users["secretariat"], announced_on=today,
        recommendations_until=deadlines.earliest_recommendations_end(today),
    )  # fmt: skip
    row = last_row(draft)
    assert row.transition == "consultation"
    assert row.changes["consultation_announced_on"] == [None, today.isoformat()]


def test_a_changed_record_of_changes_breaks_the_chain(make_item, users):
    item = make_item(title="Titlul vechi")
    item_update(item_id=item.pk, user=users["investitii"], title="Titlul nou")
    row = last_row(item)
    tamper(
        "UPDATE workflows_transitionlog SET changes = %s WHERE id = %s",
        ['{"title": ["Titlul vechi", "Alt titlu"]}', row.pk],
    )
    assert audit.verify().first_break.row_id == row.pk


def test_the_staff_page_shows_what_changed(make_item, users):
    item = make_item(title="Titlul vechi")
    item_update(item_id=item.pk, user=users["investitii"], title="Titlul nou")
    client = Client()
    client.force_login(users["secretariat"])
    page = client.get(f"/staff/items/{item.pk}/").content.decode()
    assert "<del>Titlul vechi</del> → <ins>Titlul nou</ins>" in page


def test_the_staff_decision_page_shows_its_history(adopted_decision, users):
    client = Client()
    client.force_login(users["secretariat"])
    page = client.get(f"/staff/council/decisions/{adopted_decision.pk}/").content.decode()
    assert 'id="history-heading"' in page and "Adoptat" in page


@pytest.mark.postgres
@pytest.mark.parametrize(
    "write",
    [
        lambda: ProgramItem.objects.update(title="rescris"),
        lambda: DraftDecision.objects.update(legal_character="normative"),
        lambda: Decision.objects.update(adopted_on=dt.date(2030, 1, 1)),
        lambda: Decision.objects.all().delete(),
        lambda: ProgramItem.objects.first().objectives.clear(),
    ],
    ids=["item", "draft", "decision date", "decision deleted", "item's objectives"],
)
def test_the_database_refuses_a_write_outside_the_services(write, adopted_decision):
    with pytest.raises(ProgrammingError, match="only through its services"), transaction.atomic():
        write()
