"""The client's address, from one trusted source, for the login lockout, the API throttle and
the limits on what citizens send.

Behind TRUSTED_PROXY_COUNT reverse proxies (nginx: 1), each of which appends the address it was
reached from to X-Forwarded-For, the client is the entry that many places from the right: what
a client writes in the header itself stays to the left of it and is never believed. With no
proxy (the default), the address is the connection's own (REMOTE_ADDR).

(django-ipware counts the proxies listed inside X-Forwarded-For instead, and with none listed it
trusts the left-most entry, which the client sets: the rule here is the one DRF's NUM_PROXIES
and nginx's realip module use.)
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, reverse
from rest_framework.throttling import AnonRateThrottle


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return remote
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class AnonThrottle(AnonRateThrottle):
    """DRF's anonymous rate, counted per client address (client_address)."""

    def get_ident(self, request) -> str:
        return client_address(request)


def site_url(path: str) -> str:
    """An address on the service's public site (SITE_URL), whoever asks: links in data, e-mails
    and OParl identifiers read the same from every door."""
    return settings.SITE_URL.rstrip("/") + path


# address: reverse() once per name and shape of arguments, then plain substitution.
PLAIN = re.compile(r"[A-Za-z0-9_-]+\Z")  # what every converter in use takes as it is, unquoted
STAND_IN = "738294615"
TEMPLATES: dict[tuple, tuple[str, ...]] = {}


def address(name: str, *args: Any) -> str:
    """reverse(name, args=args), at the cost of a string join.

    reverse() costs about 40 µs, and a list of a hundred OParl meetings names some 14,000
    addresses (a year's register of drafts, some 800). So the address is reversed once per name
    and shape of its arguments (digits or not, so that an int converter still refuses what is
    not a number) with stand-ins, and the arguments are put in their places. Arguments that
    would need quoting go through reverse()."""
    texts = [str(arg) for arg in args]
    if not all(PLAIN.match(text) for text in texts):
        return reverse(name, args=texts)
    shape = tuple(text.isdigit() for text in texts)
    # The service sets no request.urlconf: settings.ROOT_URLCONF is the one in use.
    key = (name, shape, settings.ROOT_URLCONF, get_script_prefix())
    parts = TEMPLATES.get(key)
    if parts is None:
        stand_ins = [f"{STAND_IN}{n}{STAND_IN}" if digits else f"x{STAND_IN}{n}{STAND_IN}x"
                     for n, digits in enumerate(shape)]  # fmt: skip
        path = reverse(name, args=stand_ins)
        pieces = []
        for stand_in in stand_ins:
            before, path = path.split(stand_in, 1)
            pieces.append(before)
        parts = TEMPLATES[key] = (*pieces, path)
    out = [parts[0]]
    for text, after in zip(texts, parts[1:], strict=True):
        out += (text, after)
    return "".join(out)


def site_address(name: str, *args: Any) -> str:
    """site_url(reverse(name, args=args)), by `address`."""
    return site_url(address(name, *args))
