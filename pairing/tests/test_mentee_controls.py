"""A mentee sees only the controls she may use (issue 21 §4.4): every link and form on the
pair's page, her plan (in each state) and the meetings, rendered for her, answers her with
something other than 403 — no «Изменить» that refuses her."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import transaction

from pairing.services import meetings as meeting_services
from pairing.services import plans as plan_services
from tests.factories_pair_work import active_pairs, held, login, meeting, mentee_of, plan_with_rows

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.I)
FORM = re.compile(r"<form\b([^>]*)>", re.I)


def controls(html: str, page: str) -> set[tuple[str, str]]:
    """(method, url) of every same-site link and form of the page."""
    found = set()
    for href in LINK.findall(html):
        href = unescape(href).split("#")[0]
        if href.startswith("/") and not href.startswith("//"):
            found.add(("get", href))
    for attrs in FORM.findall(html):
        method = re.search(r'method="(\w+)"', attrs, re.I)
        action = re.search(r'action="([^"]*)"', attrs, re.I)
        url = unescape(action.group(1)) if action and action.group(1) else page
        url = url.split("#")[0] or page
        if url.startswith("/"):
            found.add(((method.group(1).lower() if method else "get"), url))
    return found


def refused(client, pages) -> list[tuple[str, str, str]]:
    """Each control of each page tried as the person; nothing tried is kept."""
    bad = []
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, (page, response.status_code)
        for method, url in sorted(controls(response.content.decode(), page)):
            if url.startswith("/accounts/logout"):
                continue  # signing out is everyone's, and would end the crawl
            with transaction.atomic():
                answer = client.post(url, {}) if method == "post" else client.get(url)
                transaction.set_rollback(True)
            if answer.status_code == 403:
                bad.append((page, method, url))
    return bad


@pytest.fixture
def pair(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    # a meeting still to come lies within the term: the term reaches past it
    type(pairing).objects.filter(pk=pairing.pk).update(ends_on=dt.date(2031, 5, 31))
    pairing.refresh_from_db()
    return pairing


def _pages(pair, *meetings):
    from django.urls import reverse

    membership = pair.members.first()
    pages = [
        reverse("pairing:pair", args=[pair.pk]),
        reverse("pairing:plan_for", args=[pair.pk, membership.pk]),
    ]
    pages += [reverse("pairing:meeting", args=[m.pk]) for m in meetings]
    return pages


@pytest.mark.parametrize("plan_state", ["none", "draft", "submitted", "approved"])
def test_every_control_the_mentee_sees_is_hers_to_use(programme, curator, pair, plan_state):
    if plan_state != "none":
        plan = plan_with_rows(pair, approve_by=curator if plan_state == "approved" else None)
        if plan_state == "submitted":
            plan_services.plan_submit(plan=plan)
    done = held(pair, "organisational", dt.date(2024, 9, 10))
    coming = meeting(pair, "trial", dt.date(2030, 9, 17))
    mentee = login(mentee_of(pair))

    pages = _pages(pair, done, coming)
    if plan_state != "none":
        from django.urls import reverse

        pages.append(reverse("pairing:plan", args=[plan.pk]))

    assert refused(mentee, pages) == []


def test_the_mentor_still_sees_his_controls(programme, curator, pair):
    """The other side of the rule: the mentor's page keeps «Изменить» and the new meeting."""
    plan_with_rows(pair)
    coming = meeting(pair, "trial", dt.date(2030, 9, 17))
    mentor = login(pair.mentor.staff)
    from django.urls import reverse

    html = mentor.get(reverse("pairing:meeting", args=[coming.pk])).content.decode()

    assert reverse("pairing:meeting_edit", args=[coming.pk]) in html
    assert refused(mentor, _pages(pair, coming)) == []
    assert meeting_services  # the services used by the factories
