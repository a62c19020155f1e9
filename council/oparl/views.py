"""The OParl 1.1 endpoint: the system, the body, the body's lists and each object (read-only,
public, JSON). Lists are paginated as OParl says (`data`, `pagination`, `links`) and take the
filters `created_since`, `created_until`, `modified_since`, `modified_until` and `limit`. Like
the site's pages, every answer carries an ETag from the public version (304 to a client whose
copy is current) and is cached until the record changes."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from council.oparl import objects as o
from council.oparl.sources import SOURCES, Window, lookup
from council.web.http import conditional_page

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class BadRequest(Exception):
    pass


def respond(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    # Any client may read public data, from a browser too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(message: str, status: int) -> JsonResponse:
    """Errors read as the REST API's: `{"detail": "..."}`, in the visitor's language."""
    return respond({"detail": message}, status=status)


def not_found() -> JsonResponse:
    return error(_("There is no such OParl object or list."), 404)


@require_safe
@conditional_page(params=None)
def system(request: HttpRequest) -> JsonResponse:
    return respond(o.system())


@require_safe
@conditional_page(params=None)
def bodies(request: HttpRequest) -> JsonResponse:
    """The system's list of bodies: this council, the one body."""
    return respond(
        {
            "data": [o.body()],
            "pagination": {
                "totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1,
            },
            "links": {"first": o.url("bodies"), "last": o.url("bodies")},
        }
    )  # fmt: skip


@require_safe
@conditional_page(params=None)
def body(request: HttpRequest, body: str) -> JsonResponse:
    if body != o.BODY_KEY:
        return not_found()
    return respond(o.body())


@require_safe
@conditional_page(params=None)
def one(request: HttpRequest, kind: str, key: str) -> JsonResponse:
    if kind not in SOURCES:
        return not_found()
    found = lookup(kind, key)
    if found is None:
        return not_found()
    return respond(found)


def window(request: HttpRequest) -> Window:
    values = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        moment = parse_moment(raw.strip())
        if moment is None:
            raise BadRequest(
                _("“%(name)s” is a date and time in ISO 8601, e.g. 2026-12-04T10:00:00+02:00.")
                % {"name": name}
            )
        values[name] = moment
    return Window(**values)


def parse_moment(raw: str) -> dt.datetime | None:
    """An ISO 8601 date-time (a `+` left unescaped in a URL arrives as a space), or a date (its
    first moment), in the council's time zone unless it names an offset."""
    try:
        moment = parse_datetime(raw.replace(" ", "+")) or None
        if moment is None:
            date = parse_date(raw)
            if date is None:
                return None
            moment = dt.datetime.combine(date, dt.time())
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def positive(request: HttpRequest, name: str, default: int, most: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise BadRequest(_("“%(name)s” is a whole number from 1.") % {"name": name})
    value = int(raw)
    return min(value, most) if most else value


@require_safe
@conditional_page(params=None)
def listing(request: HttpRequest, body: str, kind: str) -> JsonResponse:
    """One page of a list, across its sources in order."""
    if body != o.BODY_KEY or kind not in SOURCES:
        return not_found()
    try:
        unknown = sorted(set(request.GET) - {*FILTERS, "limit", "page"})
        if unknown:
            raise BadRequest(
                _("Unknown parameter “%(name)s”; a list takes %(known)s.")
                % {"name": unknown[0][:40], "known": ", ".join([*FILTERS, "limit", "page"])}
            )
        repeated = [name for name in request.GET if len(request.GET.getlist(name)) > 1]
        if repeated:
            raise BadRequest(_("“%(name)s” is given twice.") % {"name": repeated[0]})
        span = window(request)
        limit = positive(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        page = positive(request, "page", 1)
    except BadRequest as problem:
        return error(str(problem), 400)
    sources = [s for s in SOURCES[kind] if not s.tombstones or span.modified_since is not None]
    counts = [source.count(span) for source in sources]
    total = sum(counts)
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        return error(
            _("The list has %(pages)s pages; there is no page %(page)s.")
            % {"pages": pages, "page": page},
            404,
        )
    start, stop = (page - 1) * limit, page * limit
    data: list[dict[str, Any]] = []
    offset = 0
    for source, count in zip(sources, counts, strict=True):
        if offset + count > start and offset < stop:
            data += source.page(span, max(0, start - offset), min(count, stop - offset))
        offset += count
    kept = {name: request.GET[name] for name in FILTERS if name in request.GET}
    if "limit" in request.GET:
        kept["limit"] = str(limit)

    def link(number: int) -> str:
        return o.list_url(kind) + "?" + urlencode({**kept, "page": number})

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return respond(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
    )
