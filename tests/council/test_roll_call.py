"""Councillors, attendance and roll-call votes: who was there and how each voted; majorities over
the councillors in office on the sitting's day; conflicts of interest, secret ballots,
corrections and the voting system's import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from council import composition, services
from council.models import (
    AgendaEntry,
    Attendance,
    Councillor,
    Decision,
    Outcome,
    RollCallVote,
)
from council.roll_call_import import roll_call_import
from council.voting import votes_needed
from tests.conftest import roll_call_of
from workflows.errors import Conflict, Invalid, NotAllowed
from workflows.models import TransitionLog


@pytest.fixture
def entry(open_sitting):
    _sitting, entries = open_sitting()
    return entries[0]


@pytest.fixture
def secretariat(users):
    return users["secretariat"]


def test_the_totals_are_computed_from_the_roll_call(entry, councillors, secretariat):
    roll = roll_call_of(councillors, {0: "against", 1: "against", 2: "abstention", 3: "absent"})
    recorded = services.agenda_entry_vote(entry_id=entry.pk, user=secretariat, roll_call=roll)
    assert (recorded.present, recorded.votes_for, recorded.votes_against, recorded.abstentions) == (
        26,
        23,
        2,
        1,
    )
    assert recorded.outcome == Outcome.ADOPTED
    assert RollCallVote.objects.filter(entry=entry).count() == 27
    decision = Decision.objects.get(draft=entry.draft)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (23, 2, 1)


def test_a_roll_call_names_every_councillor_in_office(entry, councillors, secretariat):
    roll = roll_call_of(councillors, {})
    del roll[councillors[5].pk]
    with pytest.raises(Invalid, match=f"missing: {councillors[5].name}"):
        services.agenda_entry_vote(entry_id=entry.pk, user=secretariat, roll_call=roll)
    assert not RollCallVote.objects.exists()
    assert AgendaEntry.objects.get(pk=entry.pk).outcome == ""


def test_an_unknown_vote_is_refused(entry, councillors, secretariat):
    roll = roll_call_of(councillors, {0: "maybe"})
    with pytest.raises(Invalid, match="Unknown vote “maybe”"):
        services.agenda_entry_vote(entry_id=entry.pk, user=secretariat, roll_call=roll)


def test_a_councillor_whose_mandate_ended_cannot_vote(entry, councillors, secretariat, today):
    composition.councillor_mandate_end(
        councillor_id=councillors[26].pk, user=secretariat,
        last_day=today - dt.timedelta(days=1), reason="resignation",
    )  # fmt: skip
    with pytest.raises(Invalid, match=f"Not in office on .*{councillors[26].name}"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {})
        )
    recorded = services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors[:26], {})
    )
    assert recorded.present == 26


def test_two_thirds_are_counted_over_those_in_office_on_the_day(
    open_sitting, councillors, secretariat, today
):
    """Two thirds of 27 are 18; with two mandates ended, 25 are in office and 17 suffice."""
    assert votes_needed(majority="two_thirds", in_office=27, present=27) == 18
    for councillor in councillors[25:]:
        composition.councillor_mandate_end(
            councillor_id=councillor.pk, user=secretariat,
            last_day=today - dt.timedelta(days=1), reason="incompatibility",
        )  # fmt: skip
    _sitting, (entry,) = open_sitting(majority="two_thirds")
    roll = roll_call_of(
        councillors[:25], {n: "against" for n in range(17, 25)}
    )  # 17 for, 8 against
    recorded = services.agenda_entry_vote(entry_id=entry.pk, user=secretariat, roll_call=roll)
    assert (recorded.votes_for, recorded.outcome) == (17, Outcome.ADOPTED)


def test_absolute_majority_and_quorum_follow_a_replacement_mid_term(
    open_sitting, councillors, secretariat, today
):
    """A councillor resigns; until the substitute is validated, 26 are in office; then the
    substitute votes and 27 are in office again."""
    resigned = composition.councillor_mandate_end(
        councillor_id=councillors[3].pk, user=secretariat,
        last_day=today - dt.timedelta(days=10), reason="resignation",
    )  # fmt: skip
    in_office = [c for c in councillors if c.pk != resigned.pk]
    _sitting, (entry,) = open_sitting(majority="absolute")
    with pytest.raises(Invalid, match="quorum"):  # 13 present of 26: no quorum
        services.agenda_entry_vote(
            entry_id=entry.pk, user=secretariat,
            roll_call=roll_call_of(in_office, {n: "absent" for n in range(13, 26)}),
        )  # fmt: skip
    substitute = composition.councillor_validate(
        user=secretariat, name="Supleant Unu", party="PNL", validated_on=today,
        replaces=resigned,
    )  # fmt: skip
    with pytest.raises(Invalid, match="missing: Supleant Unu"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(in_office, {})
        )
    roll = roll_call_of([*in_office, substitute], {n: "against" for n in range(14, 27)})
    recorded = services.agenda_entry_vote(entry_id=entry.pk, user=secretariat, roll_call=roll)
    assert (recorded.votes_for, recorded.outcome) == (14, Outcome.ADOPTED)


def test_a_substitute_takes_only_a_seat_that_is_free(councillors, secretariat, today):
    with pytest.raises(Conflict, match="must end before"):
        composition.councillor_validate(
            user=secretariat, name="Supleant", party="PNL", validated_on=today,
            replaces=councillors[0],
        )  # fmt: skip


def test_a_mandate_ends_with_a_reason(councillors, secretariat, today):
    with pytest.raises(Invalid, match="Say why"):
        composition.councillor_mandate_end(
            councillor_id=councillors[0].pk, user=secretariat, last_day=today, reason="bored"
        )
    ended = composition.councillor_mandate_end(
        councillor_id=councillors[0].pk, user=secretariat, last_day=today, reason="death"
    )
    assert ended.mandate_end_reason == "death"
    log = TransitionLog.objects.filter(object_id=ended.pk, transition="end_mandate").get()
    assert log.changes["mandate_end"] == [None, today.isoformat()]


def test_a_mandate_cannot_end_before_a_sitting_the_councillor_attended(
    entry, councillors, secretariat, today
):
    services.sitting_attendance_record(
        sitting_id=entry.sitting_id, user=secretariat, present=[c.pk for c in councillors]
    )
    with pytest.raises(Conflict, match="attended a sitting after"):
        composition.councillor_mandate_end(
            councillor_id=councillors[0].pk, user=secretariat,
            last_day=today - dt.timedelta(days=1), reason="resignation",
        )  # fmt: skip


def test_only_the_secretariat_changes_the_composition(councillors, users, today):
    with pytest.raises(NotAllowed):
        composition.councillor_mandate_end(
            councillor_id=councillors[0].pk, user=users["investitii"], last_day=today,
            reason="resignation",
        )  # fmt: skip


def test_a_committee_has_one_chair_at_a_time(committee, councillors, secretariat, today):
    with pytest.raises(Conflict, match="has a chair already"):
        composition.committee_join(
            committee=committee, councillor=councillors[20], user=secretariat, start=today,
            role="chair",
        )  # fmt: skip
    membership = composition.committee_join(
        committee=committee, councillor=councillors[20], user=secretariat, start=today
    )
    assert membership.role == "member"
    assert committee.members_on(today).count() == 8


def test_a_declared_interest_is_present_but_outside_the_simple_majority(
    entry, councillors, secretariat
):
    """22 present, 2 declare an interest: a simple majority of the 20 who vote is 11."""
    votes = {n: "absent" for n in range(22, 27)}
    votes |= {0: "not_voting", 1: "not_voting"}
    votes |= {n: "against" for n in range(13, 22)}  # 9 against; 2..12: 11 for
    recorded = services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, votes)
    )
    assert (recorded.present, recorded.not_voting, recorded.votes_for) == (22, 2, 11)
    assert recorded.outcome == Outcome.ADOPTED


def test_a_secret_ballot_records_only_the_totals(entry, councillors, secretariat):
    with pytest.raises(Invalid, match="secret ballot records only the totals"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=secretariat, ballot="secret",
            roll_call=roll_call_of(councillors, {}),
        )  # fmt: skip
    recorded = services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, ballot="secret", present=25, votes_for=15,
        votes_against=8, abstentions=2,
    )  # fmt: skip
    assert recorded.ballot == "secret"
    assert not RollCallVote.objects.filter(entry=entry).exists()


def test_the_roll_call_must_agree_with_the_attendance(entry, councillors, secretariat):
    services.sitting_attendance_record(
        sitting_id=entry.sitting_id, user=secretariat,
        present=[c.pk for c in councillors[1:]],
    )  # fmt: skip
    with pytest.raises(Invalid, match=f"not present by the attendance: {councillors[0].name}"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {})
        )
    recorded = services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {0: "absent"})
    )
    assert recorded.present == 26


def test_present_on_an_entry_derives_from_the_attendance_at_its_time(
    entry, councillors, secretariat, today
):
    """Someone who arrives after the vote is absent from it; totals get `present` from the
    attendance, and a different number is refused."""
    late = councillors[0]
    services.sitting_attendance_record(
        sitting_id=entry.sitting_id, user=secretariat, present=[c.pk for c in councillors],
        arrived={late.pk: timezone.now() + dt.timedelta(hours=1)},
    )  # fmt: skip
    with pytest.raises(Invalid, match="26 councillors present at this time, not 27"):
        services.agenda_entry_vote(
            entry_id=entry.pk, user=secretariat, present=27, votes_for=20, votes_against=0,
            abstentions=0,
        )  # fmt: skip
    recorded = services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, votes_for=20, votes_against=0, abstentions=0
    )
    assert recorded.present == 26


def test_attendance_names_only_councillors_in_office_and_needs_a_started_sitting(
    sitting, councillors, secretariat, today, convene
):
    later = sitting(day=today + dt.timedelta(days=10))
    with pytest.raises(Conflict):
        services.sitting_attendance_record(
            sitting_id=later.pk, user=secretariat, present=[c.pk for c in councillors]
        )


def test_a_changed_attendance_says_why_and_may_not_contradict_the_votes(
    entry, councillors, secretariat
):
    everyone_present = [c.pk for c in councillors]
    services.sitting_attendance_record(
        sitting_id=entry.sitting_id, user=secretariat, present=everyone_present
    )
    services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {})
    )
    with pytest.raises(Invalid, match="say why"):
        services.sitting_attendance_record(
            sitting_id=entry.sitting_id, user=secretariat, present=everyone_present[1:]
        )
    with pytest.raises(Conflict, match="correct the vote first"):
        services.sitting_attendance_record(
            sitting_id=entry.sitting_id, user=secretariat, present=everyone_present[1:],
            reason="Plecat înainte de vot",
        )  # fmt: skip
    assert Attendance.objects.filter(sitting_id=entry.sitting_id, present=True).count() == 27


def test_a_correction_of_a_roll_call_is_its_own_logged_event(entry, councillors, secretariat):
    services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {0: "against"})
    )
    with pytest.raises(Invalid, match="say why"):
        services.agenda_entry_vote_correct(
            entry_id=entry.pk, user=secretariat, reason=" ",
            roll_call=roll_call_of(councillors, {0: "abstention"}),
        )  # fmt: skip
    corrected = services.agenda_entry_vote_correct(
        entry_id=entry.pk, user=secretariat, reason="Vot înregistrat greșit la nr. 1",
        roll_call=roll_call_of(councillors, {0: "abstention"}),
    )  # fmt: skip
    assert (corrected.votes_against, corrected.abstentions) == (0, 1)
    assert RollCallVote.objects.get(entry=entry, councillor=councillors[0]).vote == "abstention"
    log = TransitionLog.objects.filter(object_id=entry.pk, transition="correct_vote").first()
    assert log.comment == "Vot înregistrat greșit la nr. 1"
    pk = f"{councillors[0].name} (#{councillors[0].pk})"
    before, after = log.changes["roll_call"]
    assert (before[pk], after[pk]) == ("against", "abstention")
    decision = Decision.objects.get(draft=entry.draft)
    assert (decision.votes_against, decision.abstentions) == (0, 1)


def test_a_correction_cannot_change_the_outcome(entry, councillors, secretariat):
    services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {})
    )
    with pytest.raises(Conflict, match="cannot change the outcome"):
        services.agenda_entry_vote_correct(
            entry_id=entry.pk, user=secretariat, reason="slip",
            roll_call=roll_call_of(councillors, {}, default="against"),
        )  # fmt: skip


def csv_of(rows: list[tuple]) -> bytes:
    lines = ["entry,councillor,vote"] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def test_the_voting_systems_export_records_every_entry(open_sitting, councillors, secretariat):
    sitting, _entries = open_sitting(n=2)
    rows = [(1, c.name, "pentru") for c in councillors]
    rows += [(2, c.pk, "împotrivă" if n < 20 else "abținere") for n, c in enumerate(councillors)]
    recorded = roll_call_import(sitting_id=sitting.pk, user=secretariat, data=csv_of(rows))
    assert [e.outcome for e in recorded] == [Outcome.ADOPTED, Outcome.REJECTED]
    assert RollCallVote.objects.filter(entry__sitting=sitting).count() == 54


def test_the_import_reports_every_bad_line_and_records_nothing(
    open_sitting, councillors, secretariat
):
    sitting, _entries = open_sitting(n=2)
    rows = [(1, c.name, "for") for c in councillors]
    rows[3] = (7, councillors[3].name, "for")  # line 5: no entry 7
    rows[4] = (1, "Nimeni Nimenea", "for")  # line 6
    rows[5] = (1, councillors[5].name, "poate")  # line 7
    rows.append((1, councillors[0].name, "against"))  # line 29: a second vote
    with pytest.raises(Invalid) as refused:
        roll_call_import(sitting_id=sitting.pk, user=secretariat, data=csv_of(rows))
    problems = refused.value.problems
    assert problems == [
        "Line 5: no agenda entry “7” in this sitting.",
        "Line 6: no councillor “Nimeni Nimenea”.",
        "Line 7: unknown vote “poate”.",
        f"Line 29: {councillors[0].name} has a second vote on entry 1.",
    ]
    assert not RollCallVote.objects.exists()


def test_the_import_is_all_or_nothing_across_entries(open_sitting, councillors, secretariat):
    sitting, _entries = open_sitting(n=2)
    rows = [(1, c.name, "for") for c in councillors]
    rows += [(2, c.name, "for") for c in councillors[:20]]  # entry 2 misses seven councillors
    with pytest.raises(Invalid) as refused:
        roll_call_import(sitting_id=sitting.pk, user=secretariat, data=csv_of(rows))
    assert refused.value.problems[0].startswith("Entry 2: The roll call names every councillor")
    assert not RollCallVote.objects.exists()
    assert not Decision.objects.exists()
    assert {e.outcome for e in AgendaEntry.objects.filter(sitting=sitting)} == {""}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"nume,vot\nA,for\n", "missing: entry, councillor"),
        (b"entry,councillor,vote\n", "no votes"),
    ],
)
def test_an_unreadable_export_is_refused_with_the_reason(
    open_sitting, secretariat, councillors, data, message
):
    sitting, _entries = open_sitting()
    with pytest.raises(Invalid, match=message):
        roll_call_import(sitting_id=sitting.pk, user=secretariat, data=data)


def test_the_import_accepts_semicolons_and_a_bom(open_sitting, councillors, secretariat):
    sitting, _entries = open_sitting()
    text = "\ufeffEntry;Councillor;Vote\n" + "".join(f"1;{c.name};Pentru\n" for c in councillors)
    (recorded,) = roll_call_import(sitting_id=sitting.pk, user=secretariat, data=text.encode())
    assert recorded.votes_for == 27


@pytest.fixture
def demo_today(db, users, today):
    from council.demo import seed_council_composition

    seed_council_composition(users["secretariat"], today)
    return today


def test_the_demo_has_27_councillors_in_office_and_one_replacement(demo_today):
    assert Councillor.objects.in_office(demo_today).count() == 27
    ended = Councillor.objects.get(mandate_end__isnull=False)
    assert Councillor.objects.get(replaces=ended).party == ended.party
    between = ended.mandate_end + dt.timedelta(days=1)
    assert Councillor.objects.in_office(between).count() == 26
    assert ended.memberships.get().end == ended.mandate_end


# The secretariat's pages ---------------------------------------------------------------------


def staff(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_secretariat_records_attendance_then_a_roll_call_from_the_sitting_page(
    entry, councillors, secretariat
):
    client = staff(secretariat)
    url = f"/staff/council/sittings/{entry.sitting_id}/"
    form = {f"present-{c.pk}": "1" for c in councillors[1:]}
    form[f"present-{councillors[5].pk}"] = "1"
    assert client.post(url + "attendance/", form).status_code == 302
    page = client.get(url).content.decode()
    # The grid starts from the attendance: the absent councillor is checked absent.
    assert f'name="vote-{councillors[0].pk}" value="absent" checked' in page
    assert f'name="vote-{councillors[1].pk}" value="for" checked' in page
    votes = {f"vote-{c.pk}": "for" for c in councillors}
    votes[f"vote-{councillors[0].pk}"] = "absent"
    votes[f"vote-{councillors[1].pk}"] = "against"
    answer = client.post(url + f"entries/{entry.pk}/vote/", {"ballot": "open", **votes})
    assert answer.status_code == 302
    recorded = AgendaEntry.objects.get(pk=entry.pk)
    assert (recorded.present, recorded.votes_for, recorded.votes_against) == (26, 25, 1)


def test_a_roll_call_that_contradicts_the_attendance_is_refused_on_the_page(
    entry, councillors, secretariat
):
    client = staff(secretariat)
    url = f"/staff/council/sittings/{entry.sitting_id}/"
    form = {f"present-{c.pk}": "1" for c in councillors[1:]}
    client.post(url + "attendance/", form)
    votes = {f"vote-{c.pk}": "for" for c in councillors}
    answer = client.post(url + f"entries/{entry.pk}/vote/", {"ballot": "open", **votes})
    assert answer.status_code == 400
    assert "nu sunt prezenți după evidența prezenței" in answer.content.decode()
    assert councillors[0].name in answer.content.decode()
    assert not RollCallVote.objects.exists()


def test_a_bad_time_in_the_attendance_is_a_clear_error(entry, councillors, secretariat):
    client = staff(secretariat)
    url = f"/staff/council/sittings/{entry.sitting_id}/attendance/"
    form = {f"present-{c.pk}": "1" for c in councillors}
    form[f"arrived-{councillors[0].pk}"] = "25:99"
    answer = client.post(url, form)
    assert answer.status_code == 400
    assert "25:99" in answer.content.decode()
    assert not Attendance.objects.exists()


def test_the_export_is_uploaded_from_the_sitting_page(entry, councillors, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = staff(secretariat)
    url = f"/staff/council/sittings/{entry.sitting_id}/roll-call/import/"
    bad = SimpleUploadedFile("vot.csv", csv_of([(1, "Nimeni", "for")]), "text/csv")
    answer = client.post(url, {"file": bad})
    assert answer.status_code == 400
    assert "Rândul 2: nu există consilierul „Nimeni”." in answer.content.decode()
    good = SimpleUploadedFile("vot.csv", csv_of([(1, c.pk, "for") for c in councillors]))
    assert client.post(url, {"file": good}).status_code == 302
    assert AgendaEntry.objects.get(pk=entry.pk).votes_for == 27


def test_a_department_cannot_record_votes(entry, councillors, users):
    client = staff(users["investitii"])
    url = f"/staff/council/sittings/{entry.sitting_id}/attendance/"
    answer = client.post(url, {f"present-{c.pk}": "1" for c in councillors})
    assert answer.status_code == 403
    assert not Attendance.objects.exists()


def test_the_secretariat_ends_a_mandate_and_validates_the_substitute_on_its_page(
    councillors, committee, secretariat, today
):
    import datetime as dt

    client = staff(secretariat)
    assert client.get("/staff/council/councillors/").status_code == 200
    leaving = councillors[1]
    answer = client.post(
        "/staff/council/councillors/end/",
        {"councillor": leaving.pk, "last_day": (today - dt.timedelta(days=2)).isoformat(),
         "reason": "resignation", "comment": "Demisie"},
    )  # fmt: skip
    assert answer.status_code == 302
    answer = client.post(
        "/staff/council/councillors/validate/",
        {"name": "Supleant Doi", "party": "PNL", "party_group": "Grupul PNL",
         "validated_on": today.isoformat(), "replaces": leaving.pk},
    )  # fmt: skip
    assert answer.status_code == 302
    substitute = Councillor.objects.get(name="Supleant Doi")
    assert substitute.replaces == leaving
    answer = client.post(
        "/staff/council/memberships/join/",
        {"committee": committee.pk, "councillor": substitute.pk, "role": "secretary",
         "start": today.isoformat()},
    )  # fmt: skip
    assert answer.status_code == 302  # the seat of secretary was left with the mandate


def test_a_refused_composition_change_says_why_on_the_page(councillors, secretariat, today):
    answer = staff(secretariat).post(
        "/staff/council/councillors/validate/",
        {"name": "Supleant", "validated_on": today.isoformat(), "replaces": ""},
    )
    assert answer.status_code == 302
    answer = staff(secretariat).post(
        "/staff/council/councillors/end/",
        {"councillor": councillors[0].pk, "last_day": "2020-01-01", "reason": "death"},
    )
    assert answer.status_code == 400
    assert "nu poate înceta înainte să înceapă" in answer.content.decode()
