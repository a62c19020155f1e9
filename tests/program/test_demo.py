"""The demo data (`seed_demo`): loaded once for this module and checked against the rules."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.utils import timezone

from council import deadlines
from council.models import (
    AgendaEntry,
    Committee,
    Councillor,
    Decision,
    DraftDecision,
    Sitting,
    SittingStatus,
    councillors_in_office,
)
from council.voting import Vote, is_adopted
from program.models import (
    AnnualProgram,
    DepartmentalInput,
    ItemStatus,
    Objective,
    ProgramItem,
    Strategy,
)
from workflows import clock
from workflows.models import TransitionLog


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            AnnualProgram,
            ProgramItem,
            Objective,
            Strategy,
            Committee,
            Councillor,
            TransitionLog,
            DepartmentalInput,
        )
    }


@pytest.fixture
def demo(demo_data, db):
    """The demo data, loaded once for this module."""


def test_seed_demo_twice_gives_the_same_data(demo):
    before = counts()
    call_command("seed_demo", "--without-documents", stdout=io.StringIO())
    assert counts() == before


def test_demo_has_last_this_and_next_year(demo, this_year):
    years = sorted(AnnualProgram.objects.values_list("year", flat=True))
    assert years == [this_year - 1, this_year, this_year + 1]
    for year in (this_year - 1, this_year):
        items = ProgramItem.objects.filter(program__year=year)
        assert items.count() >= 40
        assert set(items.values_list("planned_month", flat=True)) == set(range(1, 13))


def test_demo_items_are_linked_to_one_to_three_objectives(demo):
    for item in ProgramItem.objects.prefetch_related("objectives"):
        assert 1 <= len(item.objectives.all()) <= 3, item.reference


def test_demo_strategies_have_enough_objectives(demo):
    for strategy in Strategy.objects.all():
        assert strategy.objectives.filter(level="general").count() >= 3
        assert strategy.objectives.filter(level="specific").count() >= 8
        assert strategy.objectives.filter(level="measure").exists()


def test_demo_has_items_in_every_state(demo):
    assert set(ProgramItem.objects.values_list("status", flat=True)) == set(ItemStatus.values)


def test_demo_council_has_27_councillors_in_office_and_5_committees(demo):
    assert councillors_in_office() == 27
    assert Committee.objects.count() == 5


def test_demo_log_replays_to_every_items_state(demo):
    for item in ProgramItem.objects.all():
        log = list(TransitionLog.objects.for_object(item).order_by("at", "id"))
        assert log[0].transition == "create"
        for previous, row in itertools.pairwise(log):
            assert row.source == previous.target
        assert log[-1].target == item.status


def test_demo_uses_comma_below_diacritics(demo):
    titles = " ".join(ProgramItem.objects.values_list("title", flat=True))
    assert "ş" not in titles and "ţ" not in titles  # cedilla forms
    assert "ț" in titles and "ș" in titles


# The council's part of the demo obeys every rule ------------------------------------------------


def test_last_year_has_an_ordinary_sitting_every_month_and_extraordinary_ones(demo, this_year):
    sittings = Sitting.objects.filter(starts_at__year=this_year - 1)
    months = {timezone.localtime(s.starts_at).month for s in sittings.filter(kind="ordinary")}
    assert months == set(range(1, 13))
    assert sittings.filter(kind="extraordinary").exists()
    assert set(sittings.values_list("status", flat=True)) == {SittingStatus.MINUTES_PUBLISHED}


def test_every_held_agenda_is_decided_and_every_vote_obeys_the_majorities(demo):
    entries = AgendaEntry.objects.exclude(sitting__status__in=["planned", "convened"])
    assert entries.exists()
    for entry in entries.select_related("sitting"):
        assert entry.outcome, entry
        if entry.votes_for is None:
            assert entry.outcome in ("postponed", "withdrawn", "noted")
            continue
        in_office = councillors_in_office(timezone.localtime(entry.sitting.starts_at).date())
        vote = Vote(in_office, entry.present, entry.votes_for, entry.votes_against,
                    entry.abstentions, entry.majority, entry.not_voting)  # fmt: skip
        assert is_adopted(vote) == (entry.outcome == "adopted"), entry


def test_every_held_sitting_records_the_attendance_of_those_in_office(demo):
    held = Sitting.objects.filter(status__in=["held", "minutes_published"])
    for sitting in held.prefetch_related("attendance"):
        day = timezone.localtime(sitting.starts_at).date()
        in_office = set(Councillor.objects.in_office(day).values_list("pk", flat=True))
        assert {a.councillor_id for a in sitting.attendance.all()} == in_office, sitting


def test_every_open_vote_has_a_roll_call_that_agrees_with_totals_and_attendance(demo):
    voted = AgendaEntry.objects.exclude(voted_at=None).select_related("sitting")
    for entry in voted.prefetch_related("roll_call", "sitting__attendance"):
        calls = {c.councillor_id: c.vote for c in entry.roll_call.all()}
        if entry.ballot == "secret":
            assert not calls, entry
            continue
        here = {
            a.councillor_id for a in entry.sitting.attendance.all() if a.present_at(entry.voted_at)
        }
        assert {pk for pk, vote in calls.items() if vote != "absent"} == here, entry
        counted = [calls_of for calls_of in calls.values()]
        assert (entry.votes_for, entry.votes_against, entry.abstentions, entry.not_voting) == (
            counted.count("for"), counted.count("against"), counted.count("abstention"),
            counted.count("not_voting"),
        ), entry  # fmt: skip
        assert entry.present == len(here)


def test_the_demo_has_a_secret_ballot_conflicts_of_interest_and_a_replacement(demo):
    assert AgendaEntry.objects.filter(ballot="secret").exists()
    assert AgendaEntry.objects.filter(not_voting__gt=0).exists()
    assert Councillor.objects.filter(replaces__isnull=False).count() == 1
    assert Councillor.objects.filter(party_group="").exists()  # independents


def test_decisions_are_numbered_from_one_without_gaps(demo):
    for year in set(Decision.objects.values_list("year", flat=True)):
        numbers = list(
            Decision.objects.filter(year=year).order_by("number").values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_sitting_was_convened_within_its_notice_period(demo):
    for sitting in Sitting.objects.exclude(status="planned"):
        day = timezone.localtime(sitting.starts_at).date()
        assert sitting.convened_on <= deadlines.latest_convocation(sitting.kind, day), sitting


def test_minutes_and_decisions_met_their_deadlines(demo):
    for sitting in Sitting.objects.filter(status="minutes_published"):
        day = timezone.localtime(sitting.starts_at).date()
        assert sitting.minutes_published_on <= deadlines.minutes_due(day)
    for decision in Decision.objects.exclude(communicated_on=None).select_related("draft"):
        assert decision.communicated_on <= decision.communication_due, decision
        if decision.published_on:
            assert decision.published_on <= deadlines.publication_due(decision.communicated_on)


def test_normative_drafts_waited_for_their_consultation(demo):
    from workflows.models import TransitionLog

    for draft in DraftDecision.objects.filter(legal_character="normative").exclude(
        status__in=["registered", "in_consultation"]
    ):
        sent = TransitionLog.objects.for_object(draft).get(transition="send_for_opinions")
        assert timezone.localtime(sent.at).date() >= draft.earliest_opinions_date, draft


def test_a_few_drafts_were_rejected_and_postponed(demo):
    outcomes = set(AgendaEntry.objects.values_list("outcome", flat=True))
    assert {"adopted", "rejected", "postponed"} <= outcomes


def test_the_next_sitting_of_the_calendar_is_convened_and_none_after_it(demo, this_year):
    from council.demo import sitting_calendar

    upcoming = Sitting.objects.filter(starts_at__gt=clock.now())
    ahead = [day for day, _kind in sitting_calendar(this_year) if day > clock.today()]
    if ahead:  # the first sitting after today is convened; later ones are not planned yet
        assert [s.status for s in upcoming] == [SittingStatus.CONVENED]
        assert timezone.localtime(upcoming[0].starts_at).date() == ahead[0]
    else:  # after the last sitting of December: next year's calendar is not planned yet
        assert not upcoming.exists()


def test_next_year_has_no_execution(demo, this_year):
    assert not DraftDecision.objects.filter(item__program__year=this_year + 1).exists()
    assert not Sitting.objects.filter(starts_at__year=this_year + 1).exists()


def test_the_programs_are_approved_by_decisions_in_the_register(demo, this_year):
    from program.models import ProgramVersion

    version = ProgramVersion.objects.get(program__year=this_year, number=1)
    assert version.decision is not None
    assert version.decision.adopted_on.year == this_year - 1
    assert "Programului anual de activitate" in version.decision.title


def test_reports_are_taken_note_of_not_adopted_as_decisions(demo):
    reports = AgendaEntry.objects.exclude(draft__kind="draft_decision").exclude(
        sitting__status__in=["planned", "convened"]
    )
    assert reports.exists()
    assert set(reports.values_list("outcome", flat=True)) <= {"noted", "postponed"}
    assert not Decision.objects.exclude(draft__kind="draft_decision").exists()


def test_the_yearly_budget_is_adopted_every_executed_year(demo, this_year):
    for year in (this_year - 1,):
        budget = ProgramItem.objects.get(
            program__year=year, title__contains="aprobarea bugetului local al Sectorului 1"
        )
        assert budget.status == ItemStatus.PUBLISHED
        assert Decision.objects.filter(item=budget).exists()


def test_the_demo_shows_an_overdue_item(demo, this_year):
    from council.selectors import public_items

    late = [item for item in public_items().filter(program__year=this_year - 1) if item.overdue]
    assert [item.title for item in late] == [
        next(i.title for i in late if "Noul website" in i.title)
    ]


# Public participation and the transparency report (issue 21) ---------------------------------


def test_the_demo_holds_open_and_closed_consultations_with_every_kind_of_recommendation(demo):
    from council import participation
    from council.models import DraftDecision, Recommendation, Subscription

    drafts = DraftDecision.objects.filter(legal_character="normative",
                                          consultation_announced_on__isnull=False)  # fmt: skip
    assert any(participation.is_open(d) for d in drafts)
    assert any(not participation.is_open(d) for d in drafts)
    rows = list(Recommendation.objects.all())
    assert any(r.organisation for r in rows) and any(not r.organisation for r in rows)
    assert any(r.published_at for r in rows) and any(r.received_at and not r.answer_kind
                                                     for r in rows)  # fmt: skip
    assert any(r.received_at is None for r in rows)  # sent, never confirmed
    assert {r.channel for r in rows} >= {"online", "paper"}
    assert drafts.filter(debate_requested=True, debate_held_on__isnull=False).exists()
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() >= 3


def test_the_transparency_report_matches_the_demo_counted_independently(demo):
    """Every figure of last year's report, counted again by walking the records one by one."""
    from council.models import Decision, DraftDecision, Recommendation, Sitting
    from council.transparency import report_for

    year = clock.today().year - 1
    report = report_for(year)

    def in_year(moment):
        return moment is not None and timezone.localtime(moment).year == year

    consulted = [
        d for d in DraftDecision.objects.all()
        if d.legal_character == "normative" and d.consultation_announced_on
        and d.consultation_announced_on.year == year and d.status != "registered"
    ]  # fmt: skip
    received = [r for r in Recommendation.objects.all() if in_year(r.received_at)]
    decisions = [d for d in Decision.objects.select_related("draft") if d.year == year]
    assert report.drafts_consulted == len(consulted) > 0
    assert report.urgency_procedures == sum(1 for d in consulted if d.urgency_reason)
    assert report.recommendations_received == len(received) > 0
    assert report.recommendations_accepted == sum(
        1 for r in received if r.answer_kind in ("accepted", "partly")
    )
    assert report.recommendations_answered == sum(1 for r in received if r.answer_kind)
    assert report.debates_requested == sum(1 for d in consulted if d.debate_requested)
    assert report.debates_held == sum(
        1 for d in DraftDecision.objects.all()
        if d.debate_held_on and d.debate_held_on.year == year
    )  # fmt: skip
    assert report.sittings_public == sum(
        1 for s in Sitting.objects.all()
        if in_year(s.starts_at) and s.status in ("held", "minutes_published")
    )  # fmt: skip
    assert report.decisions_adopted == len(decisions) > 0
    assert report.normative_decisions_adopted == sum(
        1 for d in decisions if d.draft and d.draft.legal_character == "normative"
    )
    assert report.complete
