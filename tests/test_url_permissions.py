"""Every page of a programme, swept from the URL configuration: a curator of another
kindergarten never gets anything but 403/404/405, a teacher never gets a programme's page, an
anonymous visitor is sent to login. New pages are covered as soon as they are routed."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE = {"scope": "mentees", "code": "1.1", "slug": "ds30", "token": "x"}
NAMESPACES = {"programme", "surveys", "reports", "pairing"}


def _routes():
    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES:
                route = prefix + str(p.pattern)
                if "<int:pk>" in route:
                    yield f"{namespace}:{p.name}", route

    return sorted(set(walk(get_resolver().url_patterns)))


def _url(route, programme_pk):
    import re

    def fill(match):
        kind, name = match.group(1), match.group(2)
        if name == "pk":
            return str(programme_pk)
        return "1" if kind == "int" else SAMPLE.get(name, "x")

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route)


ROUTES = _routes()


def test_the_sweep_sees_the_programmes_pages():
    names = {name for name, _route in ROUTES}
    assert {"programme:dashboard", "surveys:results", "reports:roadmap_pdf"} <= names
    assert len(ROUTES) > 40


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_another_kindergartens_curator_gets_nothing(other_curator_client, programme, name, route):
    url = _url(route, programme.pk)
    assert other_curator_client.get(url).status_code in (403, 404, 405), url
    assert other_curator_client.post(url, {}).status_code in (403, 404, 405), url


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_a_teacher_gets_no_programme_page(teacher_client, programme, name, route):
    url = _url(route, programme.pk)
    assert teacher_client.get(url).status_code in (403, 404, 405), url
    assert teacher_client.post(url, {}).status_code in (403, 404, 405), url


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_an_anonymous_visitor_is_sent_to_login(client, programme, name, route):
    url = _url(route, programme.pk)
    page = client.get(url)
    assert page.status_code in (302, 404, 405), url
    if page.status_code == 302:
        assert page["Location"].startswith("/accounts/login/"), url
