"""The public version, pushed: with Redis, every process is told when the public version moves
(publish and subscribe) and serves its hits under the tag it read without asking Redis again,
until it is told of a move or loses its subscription (workflows.version.Watch)."""

import time
from collections.abc import Callable

import pytest
import redis
from django.core.cache import cache, caches
from django.test import Client, override_settings

import council.site.cache
from program.models import ItemStatus
from workflows import clock, version

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_item, bring_to, council_decision):
    return bring_to(make_item(), ItemStatus.PUBLISHED)


@pytest.fixture
def redis_cache(redis_server, settings):
    """The page cache and the public version in a Redis of the test's own; yields a client of
    that Redis for looking at what reached it."""
    settings.PUBLIC_VERSION_CACHED = True
    backend = {"BACKEND": "council.site.cache.ResilientRedisCache", "LOCATION": redis_server.url}
    with override_settings(CACHES={"default": backend}):
        server = redis.Redis.from_url(redis_server.url)
        yield server
        server.close()
        caches["default"].clear()


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the listening thread did not get there in time"
        time.sleep(0.01)


def listening_client() -> Client:
    """A visitor whose page this process has served once it listens, and keeps."""
    client = Client()
    client.get("/feed.atom")
    wait_for(lambda: version.watch.listening)
    client.get("/feed.atom")
    assert version.watch.get() is not None
    return client


def moved_elsewhere() -> None:
    """What another process's change leaves in Redis (version.fresh_tag), unannounced."""
    stored = version.read()
    cache.set(version.CACHE_KEY, version.Version(stored.number + 1, clock.now(), "elsewhere"))


def test_a_listening_process_serves_its_hits_without_asking_redis(published, redis_cache):
    client = listening_client()
    redis_cache.config_resetstat()
    for _ in range(10):
        assert client.get("/feed.atom").status_code == 200
    commands = redis_cache.info("commandstats")
    assert "cmdstat_get" not in commands
    assert "cmdstat_mget" not in commands


def test_another_process_change_is_served_once_it_is_announced(published, redis_cache):
    client = listening_client()
    first = client.get("/feed.atom")["ETag"]
    moved_elsewhere()
    assert client.get("/feed.atom")["ETag"] == first  # not announced: still the kept tag
    told = version.watch.generation
    cache.publish(version.CHANNEL)
    wait_for(lambda: version.watch.generation > told)
    assert client.get("/feed.atom")["ETag"] != first


def test_a_change_made_in_this_process_is_served_at_once(
    published, redis_cache, make_item, bring_to, django_capture_on_commit_callbacks
):
    client = listening_client()
    with django_capture_on_commit_callbacks(execute=True):
        bring_to(make_item(title="Un punct publicat mai târziu"), ItemStatus.PUBLISHED)
    assert "Un punct publicat mai târziu" in client.get("/feed.atom").content.decode()


def test_a_lost_subscription_drops_the_kept_version(published, redis_cache):
    client = listening_client()
    first = client.get("/feed.atom")["ETag"]
    moved_elsewhere()  # its announcement is lost with the connection
    before = version.watch.generation
    redis_cache.client_kill_filter(_type="pubsub")
    wait_for(lambda: version.watch.generation > before)
    assert client.get("/feed.atom")["ETag"] != first
    wait_for(lambda: version.watch.listening)  # and it subscribes again by itself


def test_a_process_asks_again_after_the_hold_even_if_nobody_told_it(
    published, redis_cache, monkeypatch
):
    monkeypatch.setattr(version, "HOLD_SECONDS", 0.2)
    client = listening_client()
    first = client.get("/feed.atom")["ETag"]
    moved_elsewhere()
    time.sleep(0.3)
    assert client.get("/feed.atom")["ETag"] != first


def test_without_redis_every_hit_asks_and_pages_are_served(published, redis_cache, redis_server):
    client = listening_client()
    redis_server.stop()
    wait_for(lambda: not version.watch.listening)
    assert version.watch.get() is None
    assert client.get("/feed.atom").status_code == 200


def test_services_sharing_a_redis_server_announce_on_channels_of_their_own(redis_server):
    base = redis_server.url.rsplit("/", 1)[0]
    first = council.site.cache.ResilientRedisCache(f"{base}/1", {})
    second = council.site.cache.ResilientRedisCache(f"{base}/2", {})
    assert first.channel(version.CHANNEL) != second.channel(version.CHANNEL)
