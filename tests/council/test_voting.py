"""Majorities under art. 139 with 27 councillors in office; abstentions count as against."""

import pytest

from council.voting import Vote, VoteError, is_adopted, quorum, votes_needed

IN_OFFICE = 27


def test_quorum_is_a_majority_of_those_in_office():
    assert quorum(27) == 14


@pytest.mark.parametrize("present", range(14, 28))
def test_simple_majority_is_more_than_half_of_those_present(present):
    needed = present // 2 + 1
    assert votes_needed(majority="simple", in_office=IN_OFFICE, present=present) == needed
    assert is_adopted(Vote(IN_OFFICE, present, needed, present - needed, 0, "simple"))
    assert not is_adopted(Vote(IN_OFFICE, present, needed - 1, 0, present - needed + 1, "simple"))


@pytest.mark.parametrize("present", range(14, 28))
def test_absolute_majority_is_14_of_27_whoever_is_present(present):
    assert votes_needed(majority="absolute", in_office=IN_OFFICE, present=present) == 14
    assert is_adopted(Vote(IN_OFFICE, present, 14, present - 14, 0, "absolute"))
    assert not is_adopted(Vote(IN_OFFICE, present, 13, 0, 0, "absolute"))


@pytest.mark.parametrize("present", range(18, 28))
def test_two_thirds_majority_is_18_of_27(present):
    assert votes_needed(majority="two_thirds", in_office=IN_OFFICE, present=present) == 18
    assert is_adopted(Vote(IN_OFFICE, present, 18, 0, present - 18, "two_thirds"))
    assert not is_adopted(Vote(IN_OFFICE, present, 17, 0, present - 17, "two_thirds"))


@pytest.mark.parametrize("present", range(14, 18))
def test_two_thirds_cannot_pass_with_fewer_than_18_present(present):
    assert not is_adopted(Vote(IN_OFFICE, present, present, 0, 0, "two_thirds"))


def test_abstentions_count_as_against_for_a_simple_majority():
    # 20 present: 10 for, 4 against, 6 abstentions. 10 is not more than half of 20.
    assert not is_adopted(Vote(IN_OFFICE, 20, 10, 4, 6, "simple"))


def test_abstentions_can_be_set_not_to_count_as_against(settings):
    settings.COUNCIL_RULES = {**settings.COUNCIL_RULES, "ABSTENTIONS_COUNT_AS_AGAINST": False}
    assert is_adopted(Vote(IN_OFFICE, 20, 10, 4, 6, "simple"))


@pytest.mark.parametrize("present", range(0, 14))
def test_without_quorum_no_vote_is_recorded(present):
    with pytest.raises(VoteError, match="quorum"):
        is_adopted(Vote(IN_OFFICE, present, present, 0, 0, "simple"))


def test_more_votes_than_present_are_refused():
    with pytest.raises(VoteError, match="votes were cast"):
        is_adopted(Vote(IN_OFFICE, 20, 15, 4, 2, "simple"))


def test_more_present_than_in_office_are_refused():
    with pytest.raises(VoteError, match="in office"):
        is_adopted(Vote(IN_OFFICE, 28, 20, 0, 0, "simple"))


def test_negative_numbers_are_refused():
    with pytest.raises(VoteError):
        is_adopted(Vote(IN_OFFICE, 20, -1, 0, 0, "simple"))
