"""The demo data (`seed_demo`): loaded once for this module and checked against the rules."""

import io
import itertools

import pytest
from django.core.management import call_command

from council.models import Committee, Councillor, councillors_in_office
from program.models import (
    AnnualProgram,
    DepartmentalInput,
    ItemStatus,
    Objective,
    ProgramItem,
    Strategy,
)
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
    call_command("seed_demo", stdout=io.StringIO())
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
