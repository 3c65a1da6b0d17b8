"""`CACHE_URL` → Django's CACHES entry (read by the settings, so nothing here imports Django).

    db://                 the database cache in the table `django_cache` (`createcachetable`,
                          run by bin/serve), shared by every app server on the same database
    db://other_table      the same in another table
    redis://host:6379/0   Redis through Django's own RedisCache (also rediss://, unix://)
    locmem://             each process's own memory: development and tests only

The throttles (mentoring/throttle.py) count in this cache: with more than one process or app
server it must be a shared one (db:// or redis://)."""

import re

DATABASE_BACKEND = "mentoring.cache.DatabaseCache"
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"
DEFAULT_TABLE = "django_cache"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def cache_from_url(url: str, *, max_entries: int = 200_000) -> dict:
    """The CACHES["default"] entry for `url`; ValueError for a URL this product does not know."""
    scheme, separator, rest = (url or "").strip().partition("://")
    scheme = scheme.lower()
    if not separator:
        raise ValueError(f"CACHE_URL «{url}»: expected db://, redis://… or locmem://")
    if scheme == "db":
        table = rest.strip("/") or DEFAULT_TABLE
        if not _NAME.match(table):
            raise ValueError(f"CACHE_URL «{url}»: «{table}» is not a table name")
        # A flood of new keys must not cull the throttles' counters: the database cache removes
        # a third of its rows once it holds more than MAX_ENTRIES.
        return {
            "BACKEND": DATABASE_BACKEND,
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": REDIS_BACKEND, "LOCATION": url.strip()}
    if scheme == "locmem":
        return {"BACKEND": LOCMEM_BACKEND, "LOCATION": rest.strip("/") or "mentoring"}
    raise ValueError(f"CACHE_URL «{url}»: expected db://, redis://… or locmem://")
