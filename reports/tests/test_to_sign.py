"""The head's page of documents waiting for her signature: draft orders and plans sent for
approval, each with its PDF; her kindergarten's only."""

import pytest
from django.urls import reverse

from pairing.services import orders as order_services
from pairing.services import plans as plan_services
from pairing.tests.test_orders import confirmed_pair
from tests.factories import UserFactory
from tests.factories_pair_work import active_pairs, plan_with_rows

URL = "/to-sign/"


@pytest.fixture
def papers(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    plan = plan_with_rows(pairing, 2)
    plan = plan_services.plan_submit(plan=plan)
    confirmed_pair(programme, "Орлова", "Журавлёва")
    draft = order_services.order_draft(programme=programme, by=curator)
    return draft, plan


def test_the_head_sees_the_draft_order_and_the_plan_to_approve_with_their_pdfs(
    head_client, programme, papers
):
    draft, plan = papers

    html = head_client.get(reverse("reports:to_sign")).content.decode()

    assert reverse("reports:to_sign") == URL
    assert draft.title in html
    assert reverse("pairing:order_pdf", args=[programme.pk, draft.pk]) in html
    assert plan.membership.mentee.staff.full_name in html
    assert reverse("pairing:plan_pdf", args=[plan.pk]) in html
    pdf = head_client.get(reverse("pairing:order_pdf", args=[programme.pk, draft.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_curator_may_open_the_page_too(curator_client, papers):
    _draft, plan = papers

    html = curator_client.get(URL).content.decode()

    assert reverse("pairing:plan_pdf", args=[plan.pk]) in html


def test_another_kindergartens_head_sees_none_of_them(other_org, programme, papers):
    draft, plan = papers
    other_head = UserFactory(username="olga", organisation=other_org, role="head")
    client = login_user(other_head)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert draft.title not in html
    assert plan.membership.mentee.staff.full_name not in html
    assert "нет документов" in html


def test_a_teacher_gets_403(teacher_client, papers):
    assert teacher_client.get(URL).status_code == 403


def test_the_head_navigation_links_the_page(head_client, programme):
    html = head_client.get(reverse("programme:dashboard", args=[programme.pk])).content.decode()

    assert f'href="{URL}"' in html


def login_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_mentors_addendum_waits_for_signing_until_its_date_is_on_her_card(
    head_client, programme, curator
):
    import datetime as dt

    from programme.models.bases import LabourBasis
    from programme.services import bases as base_services

    pairing = active_pairs(programme, curator, 1)[0]
    mentor = pairing.mentor
    addendum = reverse("reports:mentor_addendum_pdf", args=[programme.pk, mentor.pk])

    html = head_client.get(URL).content.decode()
    assert "Дополнительные соглашения с наставниками" in html
    assert addendum in html
    assert mentor.staff.full_name in html
    pdf = head_client.get(addendum)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    base_services.mentor_update(
        profile=mentor,
        labour_consent_on=mentor.labour_consent_on,
        addendum_signed_on=dt.date(2024, 9, 3),
    )
    assert addendum not in head_client.get(URL).content.decode()

    base_services.mentor_update(
        profile=mentor, labour_basis=LabourBasis.DUTIES, addendum_signed_on=None
    )
    assert addendum not in head_client.get(URL).content.decode()  # no consent, no addendum
