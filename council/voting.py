"""The outcome of a vote under the legal majorities (Codul administrativ, art. 139).

Quorum: a majority of the councillors in office must be present. Majorities:
- simple: more than half of those present (abstentions therefore count as against);
- absolute: more than half of the councillors in office (14 of 27);
- two_thirds: at least two thirds of the councillors in office (18 of 27).
Whether abstentions count as against is a setting (COUNCIL_RULES); when they do not, a simple
majority is more votes for than against.

A councillor with a personal interest in the matter is present but does not take part in the vote
(art. 228): they count towards the quorum, and not among "those present" whose majority a simple
majority needs (to confirm against the council's rules of procedure).

The totals come from the roll call when there is one (`tally`): how each councillor in office
voted, `absent` included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class VoteError(ValueError):
    """The numbers cannot be right (more votes than present, no quorum, ...)."""


@dataclass(frozen=True)
class Vote:
    in_office: int
    present: int
    votes_for: int
    against: int
    abstentions: int
    majority: str
    not_voting: int = 0

    @property
    def voting(self) -> int:
        """Those present who may vote: present, less those with a declared interest."""
        return self.present - self.not_voting


@dataclass(frozen=True)
class Tally:
    present: int
    votes_for: int
    against: int
    abstentions: int
    not_voting: int


def tally(votes: Iterable[str]) -> Tally:
    """The totals of a roll call: `for`, `against`, `abstention`, `absent`, `not_voting`."""
    counts = Counter(votes)
    unknown = set(counts) - {"for", "against", "abstention", "absent", "not_voting"}
    if unknown:
        raise VoteError(
            _("Unknown vote “%(vote)s”: use for, against, abstention, absent or not_voting.")
            % {"vote": sorted(unknown)[0]}
        )
    return Tally(
        present=sum(counts.values()) - counts["absent"],
        votes_for=counts["for"],
        against=counts["against"],
        abstentions=counts["abstention"],
        not_voting=counts["not_voting"],
    )


def quorum(in_office: int) -> int:
    return in_office // 2 + 1


def votes_needed(*, majority: str, in_office: int, present: int) -> int:
    if majority == "simple":
        return present // 2 + 1
    if majority == "absolute":
        return in_office // 2 + 1
    if majority == "two_thirds":
        return -(-2 * in_office // 3)  # ceiling of two thirds
    raise VoteError(_("Unknown majority “%(majority)s”.") % {"majority": majority})


def check(vote: Vote) -> None:
    """Refuse numbers that cannot be true, with the reason."""
    for name, value in (
        ("present", vote.present),
        ("for", vote.votes_for),
        ("against", vote.against),
        ("abstentions", vote.abstentions),
        ("not voting", vote.not_voting),
    ):
        if value < 0:
            raise VoteError(_("The number “%(name)s” cannot be negative.") % {"name": name})
    if vote.present > vote.in_office:
        raise VoteError(
            _("%(present)s present, but only %(in_office)s councillors are in office.")
            % {"present": vote.present, "in_office": vote.in_office}
        )
    if vote.not_voting > vote.present:
        raise VoteError(
            _("%(not_voting)s declared an interest, but only %(present)s councillors are present.")
            % {"not_voting": vote.not_voting, "present": vote.present}
        )
    cast = vote.votes_for + vote.against + vote.abstentions
    if cast > vote.voting:
        if vote.not_voting:
            raise VoteError(
                _(
                    "%(cast)s votes were cast, but only %(voting)s of the %(present)s present "
                    "may vote (%(not_voting)s declared an interest)."
                )
                % {
                    "cast": cast,
                    "voting": vote.voting,
                    "present": vote.present,
                    "not_voting": vote.not_voting,
                }
            )

        raise VoteError(
            _("%(cast)s votes were cast, but only %(present)s councillors are present.")
            % {"cast": cast, "present": vote.present}
        )
    if vote.present < quorum(vote.in_office):
        raise VoteError(
            _("No quorum: %(present)s present, %(quorum)s needed of %(in_office)s in office.")
            % {
                "present": vote.present,
                "quorum": quorum(vote.in_office),
                "in_office": vote.in_office,
            }
        )


def is_adopted(vote: Vote) -> bool:
    check(vote)
    if vote.majority == "simple" and not settings.COUNCIL_RULES["ABSTENTIONS_COUNT_AS_AGAINST"]:
        return vote.votes_for > vote.against
    return vote.votes_for >= votes_needed(
        majority=vote.majority, in_office=vote.in_office, present=vote.voting
    )


def votes_text(votes_for: int, against: int, abstentions: int) -> str:
    """ "20 for, 3 against, 1 abstention", each number agreeing with its word."""
    return _("%(for)s for, %(against)s against, %(abstentions)s") % {
        "for": votes_for,
        "against": against,
        "abstentions": ngettext("%(count)s abstention", "%(count)s abstentions", abstentions)
        % {"count": abstentions},
    }
