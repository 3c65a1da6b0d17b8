"""Counting attempts in the cache, to slow down guessing and flooding: sign-in links asked for
by email, tokens of personal links tried one after another.

One shared helper so that every place that throttles counts the same way. The counter lives in
the configured cache (per process with the default local-memory cache; shared between app
processes once a shared cache such as Redis or the database cache is configured)."""

from django.core.cache import cache


def _key(scope: str, who: str) -> str:
    return f"throttle:{scope}:{who}"


def hit(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one attempt of `who` (an IP address, an email…) in `scope`; True while the count
    within `window` seconds stays within `limit`, False once it is over."""
    key = _key(scope, who)
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def blocked(scope: str, who: str, *, limit: int) -> bool:
    """Whether `who` has already used up `limit` attempts in `scope` (nothing is counted)."""
    return (cache.get(_key(scope, who)) or 0) >= limit


def client_ip(request) -> str:
    # Behind the reverse proxy REMOTE_ADDR is the proxy's unless the proxy sets it (see README).
    return request.META.get("REMOTE_ADDR") or "unknown"
