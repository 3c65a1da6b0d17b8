"""Settings of the mentoring programme manager.

Everything that differs between a laptop and production comes from the environment; every
variable has a default that works on a fresh machine (SQLite in the project folder, console
email, DEBUG on). Production: DJANGO_DEBUG=0 with a real SECRET_KEY and ALLOWED_HOSTS.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .cache_url import cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "common",
    "programme",
    "surveys",
    "pairing",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail's actor and address (a user, or «по личной ссылке»): programme/audit.py.
    "programme.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A closed year is read-only: every change to a closed programme refused (409).
    "programme.readonly.ClosedProgrammeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programme.context_processors.navigation",
            ],
            # Russian plurals («1 год», «2 года», «5 лет») on every page and document, and
            # `safe_url` for every stored address put into href/src.
            "builtins": ["common.templatetags.ru", "common.templatetags.links"],
        },
    },
]

WSGI_APPLICATION = "mentoring.wsgi.application"

# Database: SQLite in the project by default, PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a task worker share the file: WAL lets readers and the writer work
    # at once, and the busy timeout makes a writer wait instead of failing with "locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "programme.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out username/IP pairs before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures and lockouts in the database (AccessAttempt), seen by every app server alike.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# The pair is locked, never the username alone (that would lock its owner out from everywhere),
# and the address is the client's, also behind the proxy (TRUSTED_PROXIES below).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "mentoring.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Guessing one username from many addresses: past LOGIN_SLOWDOWN_AFTER failures for it (from any
# address) within LOGIN_SLOWDOWN_WINDOW seconds, each further attempt waits LOGIN_SLOWDOWN_SECONDS
# before the password is checked — slower, never locked (mentoring/throttle.py).
LOGIN_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_SLOWDOWN_AFTER", "20"))
LOGIN_SLOWDOWN_WINDOW = 60 * 60
LOGIN_SLOWDOWN_SECONDS = float(os.environ.get("LOGIN_SLOWDOWN_SECONDS", "3"))

# The reverse proxies whose X-Forwarded-For / X-Real-IP name the client (addresses or networks,
# comma-separated; none by default — then the headers are ignored and REMOTE_ADDR is the client).
# Behind the nginx of deploy/ on the same machine: TRUSTED_PROXIES=127.0.0.1.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: «{_proxy}» is not an address or a network."
        ) from None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions in the database: a request may land on any app server behind the proxy.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programme:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Omsk")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are served only through views that check access (no URL serves MEDIA_ROOT);
# a MEDIA_ROOT inside a static folder would let WhiteNoise serve them to anyone.
for _static in (STATIC_ROOT, *STATICFILES_DIRS):
    if MEDIA_ROOT.resolve().is_relative_to(Path(_static).resolve()):
        raise ImproperlyConfigured("MEDIA_ROOT must not be inside a static files folder.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nastavnichestvo@localhost")

# The shared cache: the throttles count in it (sign-in requests and letters, guessed personal and
# sign-in links, password failures per username: mentoring/throttle.py), so every app server and
# every gunicorn worker must see the same one. CACHE_URL (mentoring/cache_url.py): db:// — the
# database cache in the table django_cache (bin/serve runs createcachetable), the production
# default; redis://host:6379/0 — Redis through Django's RedisCache; locmem:// — each process's
# own memory, the default with DEBUG on (development). CACHE_MAX_ENTRIES: rows the database cache
# keeps before it culls a third of them; high, so a flood of new keys cannot cull the counters.
if "CACHE_BACKEND" in os.environ and "CACHE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "CACHE_BACKEND/CACHE_LOCATION are replaced by CACHE_URL (db://, redis://…, locmem://)."
    )
CACHE_URL = os.environ.get("CACHE_URL", "locmem://" if DEBUG else "db://")
try:
    CACHES = {
        "default": cache_from_url(
            CACHE_URL, max_entries=int(os.environ.get("CACHE_MAX_ENTRIES", "200000"))
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
# Wrong personal-link tokens from one address per minute before the answer becomes 429.
LINK_GUESS_LIMIT = int(os.environ.get("LINK_GUESS_LIMIT", "20"))

# Public address of the site, used in links sent by email and printed on QR codes.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (bulk email, large PDFs): in the database, run by `manage.py db_worker`.
# TASKS_IMMEDIATE=1 runs them in the request instead (demo, tests).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", DEBUG)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The monitor asks the app directly (http://127.0.0.1:8001/healthz), not through the proxy.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The assessment grid posts one field per person and parameter (300 people × 12 parameters).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# The audit trail (django-auditlog): who changed personal data, when, from where, what fields.
# Models are listed in programme/audit.py; entries older than the term are removed by
# `manage.py audit_prune` (run it nightly with the backup).
AUDITLOG_LOGENTRY_MODEL = "programme.AuditEntry"
AUDITLOG_STORE_JSON_CHANGES = True
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "1095"))

# Backups (`manage.py backup` / `manage.py restore`): where archives go, and the passphrase
# that encrypts them (set it in production and keep it apart from the archives).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")

# Content-Security-Policy (django-csp): the pages load only this site's own scripts, styles,
# images and fonts, never an inline <script>, style="…" or on…= handler (no template holds one:
# tests/test_csp.py), so a script slipped into a page through stored data cannot run. data:
# images are Bootstrap's icons inside its stylesheet (select arrows, check marks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
