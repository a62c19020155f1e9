"""From a published item to a numbered decision: register, consultation, opinions, agenda,
convocation, votes, decisions."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.test import Client

from council import services
from council.models import Decision, DraftDecision, DraftStatus, Sitting, SittingStatus
from council.selectors import with_execution
from program.models import ProgramItem, Progress
from tests.council.conftest import moment
from workflows.errors import Conflict, Invalid, NotAllowed
from workflows.services import transition_fire


def fire(obj, name, user, **kwargs):
    return transition_fire(model=type(obj), pk=obj.pk, name=name, user=user, **kwargs)


def test_registration_numbers_are_sequential_per_year(register):
    first, second = register(), register()
    assert (first.registration_number, second.registration_number) == (1, 2)


def test_only_the_secretariat_keeps_the_register(register, users):
    with pytest.raises(NotAllowed):
        register(user=users["investitii"])


def test_a_draft_carries_out_only_a_published_item(register, make_item):
    with pytest.raises(Conflict):
        register(item=make_item())


def test_an_item_gets_one_live_draft(register, published_item):
    register(item=published_item)
    with pytest.raises(Conflict):
        register(item=published_item)


def test_a_normative_draft_cannot_skip_the_consultation(register, users):
    draft = register(legal_character="normative")
    with pytest.raises(Invalid) as refused:
        fire(draft, "send_for_opinions", users["secretariat"])
    assert "public consultation" in refused.value.problems[0]


def test_an_individual_draft_goes_straight_to_review(register, users):
    assert fire(register(), "send_for_opinions", users["secretariat"]).status == "in_review"


def test_the_consultation_needs_its_dates(register, users):
    draft = register(legal_character="normative")
    with pytest.raises(Invalid) as refused:
        fire(draft, "start_consultation", users["secretariat"])
    assert len(refused.value.problems) == 2


def test_recommendations_are_accepted_for_at_least_ten_days(register, users):
    draft = register(legal_character="normative")
    with pytest.raises(Invalid, match=r"until 12\.03\.2026 at least"):  # said when it is typed
        services.draft_consultation_update(
            draft_id=draft.pk,
            user=users["secretariat"],
            announced_on=dt.date(2026, 3, 2),
            recommendations_until=dt.date(2026, 3, 11),
        )
    draft.refresh_from_db()
    assert draft.recommendations_until is None


@pytest.fixture
def in_consultation(register, users):
    draft = register(legal_character="normative", at=moment(dt.date(2026, 3, 2)))
    services.draft_consultation_update(
        draft_id=draft.pk,
        user=users["secretariat"],
        announced_on=dt.date(2026, 3, 2),
        recommendations_until=dt.date(2026, 3, 12),
    )
    return fire(draft, "start_consultation", users["secretariat"], at=moment(dt.date(2026, 3, 2)))


def test_a_consulted_draft_waits_thirty_working_days(in_consultation, users):
    services.draft_consultation_update(
        draft_id=in_consultation.pk, user=users["secretariat"], recommendations_count=3
    )
    with pytest.raises(Invalid) as refused:
        fire(
            in_consultation,
            "send_for_opinions",
            users["secretariat"],
            at=moment(dt.date(2026, 4, 14)),
        )
    assert "15.04.2026" in refused.value.problems[0]
    sent = fire(
        in_consultation, "send_for_opinions", users["secretariat"], at=moment(dt.date(2026, 4, 15))
    )
    assert sent.status == DraftStatus.IN_REVIEW


def test_the_recommendations_received_must_be_recorded(in_consultation, users):
    with pytest.raises(Invalid) as refused:
        fire(
            in_consultation,
            "send_for_opinions",
            users["secretariat"],
            at=moment(dt.date(2026, 5, 4)),
        )
    assert any("recommendations received" in p for p in refused.value.problems)


def test_a_requested_debate_must_be_held_first(in_consultation, users):
    services.draft_consultation_update(
        draft_id=in_consultation.pk,
        user=users["secretariat"],
        recommendations_count=0,
        debate_requested=True,
    )
    with pytest.raises(Invalid, match="cannot be done"):
        fire(
            in_consultation,
            "send_for_opinions",
            users["secretariat"],
            at=moment(dt.date(2026, 5, 4)),
        )


def test_an_incomplete_file_cannot_go_on_the_agenda(register, users, sitting):
    draft = fire(register(), "send_for_opinions", users["secretariat"])
    with pytest.raises(Invalid) as refused:
        services.draft_put_on_agenda(
            draft_id=draft.pk, sitting_id=sitting().pk, user=users["secretariat"]
        )
    assert refused.value.problems == [
        "The department's report (raport de specialitate) is missing.",
        "The opinion of Comisia de buget is missing.",
        "The secretar general's legality opinion is missing.",
    ]


def test_a_complete_file_goes_on_the_agenda_in_order(complete_draft, users, sitting):
    planned = sitting()
    entries = [
        services.draft_put_on_agenda(
            draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
        )
        for _ in range(2)
    ]
    assert [e.position for e in entries] == [1, 2]
    assert entries[0].draft.status == DraftStatus.ON_AGENDA


def test_a_convened_sittings_agenda_is_frozen(complete_draft, users, sitting, convene, today):
    planned = sitting(day=today + dt.timedelta(days=10))
    services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today))
    with pytest.raises(Conflict, match="frozen"):
        services.draft_put_on_agenda(
            draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
        )


@pytest.mark.parametrize(
    ("kind", "notice_days"), [("ordinary", 5), ("extraordinary", 3), ("emergency", 0)]
)
def test_notice_periods_accepted_at_the_edge_and_refused_after(
    kind, notice_days, complete_draft, users, sitting, convene
):
    day = dt.date(2026, 12, 17)
    # Free days: the convocation's day and the sitting's do not count (CPC art. 181).
    free = notice_days + 1 if notice_days else 0
    for convened_on, accepted in (
        (day - dt.timedelta(days=free), True),
        (day - dt.timedelta(days=free - 1), False),
    ):
        if notice_days == 0 and not accepted:
            convened_on = day + dt.timedelta(days=1)
        planned = sitting(kind=kind, day=day)
        services.draft_put_on_agenda(
            draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
        )
        if accepted:
            assert convene(planned, moment(convened_on, 9)).status == SittingStatus.CONVENED
        else:
            with pytest.raises(Invalid) as refused:
                convene(planned, moment(convened_on, 9))
            assert "Too late" in refused.value.problems[0]


def test_an_empty_agenda_cannot_be_convened(sitting, convene, today):
    with pytest.raises(Invalid, match="cannot be done"):
        convene(sitting(day=today + dt.timedelta(days=10)), moment(today))


def vote(entry, user, present=25, votes_for=20, against=3, abstentions=2):
    return services.agenda_entry_vote(
        entry_id=entry.pk,
        user=user,
        present=present,
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstentions,
    )


def test_an_adopted_draft_becomes_a_numbered_decision(open_sitting, users, today):
    _, entries = open_sitting(3)
    for entry in entries:
        assert vote(entry, users["secretariat"]).outcome == "adopted"
    assert list(Decision.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    decision = Decision.objects.get(number=1)
    assert decision.title.startswith("Hotărâre privind")
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (20, 3, 2)
    assert decision.adopted_on == today


def test_a_rejected_draft_gets_no_decision(open_sitting, users):
    _, [entry] = open_sitting(1)
    entry = vote(entry, users["secretariat"], votes_for=12, against=10, abstentions=3)
    assert entry.outcome == "rejected"
    assert entry.draft.status == DraftStatus.REJECTED
    assert not Decision.objects.exists()


def test_an_absolute_majority_needs_14_votes(open_sitting, users):
    _, [entry] = open_sitting(1, majority="absolute")
    assert (
        vote(
            entry, users["secretariat"], present=16, votes_for=13, against=0, abstentions=3
        ).outcome
        == "rejected"
    )


def test_inconsistent_numbers_are_refused_and_change_nothing(open_sitting, users):
    _, [entry] = open_sitting(1)
    with pytest.raises(Invalid, match="votes were cast"):
        vote(entry, users["secretariat"], present=20, votes_for=18, against=3, abstentions=0)
    with pytest.raises(Invalid, match="No quorum"):
        vote(entry, users["secretariat"], present=13, votes_for=13, against=0, abstentions=0)
    entry.refresh_from_db()
    assert entry.outcome == "" and entry.draft.status == DraftStatus.ON_AGENDA


def test_a_postponed_draft_goes_back_on_a_later_agenda(open_sitting, users, sitting):
    _, [entry] = open_sitting(1)
    services.agenda_entry_close_without_vote(
        entry_id=entry.pk, user=users["secretariat"], outcome="postponed", comment="Amânat."
    )
    draft = DraftDecision.objects.get(pk=entry.draft_id)
    assert draft.status == DraftStatus.POSTPONED
    later = sitting(day=dt.date.today() + dt.timedelta(days=20))
    services.draft_put_on_agenda(draft_id=draft.pk, sitting_id=later.pk, user=users["secretariat"])
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ON_AGENDA


def test_a_sitting_closes_only_when_every_entry_has_an_outcome(open_sitting, users):
    planned, [first, second] = open_sitting(2)
    vote(first, users["secretariat"])
    with pytest.raises(Invalid) as refused:
        fire(planned, "close", users["secretariat"])
    assert refused.value.problems == ["Agenda entry 2 has no outcome yet."]
    vote(second, users["secretariat"])
    assert fire(planned, "close", users["secretariat"]).status == SittingStatus.HELD
    assert fire(planned, "publish_minutes", users["secretariat"]).minutes_published_on is not None


def test_no_votes_before_the_sitting_starts(complete_draft, users, sitting, convene, today):
    planned = sitting(day=today + dt.timedelta(days=10))
    entry = services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convene(planned, moment(today))
    with pytest.raises(Conflict, match="not started"):
        vote(entry, users["secretariat"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_decisions_adopted_at_the_same_moment_get_distinct_gap_free_numbers(open_sitting, users):
    _, entries = open_sitting(6)
    barrier = threading.Barrier(len(entries))
    errors = []

    def adopt(entry):
        try:
            barrier.wait()
            vote(entry, users["secretariat"])
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=adopt, args=(e,)) for e in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Decision.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_decision_dates_must_fit_together(open_sitting, users, today):
    _, [entry] = open_sitting(1)
    vote(entry, users["secretariat"])
    decision = Decision.objects.get()
    with pytest.raises(Invalid) as refused:
        services.decision_record(
            decision_id=decision.pk, user=users["secretariat"], communicated_on=today
        )
    assert "countersignature" in refused.value.problems[0]
    services.decision_record(
        decision_id=decision.pk,
        user=users["secretariat"],
        signed_on=today,
        countersigned_on=today,
        communicated_on=today,
    )
    with pytest.raises(Invalid, match="fit"):
        services.decision_record(
            decision_id=decision.pk, user=users["secretariat"], published_on=today
        )
    decision = services.decision_record(
        decision_id=decision.pk, user=users["secretariat"], notified_on=today
    )
    assert decision.notified_on == today


def test_a_recorded_date_is_not_rewritten(open_sitting, users, today):
    _, [entry] = open_sitting(1)
    vote(entry, users["secretariat"])
    decision = Decision.objects.get()
    services.decision_record(decision_id=decision.pk, user=users["secretariat"], signed_on=today)
    with pytest.raises(Conflict):
        services.decision_record(
            decision_id=decision.pk, user=users["secretariat"], signed_on=today
        )


@pytest.mark.parametrize(
    ("steps", "progress"),
    [
        ([], Progress.NOT_STARTED),
        (["register"], Progress.REGISTERED),
        (["register", "review"], Progress.IN_REVIEW),
        (["register", "review", "agenda"], Progress.ON_AGENDA),
        (["register", "review", "agenda", "adopt"], Progress.ADOPTED),
        (["register", "review", "agenda", "reject"], Progress.REJECTED),
        (["register", "review", "agenda", "postpone"], Progress.POSTPONED),
        (["register", "withdraw"], Progress.WITHDRAWN),
    ],
)
def test_an_items_progress_is_where_its_draft_stands(
    steps, progress, published_item, users, committee, sitting, convene, today
):
    secretariat = users["secretariat"]
    draft = None
    for step in steps:
        if step == "register":
            draft = services.draft_from_item(
                item=published_item,
                user=secretariat,
                statement="Referat.",
                at=moment(today - dt.timedelta(days=20)),
            )
        elif step == "review":
            # A normative item: announced long ago, consultation done.
            services.draft_consultation_update(
                draft_id=draft.pk,
                user=secretariat,
                announced_on=today - dt.timedelta(days=80),
                recommendations_until=today - dt.timedelta(days=60),
                recommendations_count=0,
            )
            fire(draft, "start_consultation", secretariat)
            fire(draft, "send_for_opinions", secretariat)
            for kind, c in (
                ("department_report", None),
                ("committee", committee),
                ("legality", None),
            ):
                services.draft_opinion_record(
                    draft_id=draft.pk,
                    user=secretariat,
                    kind=kind,
                    favourable=True,
                    given_on=today,
                    committee=c,
                )
        elif step == "agenda":
            planned = sitting(kind="emergency", hour=0)
            entry = services.draft_put_on_agenda(
                draft_id=draft.pk, sitting_id=planned.pk, user=secretariat
            )
            convene(planned, moment(today, 0))
        elif step == "adopt":
            vote(entry, secretariat)
        elif step == "reject":
            vote(entry, secretariat, votes_for=5, against=20, abstentions=0)
        elif step == "postpone":
            services.agenda_entry_close_without_vote(
                entry_id=entry.pk, user=secretariat, outcome="postponed", comment="Amânat."
            )
        elif step == "withdraw":
            fire(draft, "withdraw", secretariat, comment="Retras de inițiator.")
    item = with_execution(ProgramItem.objects.all()).get(pk=published_item.pk)
    assert item.progress == progress
    fresh = ProgramItem.objects.get(pk=published_item.pk)
    assert fresh.progress == progress  # without the annotation too
    if progress == Progress.ADOPTED:
        assert item.decision_pk == Decision.objects.get().pk
        assert item.sitting_pk is not None


@pytest.mark.parametrize("name", ["adopt", "reject", "postpone"])
def test_an_outcome_cannot_be_fired_without_the_vote(open_sitting, users, name):
    _, [entry] = open_sitting(1)
    with pytest.raises(Invalid, match="agenda"):
        fire(entry.draft, name, users["secretariat"])
    entry.draft.refresh_from_db()
    assert entry.draft.status == DraftStatus.ON_AGENDA


def test_putting_on_an_agenda_needs_a_sitting(complete_draft, users):
    with pytest.raises(Invalid, match="sitting"):
        fire(complete_draft(), "put_on_agenda", users["secretariat"])


def test_convening_records_the_disposition_and_who_asked(complete_draft, users, sitting, today):
    planned = sitting(kind="extraordinary", day=today + dt.timedelta(days=10))
    services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    convened = fire(
        planned, "convene", users["secretariat"], disposition="1234/30.11.2026",
        requested_by="councillors", delivered_on=today,
    )  # fmt: skip
    assert (convened.disposition, convened.requested_by) == ("1234/30.11.2026", "councillors")
    assert convened.convocation_delivered_on == today


def test_an_ordinary_sitting_is_not_convened_at_a_request(complete_draft, users, sitting, today):
    planned = sitting(day=today + dt.timedelta(days=10))
    services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    with pytest.raises(Invalid, match="extraordinary"):
        fire(planned, "convene", users["secretariat"], requested_by="prefect")


def test_the_notice_runs_from_the_delivery_of_the_convocation(
    complete_draft, users, sitting, today
):
    """Issued in time, but received by the councillors too late: refused."""
    day = today + dt.timedelta(days=10)
    planned = sitting(day=day)
    services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    with pytest.raises(Invalid, match="must receive the convocation by"):
        fire(planned, "convene", users["secretariat"], delivered_on=day - dt.timedelta(days=2))
    assert Sitting.objects.get(pk=planned.pk).status == SittingStatus.PLANNED


def test_a_councillors_initiative_names_councillors_in_office(register, councillors):
    draft = register(initiative="councillors", councillors=councillors[:3],
                     initiator="Consilierii locali")  # fmt: skip
    assert sorted(draft.initiating_councillors.all(), key=lambda c: c.pk) == councillors[:3]
    with pytest.raises(Invalid, match="Name the councillors"):
        register(initiative="councillors")


def test_a_citizens_initiative_needs_five_per_cent_of_the_voters(register, settings):
    settings.COUNCIL_RULES = {**settings.COUNCIL_RULES, "VOTERS": 190_001}
    with pytest.raises(Invalid, match="at least 9501 valid signatures"):
        register(initiative="citizens", signatures=9500, initiator="Inițiativă cetățenească")
    draft = register(initiative="citizens", signatures=9501, initiator="Inițiativă cetățenească")
    assert draft.signatures == 9501


def test_signatures_belong_only_to_a_citizens_initiative(register):
    with pytest.raises(Invalid, match="only for a citizens' initiative"):
        register(signatures=10)


def test_the_public_draft_page_names_the_initiating_councillors(register, councillors):
    draft = register(initiative="councillors", councillors=councillors[:1])
    page = Client().get(f"/drafts/{draft.pk}/").content.decode()
    assert f'href="/councillors/{councillors[0].pk}/"' in page


def test_the_public_register_lists_citizens_initiatives_with_their_signatures(register, settings):
    settings.COUNCIL_RULES = {**settings.COUNCIL_RULES, "VOTERS": 190_001}
    citizens = register(
        initiative="citizens",
        signatures=9600,
        title="Proiect de hotărâre privind un parc pentru câini",
        initiator="Inițiativă cetățenească",
    )
    mayors = register(title="Proiect de hotărâre privind un acord de parteneriat")
    client = Client()
    client.cookies["django_language"] = "en"
    listed = client.get("/drafts/", {"initiative": "citizens"}).content.decode()
    assert f"/drafts/{citizens.pk}/" in listed and f"/drafts/{mayors.pk}/" not in listed
    page = client.get(f"/drafts/{citizens.pk}/").content.decode()
    assert "9600 valid signatures" in page and "against the 9501 required (5% of 190001" in page


def test_an_unknown_initiative_filter_is_a_400_that_says_so(register):
    register()
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/drafts/", {"initiative": "aliens"})
    assert response.status_code == 400 and "Unknown initiative" in response.content.decode()
