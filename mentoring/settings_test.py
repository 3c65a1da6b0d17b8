"""Fast, deterministic settings for the test suite."""

from .settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
AXES_ENABLED = True
# No real waiting in tests: the per-username slow-down is tested with a recorded delay.
LOGIN_SLOWDOWN_SECONDS = 0.0
SITE_URL = "http://testserver"
# No persistent connections in tests: the live server's request threads (browser tests) then
# close their session at the end of every request instead of holding it while Chromium keeps the
# socket alive, so nothing is left on the test database when PostgreSQL drops it.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Each test process counts in its own memory whatever CACHE_URL the shell has; the shared caches
# are tested on their own (tests/test_shared_cache.py, tests/test_two_servers.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
