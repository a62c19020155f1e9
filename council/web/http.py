"""Conditional GET, one helper for every public response (pages, feeds, PDFs, the API's lists and
details), and the shared page cache.

Django's `get_conditional_response` does the RFC 9110 comparisons: `If-None-Match` (weak
comparison, so `W/"…"` from a compressing proxy matches; `*` matches any), and
`If-Modified-Since` when there is no `If-None-Match`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag, urlencode

from workflows import clock, version


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


def bump_public_version(**kwargs) -> None:
    """Reference data (departments, strategies, objectives, committees, councillors) is public:
    its changes move the public version."""
    version.bump()


PAGE_CACHE_SECONDS = 600
# The headers of a response that a cached copy keeps (besides its type and the validators).
KEPT_HEADERS = ("Content-Disposition", "Access-Control-Allow-Origin")

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


class ProcessPages:
    """A copy, in this process, of the pages it served most recently (least recently used first
    out, at most `limit` bytes), used only with a shared cache: a hit then fetches the public
    version from Redis (a few bytes) and not the page, which would cross the network twice (from
    Redis, then to the visitor). A copy is served only under the ETag it was rendered under, so
    it is exactly as fresh as the shared one."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, etag: str) -> tuple | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None or page[0] != etag:
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: tuple) -> None:
        size = len(page[1])
        if size > self.limit // 8:
            return  # a very large page would push out many small ones
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self.pages[key] = page
            self.size += size
            while self.size > self.limit:
                _key, evicted = self.pages.popitem(last=False)
                self.size -= len(evicted[1])

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


process_pages = ProcessPages(limit=32 * 1024 * 1024)

T = TypeVar("T")

# The public version's tag of the page being rendered (set by conditional_page around the view).
_rendering_at: ContextVar[str | None] = ContextVar("public_version_rendering", default=None)


class PublicMemos:
    """Values made from public data only (a filter's options, a list of codes), kept in this
    process under the public version of the page that made them and made again on the first
    page rendered after it moves: every public change moves it (reference data included), so a
    memo is exactly as fresh as the page itself. Outside a page under `conditional_page` (a
    staff page, a command) the value is made every time. The keys are a fixed set of names."""

    def __init__(self) -> None:
        self.values: dict[tuple, tuple[str, Any]] = {}

    def get(self, key: tuple, make: Callable[[], T]) -> T:
        tag = _rendering_at.get()
        if tag is None:
            return make()
        found = self.values.get(key)
        if found is not None and found[0] == tag:
            return found[1]
        value = make()
        self.values[key] = (tag, value)
        return value

    def clear(self) -> None:
        self.values.clear()


public_memos = PublicMemos()


def conditional_page(view=None, *, params: tuple[str, ...] | None = ()):
    """ETag and Last-Modified from the public version (one read), and 304 when the client's
    copy is current: no page is rendered to find out; a page cached at the current version is
    served as it is. `params`: the query parameters the view
    reads; others are dropped before it runs (None: the view checks them itself)."""
    if view is None:
        return lambda function: conditional_page(function, params=params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if params is None:
            # The view refuses what it does not understand (a 400 is not cached): its cache key
            # is the whole query, in a fixed order.
            query = urlencode(sorted(request.GET.lists()), doseq=True)
        else:
            query = keep_known_parameters(request, params)
        language = translation.get_language()
        shared = shared_cache_allowed(request) and request.method == "GET"
        page_key = (
            "page:" + hashlib.sha256(repr((request.path, query, language)).encode()).hexdigest()
        )
        # The public version first (with a shared cache: a few bytes from it, or this process's
        # copy), then, unless the client's copy is current, the page as it was last rendered,
        # with the ETag it was rendered under: from this process's copy or the shared cache, or
        # from the one process's own cache.
        in_process = shared and settings.PUBLIC_VERSION_CACHED
        current = version.current(version.shared() if in_process else None)
        # A page also depends on the day (what is open, overdue, upcoming).
        etag = etag_of(current.tag, clock.today(), request.path, query, language)
        last_modified = current.changed_at
        early = not_modified(request, etag=etag, last_modified=last_modified)
        if early is not None:
            patch_vary_headers(early, ["Cookie"])
            return early
        if in_process:
            cached = process_pages.get(page_key, etag)
            if cached is None:
                cached = cache.get(page_key)
                if cached is not None and cached[0] == etag:
                    process_pages.put(page_key, cached)
        else:
            cached = cache.get(page_key) if shared else None
        if cached is not None and cached[0] == etag:
            response = HttpResponse(cached[1], content_type=cached[2])
            for header, value in cached[3].items():
                response[header] = value
        else:
            rendering = _rendering_at.set(current.tag)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _rendering_at.reset(rendering)
            if response.status_code != 200:
                return response
            if shared and not response.streaming and not response.cookies:
                page = (
                    etag,
                    response.content,
                    response["Content-Type"],
                    {h: response[h] for h in KEPT_HEADERS if h in response},
                )
                cache.set(page_key, page, timeout=PAGE_CACHE_SECONDS)
                if in_process:
                    process_pages.put(page_key, page)
        with_validators(response, etag=etag, last_modified=last_modified)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
