"""Reads for the public site: only what is public, with the council's execution attached, and
the filters the calendar, the feeds and the program share."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag, urlencode
from django.utils.translation import gettext_lazy as _

from council.models import AgendaEntry, Decision, DraftDecision, Sitting, SittingStatus
from program.models import (
    Department,
    Objective,
    ProgramItem,
    ProgramVersion,
    Strategy,
)
from workflows import clock


def public_items() -> QuerySet[ProgramItem]:
    return (
        ProgramItem.objects.published()
        .with_execution()
        .select_related("program", "department")
        .prefetch_related(
            Prefetch(
                "objectives", queryset=Objective.objects.select_related("strategy").order_by("code")
            )
        )
    )


def public_sittings() -> QuerySet[Sitting]:
    return Sitting.objects.exclude(status=SittingStatus.PLANNED).select_related("chair")


class PublicFilterForm(forms.Form):
    """The calendar's filters (also the feeds'): they combine and stay in the URL."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All departments"),
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategy"),
        queryset=Strategy.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label=_("All strategies"),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        required=False,
        widget=forms.HiddenInput,
    )
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.select_related("strategy").order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All objectives"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].label_from_instance = lambda o: f"{o.code} — {o.title}"

    def years(self) -> range:
        """The program years a feed covers: the one asked for, or last, this and next year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("year"):
            return range(data["year"], data["year"] + 1)
        this = clock.today().year
        return range(this - 1, this + 2)

    @property
    def active(self) -> dict[str, str]:
        """The filters in force, as URL parameters."""
        if not self.is_bound or not self.is_valid():
            return {}
        values = {
            "year": self.cleaned_data.get("year"),
            "department": getattr(self.cleaned_data.get("department"), "slug", None),
            "strategy": getattr(self.cleaned_data.get("strategy"), "slug", None),
            "objective": getattr(self.cleaned_data.get("objective"), "code", None),
        }
        return {k: v for k, v in values.items() if v}

    def apply(self, items: QuerySet[ProgramItem]) -> QuerySet[ProgramItem]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if department := data.get("department"):
            items = items.filter(department=department)
        links = ProgramItem.objectives.through.objects.filter(programitem=OuterRef("pk"))
        if strategy := data.get("strategy"):
            items = items.filter(Exists(links.filter(objective__strategy=strategy)))
        if objective := data.get("objective"):
            under = Q(objective__code=objective.code) | Q(
                objective__code__startswith=f"{objective.code}-"
            )
            items = items.filter(Exists(links.filter(under)))
        return items


def filtered_sittings(form: PublicFilterForm, sittings: QuerySet[Sitting]) -> QuerySet[Sitting]:
    """With a filter in force, only the sittings that discuss a matching item."""
    if not form.active:
        return sittings
    matching = form.apply(ProgramItem.objects.published())
    entries = AgendaEntry.objects.filter(sitting=OuterRef("pk"), draft__item__in=matching)
    return sittings.filter(Exists(entries))


@dataclass
class Day:
    date: dt.date
    in_month: bool
    sittings: list


def month_weeks(year: int, month: int, sittings: list[Sitting]) -> list[list[Day]]:
    """The weeks of a month, Monday first, each day with its sittings."""
    by_day: dict[dt.date, list] = {}
    for sitting in sittings:
        by_day.setdefault(timezone.localtime(sitting.starts_at).date(), []).append(sitting)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def public_stamps() -> list:
    """When each kind of public record last changed: every public page depends on these."""
    stamps = [
        ProgramItem.objects.published().aggregate(m=Max("updated_at"))["m"],
        Sitting.objects.exclude(status=SittingStatus.PLANNED).aggregate(m=Max("updated_at"))["m"],
        DraftDecision.objects.aggregate(m=Max("updated_at"))["m"],
        Decision.objects.aggregate(m=Max("updated_at"))["m"],
        ProgramVersion.objects.filter(published_at__isnull=False).aggregate(m=Max("published_at"))[
            "m"
        ],
    ]
    return [stamp for stamp in stamps if stamp is not None] + [reference_generation()]


GENERATION_KEY = "public-reference-generation"


def reference_generation() -> int:
    """Bumped whenever departments, strategies, objectives or committees change: they have no
    change time of their own, and public pages show them."""
    return cache.get(GENERATION_KEY, 0)


def bump_reference_generation(**kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


PAGE_CACHE_SECONDS = 600

# The query parameters the calendar's pages and feeds understand (PublicFilterForm).
FILTERS = ("department", "strategy", "objective", "year")


def keep_known_parameters(request, known: tuple[str, ...]) -> str:
    """Reduce the request's query string to the parameters the page understands, in a fixed
    order: the page, its links and its cache key depend on nothing else (a random query string
    is the same page, not a new cache entry)."""
    pairs = [(name, value) for name in sorted(known) for value in request.GET.getlist(name)]
    query = urlencode(pairs)
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    return query


def shared_cache_allowed(request) -> bool:
    """A page is served from, and stored in, the shared cache only for a visitor without a
    session or messages: what a staff member sees (their flash messages, a page rendered for
    them) never reaches anybody else."""
    cookies = request.COOKIES
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies
    )


def conditional_page(view=None, *, params: tuple[str, ...] = ()):
    """ETag and Last-Modified from the public records' last changes, and 304 when the client's
    copy is current: no page is rendered to find out. `params`: the query parameters the view
    reads; others are dropped before it runs."""
    if view is None:
        return lambda function: conditional_page(function, params=params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        query = keep_known_parameters(request, params)
        stamps = public_stamps()
        key = repr((stamps, request.path, query, translation.get_language()))
        etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
        moments = [stamp for stamp in stamps if isinstance(stamp, dt.datetime)]
        last_modified = max(moments) if moments else None
        headers = {"ETag": etag}
        if last_modified is not None:
            headers["Last-Modified"] = http_date(last_modified.timestamp())
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            # The ETag changes whenever anything public changes (a publication, a sitting, a
            # decision), so a page cached under it is never stale: no explicit invalidation.
            cache_key = f"page:{etag}"
            shared = shared_cache_allowed(request)
            cached = cache.get(cache_key) if shared and request.method == "GET" else None
            if cached is not None:
                response = HttpResponse(cached[0], content_type=cached[1])
                if cached[2]:
                    response["Content-Disposition"] = cached[2]
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                if shared and not response.streaming and not response.cookies:
                    cache.set(
                        cache_key,
                        (
                            response.content,
                            response["Content-Type"],
                            response.get("Content-Disposition"),
                        ),
                        timeout=PAGE_CACHE_SECONDS,
                    )
        for name, value in headers.items():
            response[name] = value
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
