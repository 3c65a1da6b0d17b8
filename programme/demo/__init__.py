"""A realistic demo kindergarten: staff of mixed positions and experience, logins for every
role, last year's (2023) finished and closed programme, and the 2024 programme copied from it
with its roadmap and every stage's records as far as the product goes.

Idempotent: every record is found by a natural key before it is made, so running the demo
again changes nothing. Each part adds its step in `demo/<part>.py`; `STEPS` runs them in
order. Steps of other apps are named by their path so that this app never imports them.
"""

from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from .base import DemoContext
from .programmes import build_programme
from .staff import DEMO_PASSWORD, build_organisation, build_staff, build_users

MEMORY_EMAIL = "django.core.mail.backends.locmem.EmailBackend"

STEPS: list[str] = [
    "programme.demo.events.build",
    "surveys.demo.build",
    "programme.demo.bases.build",
    "programme.demo.assessment.build",
    "programme.demo.interviews.build",
    "programme.demo.training.build",
    "pairing.demo.build",
    # the territory (issue 24): Омская область, г. Омск with ds30 and four more kindergartens
    "programme.demo.territories.build",
]


# Last year's programme (2023), finished through stage 7 (reports builds it: it needs every
# app); this year's is copied from it with the long-term mentors, then last year is closed.
LAST_YEAR = "reports.demo.build_last_year"
CLOSE_LAST_YEAR = "reports.demo.close_last_year"


def build_base() -> DemoContext:
    org = build_organisation()
    staff = build_staff(org)
    users = build_users(org, staff)
    ctx = DemoContext(organisation=org, programme=None, staff=staff, users=users)
    last_year = import_string(LAST_YEAR)(ctx)
    ctx.programme = build_programme(org, staff, previous=last_year)
    import_string(CLOSE_LAST_YEAR)(ctx, last_year)
    ctx.logins = [
        ("curator", DEMO_PASSWORD, "куратор (старший воспитатель) И.Н. Королёва"),
        ("head", DEMO_PASSWORD, "заведующий С.В. Синицына"),
        ("psychologist", DEMO_PASSWORD, "педагог-психолог О.П. Лебедева"),
        ("teacher", DEMO_PASSWORD, "молодой воспитатель Д.С. Захарова"),
        ("mentor", DEMO_PASSWORD, "опытный воспитатель Н.С. Волкова"),
        ("region", DEMO_PASSWORD, "региональный координатор (только чтение)"),
        ("admin", DEMO_PASSWORD, "суперпользователь (администрирование)"),
    ]
    return ctx


def run() -> DemoContext:
    """Build the demo in one transaction: the base, then every part's step in order. The demo's
    people have made-up addresses: the letters the steps send are kept in memory, not sent."""
    with override_settings(EMAIL_BACKEND=MEMORY_EMAIL), transaction.atomic():
        ctx = build_base()
        for step in STEPS:
            import_string(step)(ctx)
    return ctx
