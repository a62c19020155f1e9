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

from django.conf import settings
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
