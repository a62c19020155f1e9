"""Citizens take part in the consultation of normative drafts (Legea 52/2003): written
recommendations sent online (they count once the e-mail address is confirmed) or registered by
the secretariat from paper or e-mail; their answers, published with them (art. 12); requests for
a public debate by associations and authorities (art. 7(9)).

What a private person gives (name, e-mail) is never public and never in the log."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from council.models import (
    AnswerKind,
    Channel,
    DebateRequest,
    DraftDecision,
    DraftStatus,
    Recommendation,
)
from council.net import site_url
from council.services import next_number, require_secretariat
from workflows import audit, clock
from workflows.errors import Conflict, Invalid, WorkflowError
from workflows.services import lock_for_update, record_change, snapshot

logger = logging.getLogger(__name__)

TEXT_MIN, TEXT_MAX = 20, 10_000
NAME_MAX, ORGANISATION_MAX = 200, 300
# A form sent sooner than this after it was shown was not filled in by a person.
FASTEST_HUMAN = dt.timedelta(seconds=3)
# How many recommendations one address (network or e-mail) may send in an hour.
HOURLY_LIMIT = 5


class TooMany(WorkflowError):
    status_code = 429


def is_open(draft: DraftDecision, moment: dt.datetime | None = None) -> bool:
    """Recommendations are accepted: the consultation is open and its last day not over."""
    day = timezone.localtime(moment or clock.now()).date()
    return (
        draft.legal_character == "normative"
        and draft.status == DraftStatus.IN_CONSULTATION
        and draft.recommendations_until is not None
        and draft.consultation_announced_on is not None
        and draft.consultation_announced_on <= day <= draft.recommendations_until
    )


def closed_message(draft: DraftDecision) -> str:
    if draft.recommendations_until and draft.status == DraftStatus.IN_CONSULTATION:
        return _(
            "The consultation on this draft is closed: recommendations were accepted until "
            "%(date)s."
        ) % {"date": draft.recommendations_until.strftime("%d.%m.%Y")}
    return _("This draft is not in public consultation: recommendations are not accepted.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def throttle(*keys: str, limit: int = HOURLY_LIMIT) -> None:
    """Count one more request for each key (a network address, an e-mail) in the current hour,
    and refuse with 429 beyond `limit` for any of them."""
    hour = clock.now().strftime("%Y%m%d%H")
    for key in keys:
        name = f"throttle:{hour}:{hashlib.sha256(key.lower().encode()).hexdigest()[:32]}"
        cache.add(name, 0, timeout=3600)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=3600)
            count = 1
        if count > limit:
            raise TooMany(_("Too many recommendations from this address: try again in an hour."))


def _check_person(*, text: str, name: str, email: str, organisation: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if len(text) < TEXT_MIN:
        problems["text"] = _("Write the recommendation: at least %(n)s characters.") % {
            "n": TEXT_MIN
        }
    elif len(text) > TEXT_MAX:
        problems["text"] = _("The recommendation is too long: at most %(n)s characters.") % {
            "n": TEXT_MAX
        }
    if not name:
        problems["name"] = _("Give your name.")
    elif len(name) > NAME_MAX:
        problems["name"] = _("The name is too long.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = _("This e-mail address is not valid.")
    if len(organisation) > ORGANISATION_MAX:
        problems["organisation"] = _("The organisation's name is too long.")
    return problems


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        raise Invalid(" ".join(problems.values()), field=next(iter(problems)), fields=problems)


def recommendation_send(
    *,
    draft_id: int,
    text: str,
    name: str,
    email: str,
    organisation: str = "",
    consent: bool,
    language: str = "",
    at: dt.datetime | None = None,
) -> tuple[Recommendation, str]:
    """Take a recommendation sent online, not yet counted: it counts once its address is
    confirmed (`recommendation_confirm`). Returns it and the confirmation token, which only the
    e-mail carries."""
    at = at or clock.now()
    text, name = (text or "").strip(), (name or "").strip()
    email, organisation = (email or "").strip(), (organisation or "").strip()
    problems = _check_person(text=text, name=name, email=email, organisation=organisation)
    if not email:
        problems["email"] = _(
            "Give your e-mail address: the recommendation counts once you confirm it."
        )
    if consent is not True:
        problems["consent"] = _(
            "Agree to the processing of your personal data: without it the recommendation "
            "cannot be registered."
        )
    _refuse(problems)
    with transaction.atomic(), audit.writing():
        draft = lock_for_update(DraftDecision, draft_id)
        if not is_open(draft, at):
            raise Conflict(closed_message(draft), current_state=draft.status)
        token = secrets.token_urlsafe(32)
        number = next_number("recommendation", at.year)
        recommendation = Recommendation.objects.create(
            draft=draft,
            reference=f"R{number}/{timezone.localtime(at):%Y}",
            text=text,
            name=name,
            email=email,
            organisation=organisation,
            channel=Channel.ONLINE,
            submitted_at=at,
            token_hash=_hash(token),
        )
        record_change(obj=recommendation, action="send", actor=None, before=None, at=at)
        # The e-mail goes from the task worker once the recommendation is stored.
        transaction.on_commit(
            lambda: send_recommendation_confirmation.enqueue(recommendation.pk, token, language)
        )
    return recommendation, token


def recommendation_confirm(*, token: str, at: dt.datetime | None = None) -> Recommendation:
    """Confirm the address a recommendation was sent from: from now on it counts, and the
    moment of the confirmation is the one the consultation's deadline checks."""
    at = at or clock.now()
    found = Recommendation.objects.filter(token_hash=_hash(token or "")).first()
    if found is None:
        raise Invalid(_("This confirmation link is not valid."))
    with transaction.atomic(), audit.writing():
        recommendation = lock_for_update(Recommendation, found.pk)
        if recommendation.received_at is not None:
            return recommendation
        draft = recommendation.draft
        if not is_open(draft, at):
            raise Conflict(
                _(
                    "The confirmation came after the consultation closed (recommendations were "
                    "accepted until %(date)s): the recommendation does not count."
                )
                % {"date": f"{draft.recommendations_until:%d.%m.%Y}"}
            )
        before = snapshot(recommendation)
        recommendation.received_at = at
        recommendation.save(update_fields=["received_at"])
        record_change(obj=recommendation, action="confirm", actor=None, before=before, at=at)
        _count(draft)
    return recommendation


def _count(draft: DraftDecision) -> None:
    """The consultation's count of recommendations follows the register."""
    DraftDecision.objects.filter(pk=draft.pk).update(
        recommendations_count=draft.recommendations.filter(received_at__isnull=False).count(),
        updated_at=clock.now(),
    )


def recommendation_register(
    *,
    draft_id: int,
    user: Any,
    text: str,
    name: str,
    received_on: dt.date,
    channel: str = Channel.PAPER,
    email: str = "",
    organisation: str = "",
) -> Recommendation:
    """Register a recommendation that came on paper or by e-mail, on the day it arrived."""
    require_secretariat(user)
    text, name = (text or "").strip(), (name or "").strip()
    email, organisation = (email or "").strip(), (organisation or "").strip()
    problems = _check_person(text=text, name=name, email=email, organisation=organisation)
    if channel not in (Channel.PAPER, Channel.EMAIL):
        problems["channel"] = _("A registered recommendation came on paper or by e-mail.")
    if received_on is None or received_on > clock.today():
        problems["received_on"] = _("Give the day it arrived (not in the future).")
    _refuse(problems)
    with transaction.atomic(), audit.writing():
        draft = lock_for_update(DraftDecision, draft_id)
        arrived = timezone.make_aware(dt.datetime.combine(received_on, dt.time(12)))
        if not is_open(draft, arrived):
            raise Conflict(
                _(
                    "It arrived outside the consultation (%(start)s to %(end)s): it cannot be "
                    "registered as a recommendation on this draft."
                )
                % {
                    "start": f"{draft.consultation_announced_on:%d.%m.%Y}"
                    if draft.consultation_announced_on
                    else "—",
                    "end": f"{draft.recommendations_until:%d.%m.%Y}"
                    if draft.recommendations_until
                    else "—",
                }
            )
        number = next_number("recommendation", received_on.year)
        recommendation = Recommendation.objects.create(
            draft=draft,
            reference=f"R{number}/{received_on:%Y}",
            text=text,
            name=name,
            email=email,
            organisation=organisation,
            channel=channel,
            submitted_at=arrived,
            received_at=arrived,
            registered_by=user,
        )
        record_change(obj=recommendation, action="register", actor=user, before=None)
        _count(draft)
    return recommendation


def recommendation_answer(
    *,
    recommendation_id: int,
    user: Any,
    answer_kind: str,
    answer: str,
    publish: bool = True,
    answered_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Recommendation:
    """Answer a recommendation with the written reason (Legea 52/2003, art. 12) and, unless
    told otherwise, publish it with its answer."""
    require_secretariat(user)
    answer = (answer or "").strip()
    if answer_kind not in AnswerKind.values:
        raise Invalid(_("Say whether it is accepted, partly accepted or rejected."),
                      field="answer_kind")  # fmt: skip
    if not answer:
        raise Invalid(
            _("Write the answer and its reason: it is published with the recommendation."),
            field="answer",
        )
    with transaction.atomic(), audit.writing():
        recommendation = lock_for_update(Recommendation, recommendation_id)
        if recommendation.received_at is None:
            raise Conflict(
                _("This recommendation is not confirmed by its author: it does not count.")
            )
        if recommendation.published_at is not None:
            raise Conflict(_("This answer is published already."))
        before = snapshot(recommendation)
        recommendation.answer_kind, recommendation.answer = answer_kind, answer
        at = at or clock.now()
        recommendation.answered_on = answered_on or timezone.localtime(at).date()
        if recommendation.answered_on < timezone.localtime(recommendation.received_at).date():
            raise Invalid(_("The answer cannot come before the recommendation."))
        if publish:
            recommendation.published_at = at
        recommendation.save()
        record_change(obj=recommendation, action="answer", actor=user, before=before, at=at)
        DraftDecision.objects.filter(pk=recommendation.draft_id).update(updated_at=clock.now())
    return recommendation


def debate_request(
    *, draft_id: int, organisation: str, email: str, reason: str, at: dt.datetime | None = None
) -> DebateRequest:
    """An association or a public authority asks for a public debate while the consultation is
    open; the debate is then held before the draft goes for opinions."""
    at = at or clock.now()
    organisation, email, reason = (
        (organisation or "").strip(),
        (email or "").strip(),
        (reason or "").strip(),
    )
    problems: dict[str, str] = {}
    if not organisation:
        problems["organisation"] = _("Name the association or the authority that asks for it.")
    elif len(organisation) > ORGANISATION_MAX:
        problems["organisation"] = _("The organisation's name is too long.")
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = _("This e-mail address is not valid.")
    if len(reason) < TEXT_MIN:
        problems["reason"] = _("Say why a debate is needed: at least %(n)s characters.") % {
            "n": TEXT_MIN
        }
    elif len(reason) > TEXT_MAX:
        problems["reason"] = _("The reason is too long: at most %(n)s characters.") % {
            "n": TEXT_MAX
        }
    _refuse(problems)
    with transaction.atomic(), audit.writing():
        draft = lock_for_update(DraftDecision, draft_id)
        if not is_open(draft, at):
            raise Conflict(closed_message(draft), current_state=draft.status)
        request = DebateRequest.objects.create(
            draft=draft, organisation=organisation, email=email, reason=reason, requested_at=at
        )
        record_change(obj=request, action="request_debate", actor=None, before=None, at=at)
        if not draft.debate_requested:
            before = snapshot(draft)
            draft.debate_requested = True
            draft.save()
            record_change(obj=draft, action="debate_requested", actor=None, before=before, at=at)
    return request


def confirmation_link(token: str) -> str:
    return site_url(reverse("consultation-confirm", args=[token]))


@task()
def send_recommendation_confirmation(recommendation_id: int, token: str, language: str) -> str:
    """The e-mail with the link that confirms a recommendation's address (it counts from then)."""
    recommendation = (
        Recommendation.objects.select_related("draft").filter(pk=recommendation_id).first()
    )
    if recommendation is None or not recommendation.email:
        return "nothing to send"
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Confirm your recommendation %(reference)s") % {
            "reference": recommendation.reference
        }
        body = _(
            "You sent a recommendation on the draft decision:\n%(title)s\n\n"
            "It counts once you confirm your e-mail address by opening this link before the "
            "consultation closes (%(until)s):\n%(link)s\n\n"
            "Its reference is %(reference)s. The council answers every recommendation it "
            "receives and publishes it with its answer; your name and e-mail address are not "
            "published.\n\nIf you did not send it, ignore this message: nothing is registered "
            "without the confirmation."
        ) % {
            "title": recommendation.draft.title,
            "until": f"{recommendation.draft.recommendations_until:%d.%m.%Y}",
            "link": confirmation_link(token),
            "reference": recommendation.reference,
        }
    EmailMessage(subject, body, to=[recommendation.email]).send()
    logger.info("confirmation sent for %s", recommendation.reference)
    return "sent"
