"""Counting attempts in the cache, to slow down guessing and flooding: sign-in links asked for
by email, tokens of personal links tried one after another.

One shared helper so that every place that throttles counts the same way. The counter lives in
the cache named by CACHE_URL: in production the database cache (mentoring/cache.py, whose
increment holds the row locked) or Redis, shared by every gunicorn worker and app server, so a
guesser spreading requests over the servers meets one limit; each process's own memory only in
development (locmem://).

Every count by address uses the client's address (`mentoring.client_address`): behind the
reverse proxy that is the address the proxy names, never the proxy's own."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from .client_address import client_address

# Patched by tests (a recorded delay instead of a real wait).
sleep = time.sleep


def _key(scope: str, who: str) -> str:
    return f"throttle:{scope}:{who}"


def hit(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one attempt of `who` (an IP address, an email…) in `scope`; True while the count
    within `window` seconds of the first attempt stays within `limit`, False once it is over.

    The window's end is kept beside the count and the count's expiry is set to it after each
    increment: the database cache's `incr` (Django's generic one) writes the value back with the
    default timeout of 300 s, which would end an hour's window five minutes after the last
    attempt, or stretch a minute's window to five."""
    key = _key(scope, who)
    if cache.add(key, 1, timeout=window):
        cache.set(f"{key}:ends", time.time() + window, timeout=window)
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        cache.set(f"{key}:ends", time.time() + window, timeout=window)
        return limit >= 1
    ends = cache.get(f"{key}:ends")
    cache.touch(key, max(1, int((ends or time.time() + window) - time.time())))
    return count <= limit


def blocked(scope: str, who: str, *, limit: int) -> bool:
    """Whether `who` has already used up `limit` attempts in `scope` (nothing is counted)."""
    return (cache.get(_key(scope, who)) or 0) >= limit


def client_ip(request) -> str:
    """The client's address for counting (trusted proxies' headers believed, see README)."""
    return client_address(request) or "unknown"


# --- Password logins: a per-username ceiling that slows down, never locks --------------------
#
# django-axes locks the pair (username, address) after AXES_FAILURE_LIMIT failures. Someone
# guessing from many addresses is not stopped by that, and locking the username itself would
# lock its owner out from everywhere; so past LOGIN_SLOWDOWN_AFTER failures for a username from
# any addresses within LOGIN_SLOWDOWN_WINDOW seconds, every further attempt for it waits
# LOGIN_SLOWDOWN_SECONDS before the password is checked — its owner still gets in.


def _username_key(username: str) -> str:
    return hashlib.sha256((username or "").strip().casefold().encode("utf-8")).hexdigest()


def login_failed(username: str) -> None:
    """Count one failed password login for `username`, whatever the address."""
    if not username:
        return
    hit(
        "login-failures",
        _username_key(username),
        limit=settings.LOGIN_SLOWDOWN_AFTER,
        window=settings.LOGIN_SLOWDOWN_WINDOW,
    )


def login_delay(username: str) -> float:
    """Seconds an attempt for `username` waits: 0 under the ceiling, a bounded delay above."""
    if username and blocked(
        "login-failures", _username_key(username), limit=settings.LOGIN_SLOWDOWN_AFTER
    ):
        return float(settings.LOGIN_SLOWDOWN_SECONDS)
    return 0.0


def login_slow_down(username: str) -> float:
    """Wait as long as `login_delay` says (before the password is checked); returns it."""
    delay = login_delay(username)
    if delay > 0:
        sleep(delay)
    return delay
