"""Writes on the council's registers: drafts, opinions, consultation, sittings, votes, decisions.

State changes of drafts and sittings go through workflows.services.transition_fire, like the
program items' ones; what is recorded without a change of state (opinions, votes, dates) is
validated here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from council import deadlines
from council.models import (
    AgendaEntry,
    Attendance,
    Ballot,
    Committee,
    Councillor,
    Decision,
    DecisionStatus,
    DraftDecision,
    DraftOpinion,
    DraftStatus,
    Initiative,
    NumberSequence,
    OpinionKind,
    Outcome,
    RollCallVote,
    Sitting,
    SittingStatus,
    councillors_in_office,
)
from council.voting import Vote, VoteError, is_adopted, tally, votes_text
from program import roles
from program.models import (
    AnnualProgram,
    ChangeStatus,
    Department,
    ItemChange,
    ItemKind,
    ItemStatus,
    ProgramItem,
    ProgramStatus,
    ProgramVersion,
)
from workflows import audit, clock
from workflows.errors import Conflict, Invalid, NotAllowed
from workflows.services import (
    changes_between,
    lock_for_update,
    log_write,
    record_change,
    snapshot,
    transition_fire,
)


def require_secretariat(user: Any) -> None:
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat keeps the council's registers."))


def next_number(register: str, year: int) -> int:
    """The next number of a register for a year: no gaps and no duplicates, also when two are
    taken at the same moment (the counter row is locked until the transaction ends)."""
    NumberSequence.objects.bulk_create(
        [NumberSequence(register=register, year=year)], ignore_conflicts=True
    )
    sequence = NumberSequence.objects.select_for_update().get(register=register, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def draft_register(
    *,
    user: Any,
    title: str,
    initiator: str,
    statement: str,
    department: Department,
    legal_character: str,
    majority: str,
    item: ProgramItem | None = None,
    committees: Iterable[Committee] = (),
    program: AnnualProgram | None = None,
    kind: str = ItemKind.DRAFT_DECISION,
    initiative: str = Initiative.MAYOR,
    councillors: Iterable[Councillor] = (),
    signatures: int | None = None,
    at: dt.datetime | None = None,
) -> DraftDecision:
    """Register a draft decision, with the next registration number of the year. `program`: the
    annual program the draft approves or amends, if it does (its decision will approve it).
    `initiative`: the mayor's, councillors' (`councillors`, in office) or citizens' (with the
    `signatures` the secretariat checked, at least the share of the voters the law asks)."""
    require_secretariat(user)
    at = at or clock.now()
    councillors = list(councillors)
    initiative_problems(initiative, councillors, signatures, local_day(at))
    if not (title or "").strip():
        raise Invalid(_("The title is required."))
    if not (statement or "").strip():
        raise Invalid(_("Attach the initiator's statement (referat de aprobare)."))
    if item is not None and not item.is_public:
        raise Conflict(_("Only a published program item is carried out as a draft decision."))
    if (
        item is not None
        and item.drafts.exclude(status__in=[DraftStatus.REJECTED, DraftStatus.WITHDRAWN]).exists()
    ):
        raise Conflict(_("This program item already has a draft decision in the register."))
    with transaction.atomic(), audit.writing():
        day = local_day(at)
        draft = DraftDecision(
            year=day.year,
            registration_number=next_number("draft", day.year),
            registered_on=day,
            title=title.strip(),
            initiator=initiator,
            statement=statement.strip(),
            department=department,
            legal_character=legal_character,
            majority=majority,
            item=item,
            program=program,
            kind=kind,
            initiative=initiative,
            signatures=signatures if initiative == Initiative.CITIZENS else None,
        )
        draft.full_clean(exclude=["status"])
        draft.save()
        draft.committees.set(committees)
        draft.initiating_councillors.set(councillors)
        record_change(obj=draft, action="register", actor=user, before=None, at=at)
    return draft


def signatures_needed() -> int:
    """Art. 247: the share of the unit's voters a citizens' initiative needs (rounded up)."""
    rules = settings.COUNCIL_RULES
    return -(-rules["VOTERS"] * rules["CITIZENS_INITIATIVE_PERCENT"] // 100)


def initiative_problems(
    initiative: str, councillors: list[Councillor], signatures: int | None, day: dt.date
) -> None:
    if initiative not in Initiative.values:
        raise Invalid(_("The initiative is the mayor's, councillors' or citizens'."),
                      field="initiative")  # fmt: skip
    if initiative == Initiative.COUNCILLORS:
        if not councillors:
            raise Invalid(_("Name the councillors who initiate it."), field="councillors")
        out = [c for c in councillors if not c.in_office_on(day)]
        if out:
            raise Invalid(
                _("Not in office on %(day)s: %(names)s.")
                % {"day": f"{day:%d.%m.%Y}", "names": _names(out)},
                field="councillors",
            )
    elif councillors:
        raise Invalid(_("Councillors are named only for their own initiative."),
                      field="councillors")  # fmt: skip
    if initiative == Initiative.CITIZENS:
        needed = signatures_needed()
        if not settings.COUNCIL_RULES["VOTERS"]:
            raise Invalid(
                _("Set the number of voters (COUNCIL_RULES VOTERS) to check a citizens' "
                  "initiative."),
                field="signatures",
            )  # fmt: skip
        if signatures is None or signatures < needed:
            raise Invalid(
                _("A citizens' initiative needs at least %(needed)s valid signatures "
                  "(%(percent)s%% of the %(voters)s voters); %(found)s were checked.")
                % {
                    "needed": needed,
                    "percent": settings.COUNCIL_RULES["CITIZENS_INITIATIVE_PERCENT"],
                    "voters": settings.COUNCIL_RULES["VOTERS"],
                    "found": signatures or 0,
                },
                field="signatures",
            )  # fmt: skip
    elif signatures is not None:
        raise Invalid(_("Signatures are counted only for a citizens' initiative."),
                      field="signatures")  # fmt: skip


def draft_from_item(
    *,
    item: ProgramItem,
    user: Any,
    statement: str,
    program: AnnualProgram | None = None,
    at: dt.datetime | None = None,
) -> DraftDecision:
    """Register the draft decision that carries out a published program item (`program`: the
    annual program it approves or amends, when the item is that)."""
    return draft_register(
        user=user,
        title=item.title,
        initiator=item.initiator or item.get_initiator_type_display(),
        statement=statement,
        department=item.department,
        legal_character=item.legal_character,
        majority=item.majority,
        item=item,
        committees=item.committees.all(),
        program=program,
        kind=item.kind,
        at=at,
    )


def draft_consultation_update(
    *,
    draft_id: int,
    user: Any,
    announced_on: dt.date | None = None,
    recommendations_until: dt.date | None = None,
    debate_requested: bool | None = None,
    debate_held_on: dt.date | None = None,
    debate_place: str | None = None,
    recommendations_count: int | None = None,
    recommendations_text: str | None = None,
    urgency_reason: str | None = None,
) -> DraftDecision:
    """Record the public consultation's dates, requests and the recommendations received; and,
    for the urgency procedure of Legea 52/2003, art. 7(13), its public reason (the minimum
    periods then do not apply)."""
    require_secretariat(user)
    with transaction.atomic(), audit.writing():
        draft = lock_for_update(DraftDecision, draft_id)
        before = snapshot(draft)
        if draft.legal_character != "normative":
            raise Invalid(_("Only normative drafts go to public consultation (Legea 52/2003)."))
        if draft.status not in (DraftStatus.REGISTERED, DraftStatus.IN_CONSULTATION):
            raise Conflict(
                _("The consultation is over for this draft."), current_state=draft.status
            )
        if announced_on is not None:
            if draft.status != DraftStatus.REGISTERED:
                raise Conflict(_("The consultation was already announced."))
            draft.consultation_announced_on = announced_on
        if recommendations_until is not None:
            draft.recommendations_until = recommendations_until
        if debate_requested is not None:
            draft.debate_requested = debate_requested
        if debate_held_on is not None:
            draft.debate_held_on = debate_held_on
        if debate_place is not None:
            draft.debate_place = debate_place.strip()[:300]
        if recommendations_count is not None:
            if recommendations_count < 0:
                raise Invalid(_("The number of recommendations cannot be negative."))
            draft.recommendations_count = recommendations_count
        if recommendations_text is not None:
            draft.recommendations_text = recommendations_text.strip()
        if urgency_reason is not None and urgency_reason.strip() != draft.urgency_reason:
            if draft.status != DraftStatus.REGISTERED:
                raise Conflict(
                    _("The urgency procedure is decided before the consultation is opened."),
                    current_state=draft.status,
                )
            draft.urgency_reason = urgency_reason.strip()
        announced = draft.consultation_announced_on
        if announced and draft.recommendations_until and draft.recommendations_until < announced:
            raise Invalid(_("Recommendations cannot close before the consultation is announced."))
        if announced and draft.recommendations_until and not draft.urgency_reason:
            earliest = deadlines.earliest_recommendations_end(announced)
            if draft.recommendations_until < earliest:
                raise Invalid(
                    _(
                        "Recommendations are accepted for at least %(days)s days: until "
                        "%(date)s at least (Legea 52/2003, art. 7)."
                    )
                    % {
                        "days": settings.COUNCIL_RULES["RECOMMENDATION_DAYS"],
                        "date": earliest.strftime("%d.%m.%Y"),
                    }
                )
        if announced and draft.debate_held_on and draft.debate_held_on < announced:
            raise Invalid(_("The debate cannot be held before the consultation is announced."))
        draft.save()
        record_change(obj=draft, action="consultation", actor=user, before=before)
    return draft


def draft_opinion_record(
    *,
    draft_id: int,
    user: Any,
    kind: str,
    favourable: bool,
    given_on: dt.date,
    committee: Committee | None = None,
    text: str = "",
    votes: tuple[int, int, int] | None = None,
) -> DraftOpinion:
    """Record the department's report, a committee's opinion or the legality opinion."""
    require_secretariat(user)
    if kind not in OpinionKind.values:
        raise Invalid(_("Unknown kind of opinion."))
    if (kind == OpinionKind.COMMITTEE) != (committee is not None):
        raise Invalid(_("A committee opinion names its committee; other opinions do not."))
    if given_on > clock.today():
        raise Invalid(_("An opinion cannot be dated in the future."))
    with transaction.atomic(), audit.writing():
        draft = lock_for_update(DraftDecision, draft_id)
        if draft.status not in (DraftStatus.IN_REVIEW, DraftStatus.POSTPONED):
            raise Conflict(
                _("Opinions are recorded while the draft is in review."),
                current_state=draft.status,
            )
        if committee is not None and not draft.committees.filter(pk=committee.pk).exists():
            raise Invalid(_("This committee was not asked for an opinion on the draft."))
        if given_on < draft.registered_on:
            raise Invalid(_("An opinion cannot predate the draft's registration."))
        if DraftOpinion.objects.filter(draft=draft, kind=kind, committee=committee).exists():
            raise Conflict(_("This opinion is already recorded."))
        opinion = DraftOpinion(
            draft=draft,
            kind=kind,
            committee=committee,
            favourable=favourable,
            given_on=given_on,
            text=text.strip(),
        )
        if votes is not None:
            opinion.votes_for, opinion.votes_against, opinion.abstentions = votes
            if committee is not None and sum(votes) > committee.members_on(given_on).count():
                raise Invalid(_("More committee votes than the committee has members."))
        opinion.full_clean()
        opinion.save()
        record_change(obj=opinion, action="record_opinion", actor=user, before=None)
        # The draft's public file changed with it.
        DraftDecision.objects.filter(pk=draft.pk).update(updated_at=clock.now())
    return opinion


def sitting_plan(
    *,
    user: Any,
    kind: str,
    starts_at: dt.datetime,
    place: str,
    chair: Councillor | None = None,
    at: dt.datetime | None = None,
) -> Sitting:
    require_secretariat(user)
    if not (place or "").strip():
        raise Invalid(_("Say where the sitting takes place."))
    sitting = Sitting(kind=kind, starts_at=starts_at, place=place.strip(), chair=chair)
    sitting.full_clean(exclude=["status"])
    with transaction.atomic(), audit.writing():
        sitting.save()
        record_change(obj=sitting, action="plan", actor=user, before=None, at=at)
    return sitting


def sitting_reschedule(
    *,
    sitting_id: int,
    user: Any,
    starts_at: dt.datetime,
    place: str,
    chair: Councillor | None = None,
    reason: str,
) -> Sitting:
    """Move a sitting that is still being planned (not convened, so not public): another day,
    time or place. A convened sitting is not moved: it is cancelled, and another one convened."""
    require_secretariat(user)
    if not (reason or "").strip():
        raise Invalid(_("A comment is required: say why."))
    if not (place or "").strip():
        raise Invalid(_("Say where the sitting takes place."))
    with transaction.atomic(), audit.writing():
        sitting = lock_for_update(Sitting, sitting_id)
        if sitting.status != SittingStatus.PLANNED:
            raise Conflict(
                _("A convened sitting is not moved: cancel it and convene another one."),
                current_state=sitting.status,
            )
        before = snapshot(sitting)
        sitting.starts_at, sitting.place, sitting.chair = starts_at, place.strip(), chair
        sitting.full_clean(exclude=["status"])
        sitting.save()
        record_change(obj=sitting, action="reschedule", actor=user, before=before, comment=reason)
    return sitting


def draft_put_on_agenda(
    *,
    draft_id: int,
    sitting_id: int,
    user: Any,
    at: dt.datetime | None = None,
    supplement_reason: str = "",
) -> AgendaEntry:
    """Put a complete draft at the end of a planned sitting's agenda; or, for an urgent matter
    that cannot wait for the next sitting, add it to the agenda of a convened sitting that has
    not started, with the reason (art. 135(7)): the council votes on the supplement when it
    approves the agenda at the start of the sitting."""
    at = at or clock.now()
    supplement_reason = (supplement_reason or "").strip()
    # The chain's lock before the sitting's row (the one lock order, workflows/audit.py).
    with transaction.atomic(), audit.writing():
        sitting = lock_for_update(Sitting, sitting_id)
        if sitting.status == SittingStatus.CONVENED and not supplement_reason:
            raise Conflict(
                _(
                    "The agenda of a convened sitting is frozen: only an urgent matter is added "
                    "to it, with the reason it cannot wait for the next sitting."
                ),
                current_state=sitting.status,
            )
        if sitting.status == SittingStatus.CONVENED and sitting.agenda_voted_at is not None:
            raise Conflict(_("The council has already approved this sitting's agenda."))
        if sitting.status == SittingStatus.CONVENED and sitting.starts_at <= at:
            raise Conflict(_("The sitting has started: its agenda is approved as it stands."))
        if sitting.status not in (SittingStatus.PLANNED, SittingStatus.CONVENED):
            raise Conflict(
                _("The agenda of a convened sitting is frozen."), current_state=sitting.status
            )
        if sitting.status == SittingStatus.PLANNED:
            supplement_reason = ""  # a planned agenda is still open: nothing to supplement
        transition_fire(
            model=DraftDecision, pk=draft_id, name="put_on_agenda", user=user, at=at,
            sitting=sitting,
        )  # fmt: skip
        entry = AgendaEntry.objects.get(sitting=sitting, draft_id=draft_id)
        if supplement_reason:
            entry.supplement_reason = supplement_reason
            entry.save(update_fields=["supplement_reason"])
        record_change(obj=entry, action="put_on_agenda", actor=user, before=None, at=at)
        if supplement_reason:
            # The public agenda changed.
            sitting.save(update_fields=["updated_at"])
        return entry


def sitting_agenda_vote(
    *,
    sitting_id: int,
    user: Any,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    at: dt.datetime | None = None,
) -> Sitting:
    """Record the council's vote approving the agenda (with any urgent supplement) at the
    start of the sitting: the majority of the councillors present (art. 135)."""
    require_secretariat(user)
    at = at or clock.now()
    counts = (votes_for, votes_against, abstentions)
    if any(n is None or n < 0 for n in counts):
        raise Invalid(_("Give the votes for, against and the abstentions (0 or more)."))
    with transaction.atomic(), audit.writing():
        sitting = lock_for_update(Sitting, sitting_id)
        if sitting.status != SittingStatus.CONVENED:
            raise Conflict(
                _("The agenda is approved at a convened sitting that has not been closed."),
                current_state=sitting.status,
            )
        if sitting.starts_at > at:
            raise Conflict(_("The sitting has not started yet."))
        if sitting.agenda_voted_at is not None:
            raise Conflict(_("The council has already voted on this sitting's agenda."))
        present = _attending(sitting, at)
        in_office = councillors_in_office(timezone.localtime(sitting.starts_at).date())
        voters = len(present) if present is not None else in_office
        if sum(counts) > voters:
            raise Invalid(
                _("%(votes)s votes, but only %(present)s councillors are present.")
                % {"votes": sum(counts), "present": voters}
            )
        before = snapshot(sitting)
        sitting.agenda_votes_for, sitting.agenda_votes_against = votes_for, votes_against
        sitting.agenda_abstentions, sitting.agenda_present = abstentions, voters
        sitting.agenda_voted_at = at
        sitting.save()
        record_change(obj=sitting, action="agenda_vote", actor=user, before=before, at=at)
    return sitting


def _entry_for_vote(entry_id: int, at: dt.datetime) -> AgendaEntry:
    entry = AgendaEntry.objects.select_related("sitting", "draft").get(pk=entry_id)
    # Entries of one sitting are recorded one after the other: wait for the sitting, briefly
    # locked, rather than refuse (closing the sitting takes the same lock).
    sitting = Sitting.objects.select_for_update().get(pk=entry.sitting_id)
    if sitting.status != SittingStatus.CONVENED:
        raise Conflict(
            _("Outcomes are recorded at a convened sitting that has not been closed."),
            current_state=sitting.status,
        )
    if sitting.starts_at > at:
        raise Conflict(_("The sitting has not started yet."))
    entry = AgendaEntry.objects.select_for_update().select_related("draft").get(pk=entry_id)
    if entry.outcome:
        raise Conflict(_("This agenda entry already has an outcome."))
    if entry.supplement_reason and sitting.agenda_approved is not True:
        raise Conflict(
            _(
                "An urgent supplement is debated only once the council has approved the agenda "
                "with it (art. 135(7)): record the agenda's vote first."
            )
        )
    return entry


def _names(councillors: Iterable[Councillor]) -> str:
    return ", ".join(sorted(c.name for c in councillors))


def _attending(sitting: Sitting, moment: dt.datetime) -> set[int] | None:
    """The councillors in the room at that moment, from the sitting's attendance; None when the
    attendance is not recorded."""
    rows = list(sitting.attendance.all())
    if not rows:
        return None
    return {row.councillor_id for row in rows if row.present_at(moment)}


def _counted_vote(
    *,
    entry: AgendaEntry,
    sitting: Sitting,
    at: dt.datetime,
    ballot: str,
    roll_call: Mapping[int, str] | None,
    present: int | None,
    votes_for: int | None,
    votes_against: int | None,
    abstentions: int | None,
    not_voting: int,
) -> tuple[Vote, dict[int, str]]:
    """The vote's figures, checked: from the roll call when there is one, else the totals given
    (a secret ballot, or a council that records totals only). Both must agree with the sitting's
    attendance when it is recorded."""
    if ballot not in Ballot.values:
        raise Invalid(_("The ballot is open or secret."), field="ballot")
    day = local_day(sitting.starts_at)
    in_office = list(Councillor.objects.in_office(day))
    attending = _attending(sitting, at)
    by_id = {c.pk: c for c in in_office}
    calls: dict[int, str] = {}
    if roll_call:
        if ballot == Ballot.SECRET:
            raise Invalid(
                _("A secret ballot records only the totals, never how each councillor voted."),
                field="roll_call",
            )
        try:
            calls = {int(key): str(value) for key, value in roll_call.items()}
        except (TypeError, ValueError) as error:
            raise Invalid(_("Name each councillor by their id."), field="roll_call") from error
        strangers = set(calls) - set(by_id)
        if strangers:
            known = {c.pk: c.name for c in Councillor.objects.filter(pk__in=strangers)}
            raise Invalid(
                _("Not in office on %(day)s: %(names)s.")
                % {
                    "day": f"{day:%d.%m.%Y}",
                    "names": ", ".join(known.get(pk, f"#{pk}") for pk in sorted(strangers)),
                },
                field="roll_call",
            )
        missing = [c for c in in_office if c.pk not in calls]
        if missing:
            raise Invalid(
                _("The roll call names every councillor in office; missing: %(names)s.")
                % {"names": _names(missing)},
                field="roll_call",
            )
        try:
            counted = tally(calls.values())
        except VoteError as error:
            raise Invalid(str(error), field="roll_call") from error
        if attending is not None:
            absent_yet_here = [
                c for c in in_office if calls[c.pk] == "absent" and c.pk in attending
            ]
            here_yet_absent = [
                c for c in in_office if calls[c.pk] != "absent" and c.pk not in attending
            ]
            if absent_yet_here or here_yet_absent:
                problems = []
                if absent_yet_here:
                    problems.append(
                        _("recorded absent but present by the attendance: %(names)s")
                        % {"names": _names(absent_yet_here)}
                    )
                if here_yet_absent:
                    problems.append(
                        _("voting but not present by the attendance: %(names)s")
                        % {"names": _names(here_yet_absent)}
                    )
                raise Invalid(
                    _("The roll call does not agree with the attendance: %(problems)s.")
                    % {"problems": "; ".join(problems)},
                    field="roll_call",
                )
        present, not_voting = counted.present, counted.not_voting
        votes_for, votes_against, abstentions = (
            counted.votes_for,
            counted.against,
            counted.abstentions,
        )
    else:
        if None in (votes_for, votes_against, abstentions):
            raise Invalid(_("Give the roll call, or the votes for, against and abstentions."))
        if attending is not None:
            if present is None:
                present = len(attending)
            elif present != len(attending):
                raise Invalid(
                    _("The attendance has %(attending)s councillors present at this time, not "
                      "%(present)s.") % {"attending": len(attending), "present": present},
                    field="present",
                )  # fmt: skip
        if present is None:
            raise Invalid(_("Give the number present, or record the attendance first."))
    vote = Vote(
        in_office=len(in_office),
        present=present,
        votes_for=votes_for,
        against=votes_against,
        abstentions=abstentions,
        majority=entry.majority,
        not_voting=not_voting or 0,
    )
    return vote, calls


# What the log calls the rows a service changes besides the record's own fields.
LOG_LABELS = (gettext_noop("roll call"), gettext_noop("attendance"))


def named_ids(ids) -> dict[str, str]:
    """{"12": "Ana Pop (#12)"}: councillors as the log names them, readable and exact."""
    found = Councillor.objects.filter(pk__in=[int(pk) for pk in ids]).values_list("pk", "name")
    return {str(pk): f"{name} (#{pk})" for pk, name in found}


def _store_roll_call(entry: AgendaEntry, calls: dict[int, str]) -> dict[str, str]:
    """Replace the entry's roll call; what it was, as {councillor id: vote}, for the log."""
    before = {str(pk): vote for pk, vote in entry.roll_call.values_list("councillor_id", "vote")}
    entry.roll_call.all().delete()
    RollCallVote.objects.bulk_create(
        RollCallVote(entry=entry, councillor_id=pk, vote=vote) for pk, vote in calls.items()
    )
    return before


def _log_entry(
    *, entry: AgendaEntry, action: str, user: Any, before: dict, roll_before: dict[str, str],
    calls: dict[int, str], at: dt.datetime, comment: str = "",
) -> None:  # fmt: skip
    """One log row for the entry's figures and its roll call, before and after."""
    changes = changes_between(before, snapshot(entry))
    after = {str(pk): vote for pk, vote in sorted(calls.items())}
    if after != roll_before:
        names = named_ids({*after, *roll_before})
        changes["roll_call"] = [
            {names[pk]: vote for pk, vote in sorted(roll_before.items())} or None,
            {names[pk]: vote for pk, vote in sorted(after.items())} or None,
        ]
    if changes:
        log_write(
            obj=entry, transition=action, source="", target="", actor=user, comment=comment,
            at=at, changes=changes,
        )  # fmt: skip


def agenda_entry_vote(
    *,
    entry_id: int,
    user: Any,
    present: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    not_voting: int = 0,
    ballot: str = Ballot.OPEN,
    roll_call: Mapping[int, str] | None = None,
    at: dt.datetime | None = None,
) -> AgendaEntry:
    """Record the vote on an agenda entry; the outcome follows from the legal majority over the
    councillors in office on the sitting's day. In an open vote, `roll_call` says how each of them
    voted ({councillor id: for|against|abstention|absent|not_voting}) and the totals follow from
    it; a secret ballot records the totals only. An adopted draft becomes a decision with the next
    number of the year."""
    require_secretariat(user)
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        entry = _entry_for_vote(entry_id, at)
        before = snapshot(entry)
        sitting = entry.sitting
        sitting_day = local_day(sitting.starts_at)
        vote, calls = _counted_vote(
            entry=entry, sitting=sitting, at=at, ballot=ballot, roll_call=roll_call,
            present=present, votes_for=votes_for, votes_against=votes_against,
            abstentions=abstentions, not_voting=not_voting,
        )  # fmt: skip
        try:
            adopted = is_adopted(vote)
        except VoteError as error:
            raise Invalid(str(error)) from error
        entry.present, entry.votes_for = vote.present, vote.votes_for
        entry.votes_against, entry.abstentions = vote.against, vote.abstentions
        entry.not_voting, entry.ballot, entry.voted_at = vote.not_voting, ballot, at
        entry.outcome = Outcome.ADOPTED if adopted else Outcome.REJECTED
        entry.save()
        roll_before = _store_roll_call(entry, calls)
        _log_entry(
            entry=entry, action="vote", user=user, before=before, roll_before=roll_before,
            calls=calls, at=at,
        )  # fmt: skip
        comment = _("%(votes)s; %(present)s present.") % {
            "votes": votes_text(vote.votes_for, vote.against, vote.abstentions),
            "present": vote.present,
        }
        transition_fire(
            model=DraftDecision,
            pk=entry.draft_id,
            name="adopt" if adopted else "reject",
            user=user,
            comment=comment,
            at=at,
            entry=entry,
        )
        if adopted:
            draft = entry.draft
            decision = Decision.objects.create(
                year=sitting_day.year,
                number=next_number("decision", sitting_day.year),
                title=decision_title(draft.title),
                adopted_on=sitting_day,
                sitting=sitting,
                draft=draft,
                item=draft.item,
                votes_for=vote.votes_for,
                votes_against=vote.against,
                abstentions=vote.abstentions,
            )
            record_change(obj=decision, action="adopt", actor=user, before=None, at=at)
    return AgendaEntry.objects.select_related("draft", "sitting").get(pk=entry.pk)


def agenda_entry_vote_correct(
    *,
    entry_id: int,
    user: Any,
    reason: str,
    present: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    not_voting: int = 0,
    roll_call: Mapping[int, str] | None = None,
    at: dt.datetime | None = None,
) -> AgendaEntry:
    """Correct a vote recorded wrongly (a typing slip, a councillor's vote entered in the wrong
    column), with the reason, as its own logged change. The outcome cannot change by a
    correction: an adopted draft has its decision numbered in the register, and the council's
    vote is not reversed in an office."""
    require_secretariat(user)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("A comment is required: say why."), field="reason")
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        entry = lock_for_update(AgendaEntry, entry_id)
        sitting = Sitting.objects.get(pk=entry.sitting_id)
        if entry.outcome not in (Outcome.ADOPTED, Outcome.REJECTED):
            raise Conflict(_("Only a recorded vote is corrected."))
        vote, calls = _counted_vote(
            entry=entry, sitting=sitting, at=entry.voted_at or at, ballot=entry.ballot,
            roll_call=roll_call, present=present, votes_for=votes_for,
            votes_against=votes_against, abstentions=abstentions, not_voting=not_voting,
        )  # fmt: skip
        try:
            adopted = is_adopted(vote)
        except VoteError as error:
            raise Invalid(str(error)) from error
        if adopted != (entry.outcome == Outcome.ADOPTED):
            raise Conflict(
                _(
                    "With these figures the draft would be %(outcome)s: a correction cannot "
                    "change the outcome the council voted."
                )
                % {"outcome": Outcome.ADOPTED.label if adopted else Outcome.REJECTED.label}
            )
        before = snapshot(entry)
        entry.present, entry.votes_for = vote.present, vote.votes_for
        entry.votes_against, entry.abstentions = vote.against, vote.abstentions
        entry.not_voting = vote.not_voting
        entry.save()
        roll_before = _store_roll_call(entry, calls)
        _log_entry(
            entry=entry, action="correct_vote", user=user, before=before,
            roll_before=roll_before, calls=calls, at=at, comment=reason,
        )  # fmt: skip
        decision = Decision.objects.filter(draft_id=entry.draft_id).first()
        if decision is not None:
            before = snapshot(decision)
            decision.votes_for, decision.votes_against = vote.votes_for, vote.against
            decision.abstentions = vote.abstentions
            decision.save()
            record_change(
                obj=decision, action="correct_vote", actor=user, before=before, comment=reason,
                at=at,
            )  # fmt: skip
    return entry


def sitting_attendance_record(
    *,
    sitting_id: int,
    user: Any,
    present: Iterable[int],
    arrived: Mapping[int, dt.datetime] | None = None,
    left: Mapping[int, dt.datetime] | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Sitting:
    """Record who attended the sitting: every councillor in office on its day, present or absent,
    and when someone arrived late or left early. Recorded once the sitting has started; a change
    after the first votes must agree with them, and is logged with its reason."""
    require_secretariat(user)
    at = at or clock.now()
    arrived, left = dict(arrived or {}), dict(left or {})
    with transaction.atomic(), audit.writing():
        sitting = Sitting.objects.select_for_update().get(pk=sitting_id)
        if sitting.status not in (SittingStatus.CONVENED, SittingStatus.HELD,
                                  SittingStatus.MINUTES_PUBLISHED):  # fmt: skip
            raise Conflict(
                _("Attendance is recorded at a sitting that was convened and held."),
                current_state=sitting.status,
            )
        if sitting.starts_at > at:
            raise Conflict(_("The sitting has not started yet."))
        existing = {a.councillor_id: a for a in sitting.attendance.all()}
        voted = sitting.entries.exclude(voted_at__isnull=True).exists()
        if existing and not (reason or "").strip():
            raise Invalid(_("The attendance is recorded: say why it changes."), field="reason")
        day = local_day(sitting.starts_at)
        in_office = {c.pk: c for c in Councillor.objects.in_office(day)}
        try:
            here = {int(pk) for pk in present}
        except (TypeError, ValueError) as error:
            raise Invalid(_("Name each councillor by their id."), field="present") from error
        strangers = (here | set(arrived) | set(left)) - set(in_office)
        if strangers:
            raise Invalid(
                _("Not in office on %(day)s: %(ids)s.")
                % {
                    "day": f"{day:%d.%m.%Y}",
                    "ids": ", ".join(f"#{pk}" for pk in sorted(strangers)),
                },
                field="present",
            )
        for pk in set(arrived) | set(left):
            if pk not in here:
                raise Invalid(
                    _("%(name)s is absent: an absent councillor has no arrival or departure time.")
                    % {"name": in_office[pk].name},
                    field="present",
                )
            if pk in arrived and pk in left and left[pk] <= arrived[pk]:
                raise Invalid(
                    _("%(name)s leaves before arriving.") % {"name": in_office[pk].name},
                    field="present",
                )
        rows = [
            Attendance(
                sitting=sitting,
                councillor_id=pk,
                present=pk in here,
                arrived_at=arrived.get(pk),
                left_at=left.get(pk),
            )
            for pk in in_office
        ]
        if voted:
            _attendance_agrees_with_votes(sitting, rows)
        names = {pk: f"{c.name} (#{pk})" for pk, c in in_office.items()}
        before = {
            names.get(pk, f"#{pk}"): _attendance_text(a) for pk, a in sorted(existing.items())
        }
        after = {
            names[a.councillor_id]: _attendance_text(a)
            for a in sorted(rows, key=lambda a: a.councillor_id)
        }
        sitting.attendance.all().delete()
        Attendance.objects.bulk_create(rows)
        Sitting.objects.filter(pk=sitting.pk).update(updated_at=clock.now())
        if before != after:
            log_write(
                obj=sitting, transition="attendance", source=sitting.status,
                target=sitting.status, actor=user, comment=(reason or "").strip(), at=at,
                changes={"attendance": [before or None, after]},
            )  # fmt: skip
    return sitting


def _attendance_text(row: Attendance) -> str:
    if not row.present:
        return "absent"
    parts = ["present"]
    if row.arrived_at:
        parts.append(f"arrived {timezone.localtime(row.arrived_at):%H:%M}")
    if row.left_at:
        parts.append(f"left {timezone.localtime(row.left_at):%H:%M}")
    return ", ".join(parts)


def _attendance_agrees_with_votes(sitting: Sitting, rows: list[Attendance]) -> None:
    """A changed attendance may not contradict the roll calls and totals recorded already."""
    by_id = {row.councillor_id: row for row in rows}
    for entry in sitting.entries.exclude(voted_at__isnull=True).prefetch_related(
        "roll_call__councillor"
    ):
        here = {pk for pk, row in by_id.items() if row.present_at(entry.voted_at)}
        calls = list(entry.roll_call.all())
        wrong = [c.councillor for c in calls if (c.vote == "absent") == (c.councillor_id in here)]
        if wrong:
            raise Conflict(
                _("Entry %(position)s was voted by roll call and disagrees with this attendance "
                  "for %(names)s: correct the vote first.")
                % {"position": entry.position, "names": _names(wrong)}
            )  # fmt: skip
        if not calls and entry.present != len(here):
            raise Conflict(
                _("Entry %(position)s was voted with %(present)s present; this attendance has "
                  "%(here)s at that time: correct the vote first.")
                % {"position": entry.position, "present": entry.present, "here": len(here)}
            )  # fmt: skip


def decision_title(draft_title: str) -> str:
    """ "Proiect de hotărâre privind X" is adopted as "Hotărâre privind X"; a report or an
    information is adopted as the decision approving it."""
    prefix = "Proiect de hotărâre"
    if draft_title.startswith(prefix):
        return "Hotărâre" + draft_title[len(prefix) :]
    return f"Hotărâre privind aprobarea documentului „{draft_title}”"


def agenda_entry_take_note(
    *, entry_id: int, user: Any, at: dt.datetime | None = None
) -> AgendaEntry:
    """A report or an information on the agenda: the council takes note of it (no vote, no
    decision)."""
    require_secretariat(user)
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        entry = _entry_for_vote(entry_id, at)
        before = snapshot(entry)
        entry.outcome = Outcome.NOTED
        entry.save()
        record_change(obj=entry, action="take_note", actor=user, before=before, at=at)
        transition_fire(
            model=DraftDecision, pk=entry.draft_id, name="take_note", user=user, at=at,
            entry=entry,
        )  # fmt: skip
    return AgendaEntry.objects.select_related("draft", "sitting").get(pk=entry.pk)


def agenda_entry_close_without_vote(
    *, entry_id: int, user: Any, outcome: str, comment: str, at: dt.datetime | None = None
) -> AgendaEntry:
    """Postpone an entry to a later sitting, or record that its initiator withdrew it."""
    require_secretariat(user)
    if outcome not in (Outcome.POSTPONED, Outcome.WITHDRAWN):
        raise Invalid(_("Without a vote an entry is only postponed or withdrawn."))
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        entry = _entry_for_vote(entry_id, at)
        before = snapshot(entry)
        entry.outcome = outcome
        entry.save()
        record_change(obj=entry, action=outcome, actor=user, before=before, comment=comment, at=at)
        name = "postpone" if outcome == Outcome.POSTPONED else "withdraw"
        transition_fire(
            model=DraftDecision,
            pk=entry.draft_id,
            name=name,
            user=user,
            comment=comment,
            at=at,
            entry=entry,
        )
    return AgendaEntry.objects.select_related("draft", "sitting").get(pk=entry.pk)


DECISION_DATES = (
    "signed_on",
    "countersigned_on",
    "communicated_on",
    "published_on",
    "notified_on",
    "in_force_on",
)


def decision_record(
    *, decision_id: int, user: Any, at: dt.datetime | None = None, **changes: Any
) -> Decision:
    """Record what happens to a decision after adoption: signature, countersignature or the
    secretar general's objection, communication, publication or notification, entry into force.
    What is recorded stays: the register is not rewritten."""
    require_secretariat(user)
    unknown = set(changes) - {*DECISION_DATES, "secretary_objection"}
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic(), audit.writing():
        decision = lock_for_update(Decision, decision_id)
        before = snapshot(decision)
        for name, value in changes.items():
            if value in (None, ""):
                continue
            if getattr(decision, name):
                raise Conflict(
                    _("“%(field)s” is already recorded; the register is not rewritten.")
                    % {"field": field_label(name)}
                )
            setattr(decision, name, value.strip() if isinstance(value, str) else value)
        problems = decision_problems(decision)
        if problems:
            raise Invalid(_("These dates do not fit together."), problems=problems)
        decision.full_clean(exclude=["status"])
        decision.save()
        record_change(obj=decision, action="record", actor=user, before=before, at=at)
        if changes.get("signed_on") and not before.get("signed_on"):
            # Signed, its documents are public from now on.
            decision.documents.update(updated_at=clock.now())
        if decision.status == DecisionStatus.ADOPTED and (
            decision.published_on or decision.notified_on
        ):
            # Published or notified, it is in force (art. 199): its own event in its history.
            transition_fire(
                model=Decision, pk=decision.pk, name="enter_into_force", user=user, at=at,
                # The record's words stay the same whatever the language of whoever acts.
                comment=f"{(decision.published_on or decision.notified_on):%d.%m.%Y}",
            )  # fmt: skip
            decision.refresh_from_db()
    return decision


DECISION_LINKS = ("amends", "repeals")


def decision_link(
    *, decision_id: int, target_id: int, relation: str, user: Any, at: dt.datetime | None = None
) -> Decision:
    """Record that a later decision amends or repeals an earlier one; a repealed decision is
    repealed from then on (its own event, naming the repealing decision)."""
    require_secretariat(user)
    if relation not in DECISION_LINKS:
        raise Invalid(_("A decision amends or repeals another."), field="relation")
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        decision = lock_for_update(Decision, decision_id)
        target = Decision.objects.filter(pk=target_id).first()
        if target is None:
            raise Invalid(_("There is no such decision in the register."), field="target")
        if target.pk == decision.pk:
            raise Invalid(_("A decision does not amend or repeal itself."), field="target")
        if (target.adopted_on, target.number) >= (decision.adopted_on, decision.number):
            raise Conflict(
                _("HCL %(target)s is not earlier than HCL %(decision)s: only a later decision "
                  "amends or repeals an earlier one.")
                % {"target": target.reference, "decision": decision.reference}
            )  # fmt: skip
        if target.status in (DecisionStatus.ANNULLED, DecisionStatus.REPEALED):
            raise Conflict(
                _("HCL %(target)s is %(status)s: it can no longer be amended or repealed.")
                % {"target": target.reference, "status": target.get_status_display()},
                current_state=target.status,
            )
        links = getattr(decision, relation)
        if links.filter(pk=target.pk).exists():
            raise Conflict(_("This link is already recorded."))
        before = snapshot(decision)
        links.add(target)
        Decision.objects.filter(pk=decision.pk).update(updated_at=clock.now())
        record_change(obj=decision, action=relation, actor=user, before=before, at=at)
        if relation == "repeals":
            transition_fire(
                model=Decision, pk=target.pk, name="repeal", user=user, at=at,
                comment=f"HCL {decision.reference}",
            )  # fmt: skip
        else:
            Decision.objects.filter(pk=target.pk).update(updated_at=clock.now())
    return decision


def field_label(name: str) -> str:
    label = str(Decision._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def decision_problems(decision: Decision) -> list[str]:
    problems = []
    for name in DECISION_DATES:
        value = getattr(decision, name)
        if value and value < decision.adopted_on:
            problems.append(
                _("“%(field)s”: %(date)s is before the adoption, %(adopted)s.")
                % {
                    "field": field_label(name),
                    "date": value.strftime("%d.%m.%Y"),
                    "adopted": decision.adopted_on.strftime("%d.%m.%Y"),
                }
            )
        elif value and value > clock.today() and name != "in_force_on":
            problems.append(
                _("“%(field)s”: %(date)s is in the future.")
                % {"field": field_label(name), "date": value.strftime("%d.%m.%Y")}
            )
    made_public = decision.published_on or decision.notified_on
    if decision.in_force_on and made_public and decision.in_force_on < made_public:
        problems.append(
            _("A decision enters into force on its publication or notification, not before.")
        )
    if decision.countersigned_on and decision.secretary_objection:
        problems.append(_("A decision is countersigned or objected to, not both."))
    if decision.communicated_on and not (decision.countersigned_on or decision.secretary_objection):
        problems.append(
            _("Record the countersignature (or the objection) before the communication.")
        )
    if decision.published_on and not decision.is_normative:
        problems.append(_("An individual decision is notified, not published in the MOL."))
    if decision.notified_on and decision.is_normative:
        problems.append(_("A normative decision is published in the MOL, not notified."))
    if (decision.published_on or decision.notified_on) and not decision.communicated_on:
        problems.append(_("Record the communication to the prefect first."))
    if (
        decision.communicated_on
        and decision.published_on
        and decision.published_on < decision.communicated_on
    ):
        problems.append(_("Publication comes after communication."))
    return problems


# The council approves the annual program (and each amendment) by a decision of its register ---


def approving_decision_problems(program: AnnualProgram, decision: Any) -> list[str]:
    """Why a decision of the register cannot approve this program (empty if it can): it must be
    adopted from a draft that approves or amends this program, and approve nothing else."""
    problems = []
    if decision.draft.program_id != program.pk:
        problems.append(
            _(
                "HCL %(decision)s was not adopted from a draft approving or amending the program "
                "of %(year)s."
            )
            % {"decision": decision.reference, "year": program.year}
        )
    used = ProgramVersion.objects.filter(decision=decision).select_related("program").first()
    if used is not None:
        problems.append(
            _("HCL %(decision)s already approved version %(number)s of the program of %(year)s.")
            % {"decision": decision.reference, "number": used.number, "year": used.program.year}
        )
    return problems


def decision_before_register_problems(number: int, day: dt.date) -> list[str]:
    """Why a decision cited by number and date cannot be one older than the register: the
    register holds every decision since its first one, and a register number is never cited
    from outside it."""
    problems = []
    if Decision.objects.filter(year=day.year, number=number).exists():
        problems.append(
            _("HCL %(number)s/%(year)s is in the council's register: choose it from there.")
            % {"number": number, "year": day.year}
        )
    first = Decision.objects.order_by("adopted_on").values_list("adopted_on", flat=True).first()
    if first is not None and day >= first:
        problems.append(
            _(
                "The council's register holds every decision since %(date)s: a decision of "
                "%(day)s is chosen from the register."
            )
            % {"date": first.strftime("%d.%m.%Y"), "day": day.strftime("%d.%m.%Y")}
        )
    if ProgramVersion.objects.filter(
        decision__isnull=True, decision_number=number, decision_date__year=day.year
    ).exists():
        problems.append(
            _("HCL %(number)s/%(year)s already approved a program.")
            % {"number": number, "year": day.year}
        )
    return problems


def program_approve(
    *,
    year: int,
    user: Any,
    decision: Any = None,
    decision_number: int | None = None,
    decision_date: dt.date | None = None,
    at: dt.datetime | None = None,
) -> ProgramVersion:
    """Record the council decision approving the program (or an amendment to it) and approve
    every item the council was asked to approve.

    `decision` is the decision of the council's register adopted from the draft that approves or
    amends this program. Only for history older than the register is it cited by its number and
    date instead, and then it is marked as such wherever it is shown."""
    if not roles.is_secretariat(user):
        raise NotAllowed(_("Only the secretariat records the council's approval."))
    if decision is None and (decision_number is None or decision_number < 1):
        raise Invalid(_("Choose the approving decision from the council's register."))
    if decision is not None:
        decision_number, decision_date = decision.number, decision.adopted_on
    if decision_date is None or decision_date > clock.today():
        raise Invalid(_("Give the date of the approving decision (not in the future)."))
    at = at or clock.now()
    with transaction.atomic(), audit.writing():
        program = AnnualProgram.objects.select_for_update().filter(year=year).first()
        if program is None:
            raise AnnualProgram.DoesNotExist
        version = program.open_version()
        if version is None:
            problems = (
                approving_decision_problems(program, decision)
                if decision is not None
                else decision_before_register_problems(decision_number, decision_date)
            )
            if problems:
                raise Invalid(_("This decision cannot approve the program."), problems=problems)
        item_ids = list(
            program.items.filter(status=ItemStatus.SUBMITTED_TO_COUNCIL).values_list(
                "pk", flat=True
            )
        )
        change_ids = list(
            ItemChange.objects.filter(
                item__program=program, status=ChangeStatus.PROPOSED
            ).values_list("pk", flat=True)
        )
        if not item_ids and not change_ids:
            raise Conflict(
                _("No item of this program, and no change to one, is before the council.")
            )
        if version is not None:
            # The same decision approves the items put before the council since it was recorded.
            same = (
                version.decision_id == decision.pk
                if decision is not None
                else version.decision_id is None
                and (version.decision_number, version.decision_date)
                == (decision_number, decision_date)
            )
            if not same:
                raise Conflict(
                    _(
                        "Version %(number)s, approved by HCL %(decision)s, is not published "
                        "yet: publish it before recording another decision."
                    )
                    % {"number": version.number, "decision": version.decision_reference}
                )
        else:
            before = snapshot(program)
            program.version += 1
            version = ProgramVersion.objects.create(
                program=program,
                number=program.version,
                decision=decision,
                decision_number=decision_number,
                decision_date=decision_date,
                approved_by=user,
                approved_at=at,
            )
            if program.status == ProgramStatus.DRAFTING:
                program.status = ProgramStatus.APPROVED
            program.save()
            record_change(obj=version, action="approve", actor=user, before=None, at=at)
            record_change(obj=program, action="approve", actor=user, before=before, at=at)
        comment = _("Approved by HCL %(decision)s.") % {"decision": version.decision_reference}
        for pk in item_ids:
            transition_fire(
                model=ProgramItem, pk=pk, name="approve", user=user, comment=comment, at=at
            )
        for change in ItemChange.objects.select_for_update().filter(pk__in=change_ids):
            before = snapshot(change)
            change.status = ChangeStatus.APPROVED
            change.version = version
            change.save(update_fields=["status", "version"])
            record_change(
                obj=change, action="approve", actor=user, before=before, comment=comment, at=at
            )
    return version
