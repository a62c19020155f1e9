"""Amendments that change the published program: an item moved to another month, retitled,
linked to other objectives or dropped; each version and its diff in the page, the PDF and the
API (issue 20)."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from council.services import program_approve
from program.models import ChangeStatus, ItemChange, ItemStatus, Objective, ProgramItem
from program.services import item_change_propose, item_change_withdraw, program_publish
from workflows import clock
from workflows.errors import Conflict, Invalid, NotAllowed
from workflows.models import TransitionLog

TITLE = "Proiect de hotărâre privind stațiile de încărcare"


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def published(program, make_item, bring_to, users):
    """Version 1 published with three items, planned for March, June and September."""
    items = [
        bring_to(make_item(title=f"{TITLE} {n}", planned_month=month),
                 ItemStatus.SUBMITTED_TO_COUNCIL)
        for n, month in enumerate((3, 6, 9), start=1)
    ]  # fmt: skip
    program_approve(
        year=program.year, user=users["secretariat"], decision_number=9,
        decision_date=clock.today().replace(month=1, day=1),
    )  # fmt: skip
    program_publish(year=program.year, user=users["secretariat"])
    return [ProgramItem.objects.get(pk=item.pk) for item in items]


@pytest.fixture
def other_objective(objective):
    return Objective.objects.create(
        strategy=objective.strategy, level="general", code="SC-OG2", title="Mobilitate"
    )


@pytest.fixture
def amended(published, program, users, other_objective, objective):
    """Version 2: the first item moved to November and retitled, the second linked to another
    objective, the third dropped; approved and published."""
    first, second, third = published
    secretariat = users["secretariat"]
    item_change_propose(item_id=first.pk, user=secretariat, planned_month=11,
                        title="Proiect de hotărâre privind rețeaua de încărcare",
                        reason="Studiul de fezabilitate întârzie.")  # fmt: skip
    item_change_propose(item_id=second.pk, user=secretariat, reason="Contribuie și la mobilitate.",
                        objectives=[objective.code, other_objective.code])  # fmt: skip
    item_change_propose(
        item_id=third.pk, user=secretariat, drop=True, reason="Nu mai este necesar."
    )
    program_approve(year=program.year, user=secretariat, decision_number=31,
                    decision_date=clock.today())  # fmt: skip
    program_publish(year=program.year, user=secretariat)
    return published


def test_an_amendment_moves_retitles_relinks_and_drops_published_items(amended, other_objective):
    first, second, third = (ProgramItem.objects.get(pk=item.pk) for item in amended)
    assert (first.planned_month, first.title) == (
        11,
        "Proiect de hotărâre privind rețeaua de încărcare",
    )
    assert other_objective in second.objectives.all()
    assert third.status == ItemStatus.DROPPED
    assert [item.reference for item in (first, second, third)] == [
        item.reference for item in amended
    ]


def test_an_applied_change_keeps_the_values_it_replaced(amended):
    change = ItemChange.objects.get(item=amended[0])
    assert change.status == ChangeStatus.PUBLISHED and change.version.number == 2
    assert change.before == {"planned_month": 3, "title": f"{TITLE} 1"}
    assert change.kinds == ["retitled", "moved"]


def test_a_change_waits_for_its_version_to_be_published(published, program, users):
    item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=12,
                        reason="Întârziere.")  # fmt: skip
    program_approve(year=program.year, user=users["secretariat"], decision_number=31,
                    decision_date=clock.today())  # fmt: skip
    assert ProgramItem.objects.get(pk=published[0].pk).planned_month == 3
    assert ItemChange.objects.get().status == ChangeStatus.APPROVED


def test_every_change_is_logged_with_before_and_after(amended):
    log = TransitionLog.objects.for_object(amended[0]).get(transition="amend")
    assert log.changes["planned_month"] == [3, 11]
    assert "HCL 31/" in log.comment


def test_only_a_published_item_is_changed_by_an_amendment(make_item, users):
    draft = make_item()
    with pytest.raises(Conflict, match="published program"):
        item_change_propose(item_id=draft.pk, user=users["secretariat"], planned_month=7,
                            reason="Motiv.")  # fmt: skip


def test_a_change_that_changes_nothing_is_refused(published, users):
    with pytest.raises(Invalid, match="changes nothing"):
        item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=3,
                            title=published[0].title, reason="Motiv.")  # fmt: skip


def test_a_change_needs_its_reason(published, users):
    with pytest.raises(Invalid, match="reason"):
        item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=4,
                            reason=" ")  # fmt: skip


def test_a_month_out_of_the_year_is_refused(published, users):
    with pytest.raises(Invalid, match="between 1 and 12"):
        item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=13,
                            reason="Motiv.")  # fmt: skip


def test_an_item_is_left_with_an_objective(published, users):
    with pytest.raises(Invalid, match="objective"):
        item_change_propose(item_id=published[0].pk, user=users["secretariat"], objectives=[],
                            reason="Motiv.")  # fmt: skip


def test_one_change_per_item_goes_before_the_council(published, users):
    item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=4,
                        reason="Motiv.")  # fmt: skip
    with pytest.raises(Conflict, match="already before the council"):
        item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=5,
                            reason="Motiv.")  # fmt: skip


def test_a_department_does_not_amend_the_program(published, users):
    with pytest.raises(NotAllowed):
        item_change_propose(item_id=published[0].pk, user=users["investitii"], planned_month=4,
                            reason="Motiv.")  # fmt: skip


def test_a_withdrawn_change_is_not_approved(published, program, users):
    change = item_change_propose(item_id=published[0].pk, user=users["secretariat"],
                                 planned_month=4, reason="Motiv.")  # fmt: skip
    item_change_withdraw(change_id=change.pk, user=users["secretariat"], comment="Renunțăm.")
    with pytest.raises(Conflict, match="before the council"):
        program_approve(year=program.year, user=users["secretariat"], decision_number=31,
                        decision_date=clock.today())  # fmt: skip


def test_the_public_program_shows_each_change_of_the_amendment(amended):
    page = english().get(f"/program/{amended[0].program.year}/")
    text = page.content.decode()
    assert "moved from March to November" in text
    assert "new title:" in text and "rețeaua de încărcare" in text
    assert "objectives added:" in text and "SC-OG2" in text
    assert "Dropped: 1 item" in text and f"{TITLE} 3" in text
    assert "Nu mai este necesar." in text
    # The dropped item is no longer in the program's months.
    assert text.count(f"{TITLE} 3") == 1


def test_the_public_program_shows_an_earlier_version_as_it_was(amended):
    page = english().get(f"/program/{amended[0].program.year}/", {"version": "1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "version 1" in text and "It is not the version in force" in text
    assert f"{TITLE} 1" in text and f"{TITLE} 3" in text and "dropped later" in text


def test_a_version_that_does_not_exist_is_404(amended):
    page = Client().get(f"/program/{amended[0].program.year}/", {"version": "7"})
    assert page.status_code == 404


def test_a_proposed_change_is_not_public(published, program, users):
    item_change_propose(item_id=published[0].pk, user=users["secretariat"], planned_month=12,
                        reason="Motivul intern XYZ.")  # fmt: skip
    program_approve(year=program.year, user=users["secretariat"], decision_number=31,
                    decision_date=clock.today())  # fmt: skip
    client = Client()
    for path in (f"/program/{program.year}/", f"/api/v1/programs/{program.year}/"):
        assert "Motivul intern XYZ" not in client.get(path).content.decode()


def test_the_api_gives_each_version_its_added_items_and_changes(amended, api):
    body = api.get(f"/api/v1/programs/{amended[0].program.year}/").json()
    first, second = body["versions"]
    assert sorted(first["added"]) == sorted(item.reference for item in amended)
    changes = {change["reference"]: change for change in second["changes"]}
    assert changes[amended[0].reference]["before"]["planned_month"] == 3
    assert changes[amended[0].reference]["after"]["planned_month"] == 11
    assert changes[amended[2].reference]["change"] == ["dropped"]
    assert "SC-OG2" in changes[amended[1].reference]["after"]["objectives"]


@pytest.mark.usefixtures("pango")
def test_the_pdf_shows_the_amendment(amended):
    from council.web.pdf import program_html, render_pdf

    html = program_html(amended[0].program)
    reader = PdfReader(io.BytesIO(render_pdf(html, identifier="test")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Versiunile programului și modificările aduse" in text
    assert "mutat din martie în noiembrie" in text
    assert "Eliminate din program (1)" in text


def test_the_secretariat_proposes_a_change_on_the_item_page(published, users, objective):
    client = english()
    client.force_login(users["secretariat"])
    item = published[1]
    response = client.post(f"/staff/items/{item.pk}/change/", {
        "title": item.title, "planned_month": "8", "objectives": [objective.code],
        "reason": "Avizele întârzie.",
    })  # fmt: skip
    assert response.status_code == 302
    change = ItemChange.objects.get(item=item)
    assert change.after == {"planned_month": 8} and change.status == ChangeStatus.PROPOSED
    page = client.get(f"/staff/programs/{item.program.year}/").content.decode()
    assert item.reference in page and "moved" in page


def test_a_change_form_without_reason_says_so(published, users, objective):
    client = english()
    client.force_login(users["secretariat"])
    response = client.post(f"/staff/items/{published[0].pk}/change/", {
        "title": published[0].title, "planned_month": "8", "objectives": [objective.code],
    })  # fmt: skip
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ItemChange.objects.exists()
