"""Working days skip weekends and Romanian public holidays; every legal deadline from settings."""

import datetime as dt

import pytest

from council import deadlines

D = dt.date


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 1, 1), "New Year"),
        (D(2026, 1, 2), "New Year"),
        (D(2026, 4, 10), "Orthodox Good Friday"),
        (D(2026, 4, 13), "Orthodox Easter Monday"),
        (D(2026, 5, 1), "1 May"),
        (D(2026, 6, 1), "1 June and Pentecost Monday"),
        (D(2025, 6, 9), "Pentecost Monday"),
        (D(2025, 8, 15), "15 August"),
        (D(2027, 11, 30), "30 November, a Tuesday"),
        (D(2026, 12, 1), "1 December"),
        (D(2026, 12, 25), "Christmas"),
        (D(2025, 12, 26), "Christmas, second day"),
    ],
)
def test_public_holidays_are_not_working_days(day, reason):
    assert day.weekday() < 5, reason
    assert not deadlines.is_working_day(day), reason


def test_weekends_are_not_working_days():
    assert not deadlines.is_working_day(D(2026, 11, 28))  # Saturday
    assert not deadlines.is_working_day(D(2026, 11, 29))  # Sunday
    assert deadlines.is_working_day(D(2026, 11, 27))  # Friday


def test_working_days_skip_a_weekend():
    assert deadlines.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri -> Mon


def test_working_days_skip_30_november_and_1_december():
    # Friday 27 November 2026 + 1 working day: Mon 30 Nov and Tue 1 Dec are holidays.
    assert deadlines.add_working_days(D(2026, 11, 27), 1) == D(2026, 12, 2)


def test_working_days_skip_orthodox_easter():
    # Thursday 9 April 2026 + 1: Good Friday 10, weekend, Easter Monday 13 -> Tuesday 14.
    assert deadlines.add_working_days(D(2026, 4, 9), 1) == D(2026, 4, 14)


def test_working_days_skip_christmas_and_new_year():
    # Wednesday 23 December 2026 + 3: 24 (Thu), then 25-27, 28 (Mon), 29 (Tue).
    assert deadlines.add_working_days(D(2026, 12, 23), 3) == D(2026, 12, 29)
    # Wednesday 30 December 2026 + 2: 31 (Thu), 1-2 Jan holidays and weekend... 4 Jan is Monday.
    assert deadlines.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)


def test_communication_is_due_within_ten_working_days():
    # Adopted Thursday 26 November 2026: 27, 2, 3, 4, 7, 8, 9, 10, 11, 14 December.
    assert deadlines.communication_due(D(2026, 11, 26)) == D(2026, 12, 14)


def test_consultation_lasts_thirty_working_days():
    announced = D(2026, 3, 2)
    earliest = deadlines.earliest_opinions_date(announced)
    assert deadlines.working_days_between(announced, earliest) == 30
    assert earliest == D(2026, 4, 15)  # Good Friday and Easter Monday push it two days


def test_notice_is_counted_in_free_days_as_the_civil_procedure_code_counts():
    """Neither the convocation's day nor the sitting's counts (CPC art. 181): five days' notice
    for a sitting on 17 December means convened by 11 December."""
    sitting_day = D(2026, 12, 17)
    assert deadlines.latest_convocation("ordinary", sitting_day) == D(2026, 12, 11)
    assert deadlines.latest_convocation("extraordinary", sitting_day) == D(2026, 12, 13)
    assert deadlines.latest_convocation("emergency", sitting_day) == sitting_day


def test_notice_is_not_moved_to_a_working_day():
    """Counted back from a fixed day, the notice would shrink if its end moved: a sitting on
    Thursday 7 January 2027 may be convened on Friday 1 January, a holiday, at the latest."""
    assert deadlines.latest_convocation("ordinary", D(2027, 1, 7)) == D(2027, 1, 1)


def test_a_period_ending_on_1_december_moves_past_the_national_holidays():
    # Announced Friday 20 November 2026: ten days end on Monday 30 November (Saint Andrew) and
    # would move to 1 December (national day), so to Wednesday 2 December.
    assert deadlines.earliest_recommendations_end(D(2026, 11, 20)) == D(2026, 12, 2)


def test_a_period_ending_at_the_new_year_moves_to_the_first_working_day():
    # A sitting on Tuesday 29 December 2026: minutes due 1 January (holiday), 2 January
    # (holiday, Saturday), 3 January (Sunday): Monday 4 January 2027.
    assert deadlines.minutes_due(D(2026, 12, 29)) == D(2027, 1, 4)


def test_a_period_ending_at_orthodox_easter_moves_past_easter_monday():
    # Communicated Monday 26 April 2027: five days end on Saturday 1 May (Labour Day), then
    # Orthodox Easter (2 May) and Easter Monday (3 May): Tuesday 4 May 2027.
    assert deadlines.publication_due(D(2027, 4, 26)) == D(2027, 5, 4)


def test_a_period_ending_on_a_working_day_stays():
    assert deadlines.minutes_due(D(2026, 11, 24)) == D(2026, 11, 27)


def test_a_month_without_an_ordinary_sitting_is_named():
    convened = [D(2026, 1, 22), D(2026, 3, 19)]
    missing = deadlines.months_without_ordinary_sitting(2026, D(2026, 4, 2), convened)
    assert missing == [D(2026, 2, 1), D(2026, 4, 1)]


def test_every_rule_names_its_article_counting_and_setting(settings):
    for rule in deadlines.RULES:
        assert rule.article and rule.counting
        assert rule.setting == "—" or rule.setting in settings.COUNCIL_RULES


def test_deadlines_follow_the_settings(settings):
    settings.COUNCIL_RULES = {**settings.COUNCIL_RULES, "COMMUNICATION_WORKING_DAYS": 1}
    assert deadlines.communication_due(D(2026, 11, 26)) == D(2026, 11, 27)


def test_minutes_are_due_three_days_after_the_sitting_on_a_working_day():
    # Thursday 26 November 2026: three days end on Sunday 29; Monday 30 November and Tuesday
    # 1 December are holidays: Wednesday 2 December.
    assert deadlines.minutes_due(D(2026, 11, 26)) == D(2026, 12, 2)
