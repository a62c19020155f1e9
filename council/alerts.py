"""E-mail alerts: anyone subscribes to a department, an objective, a strategy or a word (double
opt-in) and gets a daily digest of what became public that matches: consultations opened,
sittings convened with their agendas, decisions adopted. Every message carries a one-click
unsubscribe link (also as List-Unsubscribe). Messages are sent by the task worker, never in a
web request. An address is kept only while its subscription lives."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from council.files import fold
from council.models import (
    Decision,
    DraftDecision,
    Sitting,
    Subscription,
    Topic,
)
from council.net import site_url
from council.selectors import public_consultations
from program.models import Department, Objective, Strategy
from workflows import audit, clock
from workflows.errors import Invalid
from workflows.services import log_write, record_change, snapshot

logger = logging.getLogger(__name__)

SIGNER = signing.Signer(salt="alerts")
# An unconfirmed subscription is deleted after this long (its address with it).
CONFIRM_WITHIN = dt.timedelta(days=7)
KEYWORD_MIN, KEYWORD_MAX = 3, 60


def topic_label(topic: str, value: str) -> str:
    """What a subscription follows, for people: "Direcția Investiții", "SC-OG1 …", "„parcări”"."""
    if topic == Topic.DEPARTMENT:
        found = Department.objects.filter(slug=value).first()
        return found.name if found else value
    if topic == Topic.OBJECTIVE:
        found = Objective.objects.filter(code=value).first()
        return f"{found.code} {found.title}" if found else value
    if topic == Topic.STRATEGY:
        found = Strategy.objects.filter(slug=value).first()
        return found.title if found else value
    if topic == Topic.KEYWORD:
        return f"„{value}”"
    return str(Topic.EVERYTHING.label)


def _clean_value(topic: str, value: str) -> str:
    value = (value or "").strip()
    if topic not in Topic.values:
        raise Invalid(_("Choose what to follow."), field="topic")
    if topic == Topic.EVERYTHING:
        return ""
    if topic == Topic.KEYWORD:
        if not KEYWORD_MIN <= len(value) <= KEYWORD_MAX:
            raise Invalid(
                _("A keyword has %(min)s to %(max)s characters.")
                % {"min": KEYWORD_MIN, "max": KEYWORD_MAX},
                field="value",
            )
        return fold(value)
    exists = {
        Topic.DEPARTMENT: lambda: Department.objects.filter(slug=value).exists(),
        Topic.OBJECTIVE: lambda: Objective.objects.filter(code=value).exists(),
        Topic.STRATEGY: lambda: Strategy.objects.filter(slug=value).exists(),
    }[topic]()
    if not exists:
        raise Invalid(_("Choose one from the list."), field="value")
    return value


def subscribe(*, email: str, topic: str, value: str = "", language: str = "ro") -> Subscription:
    """Ask for alerts; the confirmation e-mail goes from the task worker. Asking again for the
    same thing sends the confirmation again (and reveals nothing about who subscribed)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(_("This e-mail address is not valid."), field="email") from None
    value = _clean_value(topic, value)
    now = clock.now()
    with transaction.atomic(), audit.writing():
        subscription, created = Subscription.objects.get_or_create(
            email=email,
            topic=topic,
            value=value,
            defaults={"language": language, "created_at": now},
        )
        if created:
            record_change(obj=subscription, action="subscribe", actor=None, before=None, at=now)
        if subscription.confirmed_at is None:
            transaction.on_commit(lambda: send_alert_confirmation.enqueue(subscription.pk))
    return subscription


def token_for(subscription: Subscription, purpose: str) -> str:
    return SIGNER.sign(f"{purpose}:{subscription.pk}:{subscription.created_at.timestamp():.0f}")


def subscription_for(token: str, purpose: str) -> Subscription | None:
    try:
        kind, pk, created = SIGNER.unsign(token).split(":")
    except (signing.BadSignature, ValueError):
        return None
    found = Subscription.objects.filter(pk=int(pk)).first() if kind == purpose else None
    if found is None or f"{found.created_at.timestamp():.0f}" != created:
        return None
    return found


def confirm(token: str) -> Subscription:
    subscription = subscription_for(token, "confirm")
    if subscription is None:
        raise Invalid(_("This link is not valid (or the subscription was cancelled)."))
    if subscription.confirmed_at is None:
        with transaction.atomic(), audit.writing():
            now = clock.now()
            before = snapshot(subscription)
            # The first digest covers what becomes public from the day of the confirmation.
            day_start = start_of(timezone.localtime(now).date())
            Subscription.objects.filter(pk=subscription.pk).update(
                confirmed_at=now, covered_until=day_start
            )
            subscription.confirmed_at, subscription.covered_until = now, day_start
            record_change(obj=subscription, action="confirm", actor=None, before=before, at=now)
    return subscription


def unsubscribe(token: str) -> bool:
    """Delete the subscription, its address with it. True if there was one."""
    subscription = subscription_for(token, "unsubscribe")
    if subscription is None:
        return False
    with transaction.atomic(), audit.writing():
        log_write(obj=subscription, transition="unsubscribe", source="", target="", actor=None,
                  changes={"confirmed_at": [str(subscription.confirmed_at), None]})  # fmt: skip
        subscription.delete()
    return True


def link(name: str, *args) -> str:
    return site_url(reverse(name, args=args))


@task()
def send_alert_confirmation(subscription_id: int) -> str:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at is not None:
        return "nothing to send"
    with translation.override(subscription.language):
        subject = _("Confirm your alerts from the Local Council of Sector 1")
        body = _(
            "You asked for e-mail alerts about: %(topic)s.\n\nConfirm by opening this link:\n"
            "%(link)s\n\nIf you did not ask for them, ignore this message: without the "
            "confirmation your address is deleted within a week."
        ) % {
            "topic": topic_label(subscription.topic, subscription.value),
            "link": link("alerts-confirm", token_for(subscription, "confirm")),
        }
    EmailMessage(subject, body, to=[subscription.email]).send()
    return "sent"


# The digest ------------------------------------------------------------------------------------


@dataclass
class Event:
    """Something that became public on a day, with what a subscription may match it on."""

    kind: str  # consultation, sitting, decision
    day: dt.date
    title: str
    url: str
    departments: set[str]
    objectives: set[str]
    strategies: set[str]
    words: str  # the folded titles


def _draft_topics(draft: DraftDecision) -> tuple[set[str], set[str], set[str]]:
    objectives = list(draft.item.objectives.all()) if draft.item_id else []
    return (
        {draft.department.slug},
        {o.code for o in objectives},
        {o.strategy.slug for o in objectives},
    )


def events_between(first: dt.date, last: dt.date) -> list[Event]:
    """What became public on the days from `first` to `last`: a handful of queries, whatever
    the number of subscribers or events."""
    events: list[Event] = []
    drafts = (
        public_consultations()
        .filter(consultation_announced_on__range=(first, last))
        .select_related("department", "item")
        .prefetch_related("item__objectives__strategy")
    )
    for draft in drafts:
        departments, objectives, strategies = _draft_topics(draft)
        events.append(Event(
            "consultation", draft.consultation_announced_on, draft.title,
            link("consultation", draft.pk), departments, objectives, strategies,
            fold(draft.title),
        ))  # fmt: skip
    sittings = (
        Sitting.objects.public()
        .filter(convened_on__range=(first, last))
        .prefetch_related(
            "entries__draft__department", "entries__draft__item__objectives__strategy"
        )
    )
    for sitting in sittings:
        drafts_on = [entry.draft for entry in sitting.entries.all()]
        topics = [_draft_topics(d) for d in drafts_on]
        events.append(Event(
            "sitting", sitting.convened_on, str(sitting), link("sitting", sitting.pk),
            set().union(*(t[0] for t in topics)), set().union(*(t[1] for t in topics)),
            set().union(*(t[2] for t in topics)), fold(" ".join(d.title for d in drafts_on)),
        ))  # fmt: skip
    decisions = (
        Decision.objects.filter(adopted_on__range=(first, last))
        .select_related("draft__department", "draft__item")
        .prefetch_related("draft__item__objectives__strategy")
    )
    for decision in decisions:
        departments, objectives, strategies = _draft_topics(decision.draft)
        events.append(Event(
            "decision", decision.adopted_on, f"HCL {decision.reference} {decision.title}",
            link("decision", decision.year, decision.number), departments, objectives,
            strategies, fold(decision.title),
        ))  # fmt: skip
    return sorted(events, key=lambda e: (e.day, e.kind, e.title))


def matches(subscription: Subscription, event: Event) -> bool:
    topic, value = subscription.topic, subscription.value
    if topic == Topic.EVERYTHING:
        return True
    if topic == Topic.DEPARTMENT:
        return value in event.departments
    if topic == Topic.OBJECTIVE:
        return value in event.objectives
    if topic == Topic.STRATEGY:
        return value in event.strategies
    return value in event.words


HEADINGS = {
    "consultation": lambda: _("Public consultations opened"),
    "sitting": lambda: _("Sittings convened (their agendas)"),
    "decision": lambda: _("Decisions adopted"),
}


def digest_message(subscription: Subscription, events: list[Event]) -> EmailMessage:
    with translation.override(subscription.language):
        unsubscribe_link = link("alerts-unsubscribe", token_for(subscription, "unsubscribe"))
        lines = [
            _("What became public about %(topic)s:")
            % {"topic": topic_label(subscription.topic, subscription.value)},
            "",
        ]
        for kind in ("consultation", "sitting", "decision"):
            chosen = [e for e in events if e.kind == kind]
            if chosen:
                lines.append(str(HEADINGS[kind]()))
                lines.extend(f"- {e.title}\n  {e.url}" for e in chosen)
                lines.append("")
        lines.append(_("Stop these alerts with one click: %(link)s") % {"link": unsubscribe_link})
        message = EmailMessage(
            _("New from the Local Council of Sector 1: %(count)s") % {"count": len(events)},
            "\n".join(lines),
            to=[subscription.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return message


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@task()
def send_alert_digests() -> str:
    """The daily digest: for each confirmed subscription, what became public and matches it,
    on the days from the one its last digest covered up to yesterday (a day is complete once
    it is over); and the unconfirmed subscriptions past their week, deleted."""
    now = clock.now()
    today = timezone.localtime(now).date()
    with transaction.atomic(), audit.writing():
        stale = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - CONFIRM_WITHIN
        )
        deleted = stale.count()
        stale.delete()
    subscriptions = list(Subscription.objects.filter(confirmed_at__isnull=False))
    firsts = {
        s.pk: timezone.localtime(s.covered_until or s.confirmed_at).date() for s in subscriptions
    }
    due = [s for s in subscriptions if firsts[s.pk] < today]
    if not due:
        return f"0 sent, {deleted} unconfirmed deleted"
    events = events_between(min(firsts[s.pk] for s in due), today - dt.timedelta(days=1))
    sent = 0
    with get_connection() as connection:
        for subscription in due:
            chosen = [e for e in events if e.day >= firsts[subscription.pk]
                      and matches(subscription, e)]  # fmt: skip
            if chosen:
                message = digest_message(subscription, chosen)
                message.connection = connection
                message.send()
                sent += 1
            # Marked covered one by one: a failure half-way sends nobody the same day twice.
            with audit.writing():
                Subscription.objects.filter(pk=subscription.pk).update(
                    covered_until=start_of(today)
                )
    logger.info("alert digests: %s sent, %s unconfirmed deleted", sent, deleted)
    return f"{sent} sent, {deleted} unconfirmed deleted"
