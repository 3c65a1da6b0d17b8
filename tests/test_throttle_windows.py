"""A throttle's window lasts as long as it says, whatever the cache: the database cache's `incr`
(Django's generic one) writes the count back with the default timeout of 300 s."""

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

from mentoring import throttle


class GenericIncrCache(LocMemCache):
    """A cache whose `incr` is Django's generic get-and-set, as the database cache's is."""

    incr = BaseCache.incr


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: now[0])
    monkeypatch.setattr(throttle, "cache", GenericIncrCache("throttle-test", {"TIMEOUT": 300}))
    return now


def test_an_hours_window_still_counts_after_five_minutes_of_a_database_like_cache(clock):
    for _ in range(3):
        assert throttle.hit("signin-letters", "a@example.ru", limit=3, window=3600)
    clock[0] += 301  # past the cache's default timeout, well within the hour

    assert not throttle.hit("signin-letters", "a@example.ru", limit=3, window=3600)


def test_a_minutes_window_ends_after_its_minute(clock):
    assert throttle.hit("link-guess", "10.0.0.1", limit=2, window=60)
    assert throttle.hit("link-guess", "10.0.0.1", limit=2, window=60)
    assert not throttle.hit("link-guess", "10.0.0.1", limit=2, window=60)
    clock[0] += 61

    assert throttle.hit("link-guess", "10.0.0.1", limit=2, window=60)
