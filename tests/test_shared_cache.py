"""The cache the throttles count in is shared and loses no count: CACHE_URL names it, and the
database cache's increment holds the row locked, so app servers counting at once add up."""

import os
import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections

from mentoring import throttle
from mentoring.cache_url import cache_from_url

TABLE = "shared_cache_test"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL: SQLite serves one machine, one writer at a time",
)


def test_cache_url_names_the_database_cache_redis_or_memory():
    assert cache_from_url("db://", max_entries=123) == {
        "BACKEND": "mentoring.cache.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 123},
    }
    assert cache_from_url("db://throttles")["LOCATION"] == "throttles"
    assert cache_from_url("db://")["OPTIONS"]["MAX_ENTRIES"] == 200_000
    assert cache_from_url("redis://127.0.0.1:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert cache_from_url("rediss://cache.example.ru:6380/0")["BACKEND"].endswith("RedisCache")
    assert cache_from_url("locmem://") == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mentoring",
    }


@pytest.mark.parametrize(
    "url", ["", "django_cache", "memcached://127.0.0.1:11211", "db://x;drop table y", "db://1a"]
)
def test_an_unknown_cache_url_is_refused(url):
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_from_url(url)


@pytest.fixture
def shared_cache(settings, transactional_db):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "mentoring.cache.DatabaseCache", "LOCATION": TABLE},
    }
    call_command("createcachetable", verbosity=0)
    caches["shared"].clear()
    yield caches["shared"]
    caches["shared"].clear()


def test_the_database_cache_increment_keeps_the_expiry_and_refuses_a_missing_key(shared_cache):
    assert shared_cache.add("count", 1, timeout=2)
    assert not shared_cache.add("count", 1, timeout=2)
    assert shared_cache.incr("count") == 2
    assert shared_cache.incr("count", 3) == 5
    assert shared_cache.decr("count") == 4
    assert shared_cache.get("count") == 4
    time.sleep(2.1)  # the window set by add, not a new default timeout set by incr
    assert shared_cache.get("count") is None
    with pytest.raises(ValueError):
        shared_cache.incr("count")
    assert shared_cache.add("count", 1, timeout=60), "an expired counter starts again"
    with pytest.raises(ValueError):
        shared_cache.incr("never-set")


def _in_parallel(work, *, threads: int) -> list:
    """Run `work` in `threads` threads started together, each on its own connection."""
    start = threading.Barrier(threads)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(work())
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert not errors, errors
    return results


@postgresql_only
def test_parallel_increments_on_postgresql_lose_nothing(shared_cache):
    shared_cache.set("count", 0, timeout=600)

    def work():
        for _ in range(25):
            shared_cache.incr("count")

    _in_parallel(work, threads=8)

    assert shared_cache.get("count") == 200


@postgresql_only
def test_a_throttle_hit_at_once_from_many_servers_counts_every_attempt(shared_cache, monkeypatch):
    """The first attempts race to create the counter (add) and then to raise it (incr)."""
    monkeypatch.setattr(throttle, "cache", shared_cache)

    def work():  # one cache object; each thread reaches the database on its own connection
        return [throttle.hit("link-guess", "10.0.0.9", limit=30, window=60) for _ in range(5)]

    results = _in_parallel(work, threads=8)

    assert shared_cache.get("throttle:link-guess:10.0.0.9") == 40
    assert sum(result.count(False) for result in results) == 10  # the 31st to the 40th


def _redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:
        return None
    return url


@pytest.fixture
def redis_cache(settings):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis server at TEST_REDIS_URL (redis://127.0.0.1:6379/15 by default)")
    settings.CACHES = {
        **settings.CACHES,
        "redis": {**cache_from_url(url), "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    yield caches["redis"]
    caches["redis"].delete_many(
        ["throttle:link-guess:10.0.0.9", "throttle:link-guess:10.0.0.9:ends", "count"]
    )


def test_throttle_hits_at_once_through_redis_count_every_attempt(redis_cache, monkeypatch):
    monkeypatch.setattr(throttle, "cache", redis_cache)

    results = _in_parallel(
        lambda: [throttle.hit("link-guess", "10.0.0.9", limit=30, window=60) for _ in range(5)],
        threads=8,
    )

    assert redis_cache.get("throttle:link-guess:10.0.0.9") == 40
    assert sum(result.count(False) for result in results) == 10
    key = redis_cache.make_and_validate_key("throttle:link-guess:10.0.0.9")
    assert 0 < redis_cache._cache.get_client(key).ttl(key) <= 60, "the minute's window holds"
