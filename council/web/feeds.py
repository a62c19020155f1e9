"""Subscriptions: the public calendar as iCalendar (RFC 5545) and the latest publications as Atom.

Both take the calendar's filters, so people subscribe to one department or one objective."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from council.api.planning_serializers import canonical_url
from council.documents import listed
from council.models import AgendaEntry, Decision, Document, DraftDecision, Outcome, SittingStatus
from council.selectors import public_items, public_sittings, with_execution
from council.voting import votes_text
from council.web.http import FILTERS, conditional_page
from council.web.public import PublicFilterForm, filtered_sittings
from program.models import ProgramItem, Progress
from workflows import clock
from workflows.text import xml_safe

TZ = ZoneInfo("Europe/Bucharest")
DOMAIN = "paacl.sector1.ro"
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def sequence(moment: dt.datetime) -> int:
    """RFC 5545 SEQUENCE: grows each time the event changes (minutes since 2020)."""
    return max(0, int((moment - EPOCH).total_seconds() // 60))


def absolute(request, path: str) -> str:
    """Links at the site's public address (SITE_URL), never at the Host a request names."""
    return canonical_url(path)


def filter_form_or_error(request) -> PublicFilterForm | HttpResponseBadRequest:
    form = PublicFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    return form


ICS_EVENT_SECONDS = 24 * 3600
END_OF_CALENDAR = b"END:VCALENDAR\r\n"


def item_event_key(row: dict, codes: list[str], language: str) -> str:
    """Everything an item's event shows, as a cache key: a change of any of it is a new key.
    `row`: the item's fields as EVENT_FIELDS reads them; `codes`: its objectives'."""
    shown = (
        row["pk"], row["updated_at"], row["reference"], row["title"], row["program__year"],
        row["planned_month"], row["draft_status"] or Progress.NOT_STARTED,
        row["department__name"], codes, language, settings.SITE_URL,
    )  # fmt: skip
    return "ics-item:" + hashlib.sha256(repr(shown).encode()).hexdigest()


# What an item's event shows, read as plain values: a calendar whose events are kept is
# stitched without building a model instance per item.
EVENT_FIELDS = ("pk", "updated_at", "reference", "title", "program__year", "planned_month",
                "department__name", "draft_status")  # fmt: skip


def item_event(request, item) -> bytes:
    """An item's VEVENT over its planned month, serialized. Its DTSTAMP is its last change (the
    event is kept and stitched into later calendars)."""
    event = Event()
    event.add("uid", f"item-{item.pk}@{DOMAIN}")
    event.add("dtstamp", item.updated_at)
    first = dt.date(item.program.year, item.planned_month, 1)
    event.add("dtstart", first)
    event.add("dtend", (first + dt.timedelta(days=32)).replace(day=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", xml_safe(f"{item.reference} {item.title}"))
    event.add(
        "description",
        f"{item.department.name}\n{_('Progress')}: {item.get_progress_display()}\n"
        + ", ".join(o.code for o in item.objectives.all()),
    )
    event.add("url", absolute(request, reverse("item", args=[item.pk])))
    event.add("categories", [o.code for o in item.objectives.all()] or ["PAACL"])
    event.add("last-modified", item.updated_at)
    event.add("sequence", sequence(item.updated_at))
    return event.to_ical()


# A sitting's event as kept: its DTSTAMP (the moment the calendar is made) is this placeholder,
# replaced when the calendar is stitched.
STAMP_PLACEHOLDER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def dtstamp_line(moment: dt.datetime) -> bytes:
    event = Event()
    event.add("dtstamp", moment)
    return next(line for line in event.to_ical().split(b"\r\n") if line.startswith(b"DTSTAMP"))


@functools.cache
def vtimezone() -> bytes:
    """Europe/Bucharest as a VTIMEZONE (what `add_missing_timezones` adds for the sittings'
    times), made once per process."""
    cal = Calendar()
    event = Event()
    event.add("dtstart", dt.datetime(2026, 1, 1, 10, tzinfo=TZ))
    cal.add_component(event)
    cal.add_missing_timezones()
    text = cal.to_ical()
    return text[text.index(b"BEGIN:VTIMEZONE") : text.rindex(b"END:VTIMEZONE\r\n") + 15]


def sittings_events(request, sittings: list, now: dt.datetime) -> tuple[list[bytes], set[int]]:
    """The sittings' VEVENTs, serialized, and the items on their agendas (each shown in its
    sitting's event, not over its planned month). What each event shows is read as plain
    values in two queries (agendas, public documents); an event is built once for what it shows
    and kept (ICS_EVENT_SECONDS), and stitched with this calendar's DTSTAMP."""
    if not sittings:
        return [], set()
    ids = [sitting.pk for sitting in sittings]
    entries: dict[int, list[tuple]] = defaultdict(list)
    on_agendas: set[int] = set()
    for sitting_id, position, title, outcome, draft_id, item_id in (
        AgendaEntry.objects.filter(sitting_id__in=ids)
        .order_by("position")
        .values_list("sitting_id", "position", "draft__title", "outcome", "draft_id",
                     "draft__item_id")
    ):  # fmt: skip
        entries[sitting_id].append((position, title, outcome, draft_id))
        if item_id is not None:
            on_agendas.add(item_id)
    drafts = {row[3] for rows in entries.values() for row in rows}
    documents: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for pk, filename, media_type, sitting_id, draft_id in (
        listed(Document.objects.public())
        .filter(Q(sitting_id__in=ids) | Q(draft_id__in=drafts))
        .values_list("pk", "filename", "media_type", "sitting_id", "draft_id")
    ):
        if sitting_id is not None:
            documents["sitting", sitting_id].append((pk, filename, media_type))
        elif draft_id is not None:
            documents["draft", draft_id].append((pk, filename, media_type))
    outcomes = dict(Outcome.choices)
    language = translation.get_language()
    shown = {}
    for sitting in sittings:
        agenda = [
            (position, title, str(outcomes[outcome]) if outcome else "", draft_id)
            for position, title, outcome, draft_id in entries[sitting.pk]
        ]
        attached = [*documents["sitting", sitting.pk]]
        for *_rest, draft_id in agenda:
            attached.extend(documents["draft", draft_id])
        what = (
            sitting.pk, sitting.starts_at, sitting.kind, sitting.place, sitting.status,
            sitting.updated_at, agenda, attached, language, settings.SITE_URL,
        )  # fmt: skip
        shown["ics-sitting:" + hashlib.sha256(repr(what).encode()).hexdigest()] = (
            sitting,
            agenda,
            attached,
        )
    stored = cache.get_many(list(shown))
    built = {key: sitting_event(request, *what) for key, what in shown.items() if key not in stored}
    if built:
        cache.set_many(built, timeout=ICS_EVENT_SECONDS)
    placeholder, stamp = dtstamp_line(STAMP_PLACEHOLDER), dtstamp_line(now)
    events = [(stored.get(key) or built[key]).replace(placeholder, stamp) for key in shown]
    return events, on_agendas


def sitting_event(request, sitting, agenda: list[tuple], attached: list[tuple]) -> bytes:
    """A sitting's VEVENT, serialized, with the placeholder DTSTAMP."""
    event = Event()
    event.add("uid", f"sitting-{sitting.pk}@{DOMAIN}")
    event.add("dtstamp", STAMP_PLACEHOLDER)
    event.add("dtstart", timezone.localtime(sitting.starts_at, TZ))
    event.add("dtend", timezone.localtime(sitting.starts_at, TZ) + dt.timedelta(hours=3))
    event.add("summary", xml_safe(str(sitting)))
    event.add("location", vText(xml_safe(sitting.place)))
    lines = "\n".join(
        f"{position}. {title}" + (f" — {outcome}" if outcome else "")
        for position, title, outcome, _draft in agenda
    )
    event.add("description", xml_safe(_("Agenda:") + "\n" + lines))
    event.add("url", absolute(request, reverse("sitting", args=[sitting.pk])))
    # The sitting's public documents and those of its agenda's drafts (RFC 5545, ATTACH).
    for pk, filename, media_type in attached:
        event.add(
            "attach",
            absolute(request, reverse("document", args=[pk, filename])),
            parameters={"FMTTYPE": media_type},
        )
    event.add("last-modified", sitting.updated_at)
    event.add("sequence", sequence(sitting.updated_at))
    event.add("status", "CANCELLED" if sitting.status == SittingStatus.CANCELLED else "CONFIRMED")
    return event.to_ical()


@conditional_page(params=FILTERS)
def calendar_ics(request):
    form = filter_form_or_error(request)
    if isinstance(form, HttpResponse):
        return form
    now = clock.now()
    cal = Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL['NAME']}//PAACL//RO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add(
        "x-wr-calname",
        _("Local Council of Sector 1")
        + (" — " + ", ".join(str(v) for v in form.active.values()) if form.active else ""),
    )
    cal.add("x-wr-timezone", "Europe/Bucharest")

    years = form.years()
    sittings = list(
        filtered_sittings(form, public_sittings())
        .filter(starts_at__year__gte=years.start, starts_at__year__lt=years.stop)
        .order_by("starts_at")
    )
    sitting_events, on_agendas = sittings_events(request, sittings, now)

    # An item that went before a sitting is in that sitting's event (its agenda); the others are
    # shown over their planned month, as time that is not busy. Each item's event is built once
    # for what it shows and kept (ICS_EVENT_SECONDS): a calendar of a thousand items is stitched
    # from them, not serialized again field by field.
    rows = [
        row
        for row in form.apply(with_execution(ProgramItem.objects.published()))
        .filter(program__year__in=list(years))
        .order_by("program__year", "planned_month", "sequence")
        .values(*EVENT_FIELDS)
        if row["pk"] not in on_agendas
    ]
    codes: dict[int, list[str]] = defaultdict(list)
    for pk, code in (
        ProgramItem.objectives.through.objects.filter(programitem_id__in=[r["pk"] for r in rows])
        .order_by("objective__code")
        .values_list("programitem_id", "objective__code")
    ):
        codes[pk].append(code)
    language = translation.get_language()
    keys = [item_event_key(row, codes[row["pk"]], language) for row in rows]
    stored = cache.get_many(keys)
    missing = {row["pk"] for row, key in zip(rows, keys, strict=True) if key not in stored}
    # Events not kept (new, or changed since) are built from the items themselves.
    items = {item.pk: item for item in public_items().filter(pk__in=missing)} if missing else {}
    built = {}
    events = []
    for row, key in zip(rows, keys, strict=True):
        event = stored.get(key)
        if event is None:
            event = built[key] = item_event(request, items[row["pk"]])
        events.append(event)
    if built:
        cache.set_many(built, timeout=ICS_EVENT_SECONDS)
    head = cal.to_ical()
    zones = vtimezone() if sitting_events else b""
    body = (
        head[: head.rindex(END_OF_CALENDAR)]
        + zones
        + b"".join(sitting_events)
        + b"".join(events)
        + END_OF_CALENDAR
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="paacl-sector1.ics"'
    return response


class CanonicalRequest:
    """The request as the feed framework sees it: at the site's public address (SITE_URL), so
    that no Host header a client sends ends up in the links of a cached feed."""

    def __init__(self, request):
        self._request = request
        self._site = urlsplit(settings.SITE_URL)

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self) -> str:
        return self._site.netloc

    def is_secure(self) -> bool:
        return self._site.scheme == "https"


class PublicationsFeed(Feed):
    """The latest publications: items published, sittings convened, decisions adopted. Titles
    and summaries are text: stripped of what XML cannot carry, and escaped where Atom would read
    HTML, so a title with markup or a control character is shown as written."""

    feed_type = Atom1Feed
    limit = 50

    def get_feed(self, obj, request):
        return super().get_feed(obj, CanonicalRequest(request))

    def get_object(self, request):
        self.request = request
        form = PublicFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            from django.http import Http404

            raise Http404(_("Unknown filter value."))
        return form

    def title(self, form):
        return _("Local Council of Sector 1: latest publications")

    def subtitle(self, form):
        return _("Program items published, sittings convened, decisions adopted.")

    def link(self, form):
        return reverse("home")

    def feed_url(self, form):
        return reverse("feed-atom")

    def items(self, form):
        entries = []
        # The feed shows an item's reference, title, department and description only.
        items = ProgramItem.objects.published().select_related("department")
        for item in form.apply(items).order_by("-published_at")[: self.limit]:
            entries.append(("item", item.published_at, item))
        for sitting in filtered_sittings(form, public_sittings()).order_by("-convened_on")[
            : self.limit
        ]:
            convened = timezone.make_aware(dt.datetime.combine(sitting.convened_on, dt.time(9)))
            entries.append(("sitting", convened, sitting))
        decisions = Decision.objects.select_related("item").order_by("-adopted_on", "-number")
        if form.active:
            decisions = decisions.filter(item__in=form.apply(public_items()))
        for decision in decisions[: self.limit]:
            adopted = timezone.make_aware(dt.datetime.combine(decision.adopted_on, dt.time(18)))
            entries.append(("decision", adopted, decision))
        entries.sort(key=lambda e: e[1], reverse=True)
        return entries[: self.limit]

    def item_title(self, entry):
        return xml_safe(self._title(entry))

    def item_description(self, entry):
        # Atom marks the summary as HTML: the text is escaped to be read as text.
        return escape(xml_safe(self._description(entry)))

    def _title(self, entry):
        kind, _moment, obj = entry
        if kind == "item":
            return _("Published: %(reference)s %(title)s") % {
                "reference": obj.reference,
                "title": obj.title,
            }
        if kind == "sitting":
            return _("Convened: %(sitting)s") % {"sitting": obj}
        if kind == "draft":
            return _("Registered: PH %(reference)s %(title)s") % {
                "reference": obj.reference,
                "title": obj.title,
            }
        return _("Adopted: HCL %(reference)s %(title)s") % {
            "reference": obj.reference,
            "title": obj.title,
        }

    def _description(self, entry):
        kind, _moment, obj = entry
        if kind == "item":
            return f"{obj.department.name}. {obj.description}"
        if kind == "sitting":
            return obj.place
        if kind == "draft":
            return f"{obj.initiator}. {obj.department.name}."
        return votes_text(obj.votes_for, obj.votes_against, obj.abstentions)

    def item_link(self, entry):
        kind, _moment, obj = entry
        if kind == "item":
            return reverse("item", args=[obj.pk])
        if kind == "sitting":
            return reverse("sitting", args=[obj.pk])
        if kind == "draft":
            return reverse("draft", args=[obj.pk])
        return reverse("decision", args=[obj.year, obj.number])

    def item_guid(self, entry):
        kind, _moment, obj = entry
        return f"tag:{DOMAIN},2026:{kind}-{obj.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry[1]

    def item_updateddate(self, entry):
        return getattr(entry[2], "updated_at", entry[1])


feed_atom = conditional_page(PublicationsFeed(), params=FILTERS)


class RegisterFeed(PublicationsFeed):
    """One register's latest entries: sittings convened, decisions adopted, drafts registered."""

    kind = ""
    titles = {
        "sitting": _("Local Council of Sector 1: sittings convened"),
        "decision": _("Local Council of Sector 1: decisions adopted"),
        "draft": _("Local Council of Sector 1: draft decisions registered"),
    }

    def get_object(self, request):
        self.request = request
        return None

    def title(self, obj):
        return self.titles[self.kind]

    def subtitle(self, obj):
        return self.titles[self.kind]

    def link(self, obj):
        return reverse(f"{self.kind}s")

    def feed_url(self, obj):
        return reverse(f"{self.kind}s-atom")

    def items(self, obj):
        if self.kind == "sitting":
            return [
                ("sitting", timezone.make_aware(dt.datetime.combine(s.convened_on, dt.time(9))), s)
                for s in public_sittings().order_by("-convened_on", "-pk")[: self.limit]
            ]
        if self.kind == "decision":
            return [
                ("decision", timezone.make_aware(dt.datetime.combine(d.adopted_on, dt.time(18))), d)
                for d in Decision.objects.order_by("-adopted_on", "-number")[: self.limit]
            ]
        drafts = DraftDecision.objects.select_related("department").order_by(
            "-registered_on", "-registration_number"
        )
        return [
            ("draft", timezone.make_aware(dt.datetime.combine(d.registered_on, dt.time(9))), d)
            for d in drafts[: self.limit]
        ]


class SittingsFeed(RegisterFeed):
    kind = "sitting"


class DecisionsFeed(RegisterFeed):
    kind = "decision"


class DraftsFeed(RegisterFeed):
    kind = "draft"


sittings_atom = conditional_page(SittingsFeed())
decisions_atom = conditional_page(DecisionsFeed())
drafts_atom = conditional_page(DraftsFeed())
