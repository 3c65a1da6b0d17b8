"""A closed year is read-only: the one place that refuses every change to a closed programme.

`ClosedProgrammeMiddleware` looks at the route a POST (PUT, PATCH, DELETE) resolved to and
finds the programme it belongs to:

- a route under `programmes/<int:pk>/` names it by its `pk`;
- a route that reaches a programme's record without it (a pair's, plan's or meeting's page, a
  questionnaire's personal link) is registered by the app that owns it with
  `register_programme_lookup(url_names, lookup)`: `lookup(kwargs)` returns a query of the
  programme's id (`….values("programme_id")`), read with the closed check in one query; when
  the record is not found, nothing is refused (the view then answers as it always does).

For a closed programme the change is refused with 409 and a Russian page before the view runs,
so nothing of it is done. Other organisations' closed programmes are not revealed: for them
the view answers its usual 403/404. Services that change a programme's records outside a page
check `programme.services.check_programme_open` as well.

What stays allowed on a closed programme (ALLOWED_ON_CLOSED): building its archive, copying it
to the next year (which changes nothing of it), the withdrawal of a consent (152-ФЗ: a person
may withdraw at any time) and a person's publication consent (her own document and choices,
withdrawal included, not a record of the programme). There is no reopening in the product: a
superuser may clear «год закрыт» in the admin.
"""

from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone

from .models import Programme

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
PROGRAMME_ROUTE = "programmes/<int:pk>/"

ALLOWED_ON_CLOSED = {
    "reports:archive",
    "programme:programme_copy",
    "surveys:fill_withdraw",
    "surveys:fill_mine_withdraw",
    "surveys:fill_publication",
}

Lookup = Callable[[dict], QuerySet | None]
_lookups: dict[str, tuple[Lookup, bool]] = {}


def register_programme_lookup(url_names: Iterable[str], lookup: Lookup, *, personal=False):
    """Routes whose programme is found from their kwargs by `lookup`. `personal`: a link that
    is its own proof of access (a token), answered 409 whoever follows it."""
    for name in url_names:
        _lookups[name] = (lookup, personal)


def registered_lookups() -> set[str]:
    return set(_lookups)


def programme_id_of(view_name: str, route: str, kwargs: dict) -> tuple[int | QuerySet | None, bool]:
    """(the programme's id — or a query of it — the route belongs to, or None; whether it is a
    personal link)."""
    if view_name in _lookups:
        lookup, personal = _lookups[view_name]
        return lookup(kwargs), personal
    if route.startswith(PROGRAMME_ROUTE) and "pk" in kwargs:
        return kwargs["pk"], False
    return None, False


def _may_learn_of(user, programme: Programme, personal: bool) -> bool:
    if personal or user.is_superuser:
        return True
    return user.is_authenticated and user.organisation_id == programme.organisation_id


def refusal_page(request, programme: Programme):
    closed_on = timezone.localtime(programme.closed_at)
    return render(
        request,
        "programme/closed.html",
        {"closed_programme": programme, "closed_on": closed_on},
        status=409,
    )


class ClosedProgrammeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        match = request.resolver_match
        if match is None or match.view_name in ALLOWED_ON_CLOSED:
            return None
        programme_id, personal = programme_id_of(match.view_name, match.route, view_kwargs)
        if programme_id is None:
            return None
        if isinstance(programme_id, QuerySet):
            closed = Programme.objects.filter(pk__in=programme_id, closed_at__isnull=False)
        else:
            closed = Programme.objects.filter(pk=programme_id, closed_at__isnull=False)
        programme = closed.only("pk", "organisation_id", "year", "title", "closed_at").first()
        if programme is None or not _may_learn_of(request.user, programme, personal):
            return None
        return refusal_page(request, programme)
