"""Conditional GET, one helper for every public response (pages, feeds, PDFs, the API's lists and
details), and the shared page cache.

Django's `get_conditional_response` does the RFC 9110 comparisons: `If-None-Match` (weak
comparison, so `W/"…"` from a compressing proxy matches; `*` matches any), and
`If-Modified-Since` when there is no `If-None-Match`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag, urlencode

from council.models import Decision, Document, DraftDecision, Sitting
from program.models import ProgramItem, ProgramVersion


def etag_of(*parts: Any) -> str:
    """A strong ETag for a response made of these parts (versions, counts, the caller's view)."""
    return quote_etag(hashlib.sha256(repr(parts).encode()).hexdigest()[:32])


def not_modified(
    request, *, etag: str, last_modified: dt.datetime | None = None
) -> HttpResponse | None:
    """The 304 (or 412) the request earns with these validators, or None: build the response."""
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        return None
    return with_validators(response, etag=etag, last_modified=last_modified)


def with_validators(response, *, etag: str, last_modified: dt.datetime | None = None):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def public_stamps() -> list:
    """When each kind of public record last changed: every public page depends on these."""
    stamps = [
        ProgramItem.objects.published().aggregate(m=Max("updated_at"))["m"],
        Sitting.objects.public().aggregate(m=Max("updated_at"))["m"],
        DraftDecision.objects.aggregate(m=Max("updated_at"))["m"],
        Decision.objects.aggregate(m=Max("updated_at"))["m"],
        Document.objects.aggregate(m=Max("updated_at"))["m"],
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
        etag = etag_of(stamps, request.path, query, translation.get_language())
        moments = [stamp for stamp in stamps if isinstance(stamp, dt.datetime)]
        last_modified = max(moments) if moments else None
        early = not_modified(request, etag=etag, last_modified=last_modified)
        if early is not None:
            patch_vary_headers(early, ["Cookie"])
            return early
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
        with_validators(response, etag=etag, last_modified=last_modified)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
