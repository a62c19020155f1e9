"""The shared cache (Redis), made optional at run time: when Redis cannot be reached, reads miss
and writes are dropped, so every page and API answer is computed from the database instead.

Nothing here is the only copy of anything: the cache holds rendered public pages keyed by their
ETag, API throttle counters and a generation counter for reference data. Losing them costs time,
never correctness, so a Redis outage must not turn into an outage of the service.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.client import PubSub
from redis.connection import parse_url
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# While Redis is down, each request would otherwise wait for a connection timeout: after a
# failure the cache is bypassed for this many seconds, then tried again.
RETRY_AFTER_SECONDS = 5.0


class ReusedClients(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool. Django builds a new
    one for every call, which copies its table of response callbacks each time: about 0.2 ms, as
    much as the round trip itself on a served page. A `redis.Redis` is safe to share between
    threads (each command takes a connection from the pool), and pools notice a fork."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degraded to a cache that always misses while Redis is unreachable."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail fast: a cache that takes seconds to answer is worse than none.
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._class = ReusedClients
        self._down_until = 0.0

    def _call(self, name: str, default, *args, **kwargs):
        return self._guarded(getattr(super(), name), default, *args, **kwargs)

    def _guarded(self, call, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            result = call(*args, **kwargs)
        except UNAVAILABLE as error:
            if not self._down_until:
                logger.warning("Cache unavailable, serving without it: %s", error)
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return default
        if self._down_until:
            logger.warning("Cache available again")
            self._down_until = 0.0
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:
            # Callers treat a missing key as ValueError (Django's contract) and start afresh.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result

    def clear(self):
        return self._call("clear", False)

    # Telling every process that something moved (workflows.version.Watch): Redis' publish and
    # subscribe, on the same server as the cache.

    def channel(self, name: str) -> str:
        """Channels are one namespace per Redis server, whatever the database number: a channel
        carries the cache's key prefix and database, so that two services sharing a server (a
        staging site, the bench) do not hear each other."""
        database = parse_url(self._servers[0]).get("db", 0)
        return f"{self.make_key(name)}@{database}"

    def publish(self, channel: str, message: str = "") -> None:
        """Announce on `channel`; dropped while Redis is unreachable, like a write."""
        client = self._cache.get_client(write=True)
        self._guarded(client.publish, None, self.channel(channel), message)

    def subscribe(self, channel: str) -> PubSub:
        """A subscription to `channel` on a connection of its own (its confirmation is the first
        message read from it); raises when Redis is unreachable."""
        subscription = self._cache.get_client(write=True).pubsub()
        subscription.subscribe(self.channel(channel))
        return subscription
