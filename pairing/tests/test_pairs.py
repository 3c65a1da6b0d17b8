"""The pair's page for its mentor, its mentees and the curator; nobody else sees a pair; the
mentor ends the mentoring early with the art. 351.8 notice."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pairing.models import (
    CalendarFeed,
    FeedbackRequest,
    OrderAction,
    PairingStatus,
    PlanComment,
    SignInLink,
)
from pairing.services import feedback as feedback_services
from pairing.services import meetings as meeting_services
from pairing.services import orders as order_services
from pairing.services import plans as plan_services
from pairing.services import signin as signin_services
from programme.models.audit import AuditEntry
from programme.models.personal_data import ERASED_TEXT
from surveys.services import consents
from tests.factories_pair_work import (
    active_pairs,
    confirmed_pairing,
    held,
    login,
    meeting,
    mentee_of,
    plan_with_rows,
)
from tests.factories_pairing import give_processing_consent
from tests.files import pdf_bytes


def test_the_mentee_sees_both_people_the_order_the_plan_and_the_meetings(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    plan_with_rows(pairing, 2, approve_by=curator)
    held(pairing, "organisational", dt.date(2024, 9, 5), topic="Знакомство и ожидания")
    mentor = pairing.mentor.staff
    me = mentee_of(pairing)

    page = login(me).get(reverse("pairing:pair", args=[pairing.pk])).content.decode()

    assert mentor.full_name in page and me.full_name in page
    assert "стаж 6\u00a0лет" in page and "категория: первая" in page
    assert "Закреплена приказом № 45-о от 02.09.2024" in page
    assert "Версия 1</a> — утверждён" in page and "Выполнено 0 из 2" in page
    assert "Знакомство и ожидания" in page
    assert "Прекратить наставничество досрочно" not in page  # the mentor's, not hers


def test_what_to_do_next_starts_with_the_organisational_meeting_and_the_plan(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]

    page = login(pairing.mentor.staff).get(reverse("pairing:pair", args=[pairing.pk]))

    steps = [s.text for s in page.context["page"].steps]
    assert any(s.startswith("Составьте индивидуальный план развития") for s in steps)
    assert "Запланируйте следующую встречу: организационная (знакомство)" in steps


def _pair_routes():
    """Every route of a pair's own pages: those under pairs/, plans/ and meetings/."""

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "pairing":
                route = prefix + str(p.pattern)
                if route.startswith(("pairs/", "plans/", "meetings/")):
                    yield p.name, route

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def two_pairs(programme, curator):
    mine, theirs = active_pairs(programme, curator, 2)
    plan = plan_with_rows(theirs, 1)
    row = plan.activities.get()
    plan_services.plan_activity_mark(
        activity=row,
        done_on=dt.date(2024, 10, 5),
        evidence_file=SimpleUploadedFile("конспект.pdf", pdf_bytes()),
        today=dt.date(2024, 10, 6),
    )
    their_meeting = held(theirs, "organisational", dt.date(2024, 9, 5))
    attachment = meeting_services.meeting_attachment_add(
        meeting=their_meeting, upload=SimpleUploadedFile("фото.pdf", pdf_bytes()), by=None
    )
    ids = {
        "pairs/": theirs.pk,
        "plans/": plan.pk,
        "meetings/": their_meeting.pk,
        "membership_pk": theirs.members.get().pk,
        "activity_pk": row.pk,
        "attachment_pk": attachment.pk,
    }
    return mine, theirs, ids


def _url(route, ids):
    prefix = route.split("/", 1)[0] + "/"

    def fill(match):
        name = match.group(2)
        return str(ids[prefix] if name == "pk" else ids[name])

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route)


ROUTES = _pair_routes()


def test_the_sweep_sees_every_page_of_a_pair():
    names = {name for name, _route in ROUTES}
    assert {"pair", "plan", "plan_pdf", "plan_evidence", "meeting", "meeting_ics"} <= names
    assert {"meeting_attachment", "meeting_outcome", "pair_end", "plan_for"} <= names


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_a_mentee_of_one_pair_gets_404_on_another_pairs_pages_plans_meetings_and_files(
    two_pairs, name, route
):
    mine, _theirs, ids = two_pairs
    client = login(mentee_of(mine))
    url = _url(route, ids)

    assert client.get(url).status_code in (404, 405), url
    assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_another_kindergartens_curator_and_the_regional_coordinator_get_404(
    two_pairs, other_curator_client, regional_client, name, route
):
    _mine, _theirs, ids = two_pairs
    url = _url(route, ids)

    for client in (other_curator_client, regional_client):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url


def test_the_pairs_own_people_and_the_curator_open_its_files(two_pairs, curator_client):
    _mine, theirs, ids = two_pairs
    evidence = reverse("pairing:plan_evidence", args=[ids["plans/"], ids["activity_pk"]])
    photo = reverse("pairing:meeting_attachment", args=[ids["meetings/"], ids["attachment_pk"]])

    for client in (curator_client, login(mentee_of(theirs)), login(theirs.mentor.staff)):
        answer = client.get(evidence)
        assert answer.status_code == 200
        assert quote("конспект.pdf") in answer["Content-Disposition"]
        assert client.get(photo).status_code == 200


def test_in_a_group_a_mentee_sees_only_her_own_plan(programme, curator):
    group = active_pairs(programme, curator, 1, group_of=2)[0]
    first, second = group.members.order_by("pk")
    plan_services.plan_create(membership=first, by=None)
    their_plan = plan_services.plan_create(membership=second, by=None)

    client = login(first.mentee.staff)

    assert client.get(reverse("pairing:pair", args=[group.pk])).status_code == 200
    assert client.get(reverse("pairing:plan", args=[their_plan.pk])).status_code == 404
    assert client.get(reverse("pairing:plan_for", args=[group.pk, second.pk])).status_code == 404


def test_the_head_of_the_kindergarten_sees_every_pair(programme, curator, head_client):
    pairing = active_pairs(programme, curator, 1)[0]

    assert head_client.get(reverse("pairing:pair", args=[pairing.pk])).status_code == 200


def test_a_proposal_on_the_board_has_no_page_yet(programme, curator, curator_client):
    proposal = confirmed_pairing(programme, "Орлова", "Журавлёва", status="proposed")

    assert curator_client.get(reverse("pairing:pair", args=[proposal.pk])).status_code == 404


# --- Ending early by the mentor (art. 351.8) ---------------------------------------------


def test_ending_early_by_the_mentor_records_the_notice_and_ends_3_working_days_on_past_a_holiday(
    programme, curator
):
    pairing = active_pairs(programme, curator, 1)[0]
    client = login(pairing.mentor.staff)

    # Wednesday 07.05.2025: 08.05 is a day off moved from 23.02, 09.05 is Victory Day, then the
    # weekend; the working days counted are 12, 13 and 14 May.
    answer = client.post(
        reverse("pairing:pair_end", args=[pairing.pk]),
        {"reason": "перевод на другую должность", "notice_on": "2025-05-07", "on": ""},
    )

    assert answer.status_code == 302
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.TERMINATED
    assert pairing.ended_by_mentor is True
    assert pairing.notice_on == dt.date(2025, 5, 7)
    assert pairing.ended_on == dt.date(2025, 5, 14)
    draft = order_services.order_draft(programme=programme, by=curator)
    assert [i.action for i in draft.items.all()] == [OrderAction.END]
    assert draft.items.get().snapshot["notice_on"] == "07.05.2025"


def test_the_mentor_cannot_end_sooner_than_the_notice_allows(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    client = login(pairing.mentor.staff)

    page = client.post(
        reverse("pairing:pair_end", args=[pairing.pk]),
        {"reason": "болезнь", "notice_on": "2025-05-07", "on": "2025-05-12"},
    )

    assert page.status_code == 200
    assert "не ранее 14.05.2025" in page.content.decode()
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.ACTIVE


def test_a_mentee_cannot_end_the_mentoring_from_the_pair_page(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]

    answer = login(mentee_of(pairing)).post(
        reverse("pairing:pair_end", args=[pairing.pk]), {"reason": "не хочу"}
    )

    assert answer.status_code == 403
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.ACTIVE


# --- A constant number of queries ------------------------------------------------------------


def _busy_pairs(programme, curator, count):
    pairs = active_pairs(programme, curator, count)
    for pairing in pairs:
        plan_with_rows(pairing, 3, approve_by=curator)
        held(pairing, "organisational", dt.date(2024, 9, 5))
        meeting(pairing, "trial", dt.date(2024, 9, 20))
    return pairs


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pair_pages_query_count_is_the_same_for_5_and_50_pairs(
    programme, curator, curator_client
):
    first = _busy_pairs(programme, curator, 5)[0]
    mentor = login(first.mentor.staff)
    url = reverse("pairing:pair", args=[first.pk])
    few_curator, few_mentor = _queries(curator_client, url), _queries(mentor, url)

    for i in range(45):
        confirmed_pairing(programme, f"Ещё{i}", f"Наставляемая-ещё{i}")
    order_services.order_register(order=_amendment(programme, curator), by=curator)
    held(first, "regular", dt.date(2024, 10, 1))
    meeting(first, "regular", dt.date(2024, 11, 1))

    assert _queries(curator_client, url) == few_curator
    assert _queries(mentor, url) == few_mentor


def _amendment(programme, curator):
    order = order_services.order_draft(programme=programme, by=curator)
    order_services.order_update(order=order, number="46-о", date=dt.date(2024, 9, 3))
    return order


# --- Withdrawal and the audit trail --------------------------------------------------------


def test_withdrawing_consent_erases_her_comments_links_calendar_and_feedback_requests(
    programme, curator
):
    pairing = active_pairs(programme, curator, 1)[0]
    me = mentee_of(pairing)
    give_processing_consent(me)
    plan = plan_with_rows(pairing, 1)
    plan_services.plan_comment(plan=plan, by=None, author=me, text="Мой комментарий")
    plan_services.plan_comment(plan=plan, by=None, author=pairing.mentor.staff, text="Ответ")
    signin_services.signin_link_create(staff=me, channel="printed")
    meeting_services.calendar_feed_create(staff=me)
    feedback_services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    feedback_services.feedback_send_due(today=dt.date(2024, 10, 1))

    consents.consent_withdraw(staff=me, kind="processing", channel="online")

    # Hers are deleted; the mentor's stays as a row, its text (which may quote her) erased.
    assert list(PlanComment.objects.values_list("text", flat=True)) == [ERASED_TEXT]
    assert not SignInLink.objects.filter(staff=me).exists()
    assert not CalendarFeed.objects.filter(staff=me).exists()
    assert not FeedbackRequest.objects.filter(staff=me).exists()
    assert plan.activities.count() == 1  # the pair's plan stays with the order that fixed it


def test_the_plans_and_meetings_changes_are_in_the_audit_trail(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    plan = plan_with_rows(pairing, 1)
    made = meeting(pairing)

    about_her = AuditEntry.objects.filter(person_id=mentee_of(pairing).pk)
    assert about_her.filter(object_pk=str(plan.pk), content_type__model="plan").exists()
    assert AuditEntry.objects.filter(
        object_pk=str(made.pk), content_type__model="meeting", person_id=pairing.mentor.staff_id
    ).exists()
