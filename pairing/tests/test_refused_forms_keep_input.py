"""A form refused on the server keeps what was typed (issue 21 §4.5): the plan's row edit, its
done mark, the curator's «вернуть на доработку», the board's form and term of a pair, and the
order's registration come back with the person's input and the reason — not an empty form
behind a redirect. Nothing is saved."""

import datetime as dt

import pytest
from django.urls import reverse

from pairing.models import Pairing, PlanStatus
from pairing.services import orders as order_services
from pairing.services import plans as plan_services
from programme.validators import NOTE_MAX_LENGTH
from tests.factories import CompetencyFactory
from tests.factories_pair_work import active_pairs, confirmed_pairing, login, plan_with_rows
from tests.factories_pairing import included_mentee, ready_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, curator):
    return active_pairs(programme, curator, 1)[0]


def test_a_refused_row_edit_comes_back_as_typed(pair):
    plan = plan_with_rows(pair, 1)
    row = plan.activities.get()
    mentor = login(pair.mentor.staff)

    page = mentor.post(
        reverse("pairing:plan_activity_edit", args=[plan.pk, row.pk]),
        {
            f"a{row.pk}-content": "Посещение занятия по ФЭМП у наставника",
            f"a{row.pk}-kind": "consultation",
            f"a{row.pk}-starts_on": "2024-10-31",
            f"a{row.pk}-due_on": "2024-10-01",
            f"a{row.pk}-responsible": "both",
        },
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "Посещение занятия по ФЭМП у наставника" in html
    assert 'value="2024-10-31"' in html and '<details class="mt-1" open>' in html
    row.refresh_from_db()
    assert row.content.startswith("Мероприятие 1")


def test_a_refused_done_mark_keeps_the_typed_evidence_link(pair):
    plan = plan_with_rows(pair, 1)
    row = plan.activities.get()
    mentor = login(pair.mentor.staff)

    page = mentor.post(
        reverse("pairing:plan_activity_mark", args=[plan.pk, row.pk]),
        {f"m{row.pk}-done_on": "2400-01-01", f"m{row.pk}-evidence_url": "https://ds30.example/o"},
    )

    assert page.status_code == 200
    assert "https://ds30.example/o" in page.content.decode()
    row.refresh_from_db()
    assert row.done_on is None and row.evidence_url == ""


def test_a_refused_return_keeps_the_curators_words(pair, curator, curator_client):
    plan = plan_with_rows(pair, 1)
    plan_services.plan_submit(plan=plan)
    words = "Уточните сроки посещений. " * (NOTE_MAX_LENGTH // 20)

    page = curator_client.post(reverse("pairing:plan_return", args=[plan.pk]), {"text": words})

    assert page.status_code == 200
    assert "Уточните сроки посещений." in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_refused_term_on_the_board_comes_back_as_typed(curator_client, curator, programme):
    from pairing.services import board as board_services

    programme.starts_on, programme.ends_on = dt.date(2024, 9, 1), dt.date(2025, 5, 31)
    programme.save()
    ict = CompetencyFactory(organisation=programme.organisation, name="ИКТ")
    ready_mentor(programme, {ict: 3})
    included_mentee(programme, {ict: 1})
    board_services.board_run(programme=programme, by=curator)
    pairing = Pairing.objects.get()

    page = curator_client.post(
        reverse("pairing:board_terms", args=[programme.pk, pairing.pk]),
        {"form": "reverse", "starts_on": "2025-01-10", "ends_on": "2024-12-01"},
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="2025-01-10"' in html and 'value="2024-12-01"' in html
    assert '<option value="reverse" selected>' in html
    pairing.refresh_from_db()
    assert pairing.form != "reverse" and pairing.starts_on != dt.date(2025, 1, 10)


def test_a_refused_registration_keeps_the_signed_tick(curator_client, curator, programme):
    confirmed_pairing(programme, "Соболева", "Лисицына")
    order = order_services.order_draft(programme=programme, by=curator)

    page = curator_client.post(
        reverse("pairing:order_register", args=[programme.pk, order.pk]), {"signed": "on"}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "Укажите номер приказа" in html
    box = next(tag for tag in html.split("<input")[1:] if 'name="signed"' in tag.split(">")[0])
    assert "checked" in box.split(">")[0]
    order.refresh_from_db()
    assert not order.is_registered
