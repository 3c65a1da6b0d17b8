"""The curator's overview of all pairs: one table with filters, an xlsx export, and a query
count that does not grow with the number of pairs."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pairing.services import feedback as feedback_services
from pairing.services import orders as order_services
from tests.factories_pair_work import (
    active_pairs,
    confirmed_pairing,
    held,
    login,
    meeting,
    mentee_of,
    plan_with_rows,
)


def _busy(pairings, curator):
    for pairing in pairings:
        plan_with_rows(pairing, 2, approve_by=curator)
        held(pairing, "organisational", dt.date(2024, 9, 5))
        meeting(pairing, "trial", dt.date(2024, 9, 20))


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_overviews_query_count_is_the_same_for_5_and_50_pairs(
    programme, curator, curator_client
):
    _busy(active_pairs(programme, curator, 5), curator)
    feedback_services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    feedback_services.feedback_send_due(today=dt.date(2024, 10, 1))
    page = reverse("pairing:overview", args=[programme.pk])
    export = reverse("pairing:overview_xlsx", args=[programme.pk])
    few_page, few_export = _queries(curator_client, page), _queries(curator_client, export)

    more = [confirmed_pairing(programme, f"Ещё{i}", f"Наставляемая-ещё{i}") for i in range(45)]
    order = order_services.order_draft(programme=programme, by=curator)
    order_services.order_update(order=order, number="46-о", date=dt.date(2024, 9, 3))
    order_services.order_register(order=order, by=curator)
    for pairing in more:
        pairing.refresh_from_db()
    _busy(more, curator)

    assert len(curator_client.get(page).context["rows"]) == 50
    assert _queries(curator_client, page) == few_page
    assert _queries(curator_client, export) == few_export


def test_the_overview_shows_each_pairs_figures_and_filters(programme, curator, curator_client):
    calm, quiet = active_pairs(programme, curator, 2)
    plan_with_rows(calm, 2, approve_by=curator)
    held(calm, "organisational", dt.date(2024, 9, 5))
    held(calm, "trial", dt.date(2024, 9, 12))
    meeting(calm, "planning", dt.date(2024, 9, 26))
    url = reverse("pairing:overview", args=[programme.pk])

    rows = {r.pairing.pk: r for r in curator_client.get(url).context["rows"]}

    row = rows[calm.pk]
    assert (row.held, row.planned, row.last_held) == (2, 1, dt.date(2024, 9, 12))
    assert row.plan_state == "утверждён" and (row.plan_done, row.plan_total) == (0, 2)
    assert rows[quiet.pk].plan_state == "нет, просрочен"
    assert any("план" in a and "не утверждён в срок" in a for a in rows[quiet.pk].alerts)

    only_trouble = curator_client.get(url, {"alerts": "on"}).context["rows"]
    assert quiet.pk in [r.pairing.pk for r in only_trouble]
    by_name = curator_client.get(url, {"q": mentee_of(calm).last_name}).context["rows"]
    assert [r.pairing.pk for r in by_name] == [calm.pk]
    groups = curator_client.get(url, {"form": "group"}).context["rows"]
    assert groups == []


def test_the_export_holds_the_table_with_formulas_escaped(programme, curator, curator_client):
    pairing = active_pairs(programme, curator, 1)[0]
    mentee = mentee_of(pairing)
    mentee.last_name = "=HYPERLINK(1)"
    mentee.save()
    held(pairing, "organisational", dt.date(2024, 9, 5))

    answer = curator_client.get(reverse("pairing:overview_xlsx", args=[programme.pk]))

    sheet = load_workbook(BytesIO(answer.content)).active
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Наставник", "Наставляемые", "Форма"]
    row = [c.value for c in sheet[3]]
    assert row[0] == pairing.mentor.staff.full_name
    assert row[1].startswith("'=HYPERLINK(1)")
    assert row[6] == 1 and row[8] == dt.datetime(2024, 9, 5)


@pytest.mark.parametrize("name", ["overview", "overview_xlsx", "feedback"])
def test_a_mentor_gets_no_overview_and_another_kindergarten_gets_404(
    programme, curator, other_curator_client, name
):
    pairing = active_pairs(programme, curator, 1)[0]
    url = reverse(f"pairing:{name}", args=[programme.pk])

    assert login(pairing.mentor.staff).get(url).status_code == 403
    assert other_curator_client.get(url).status_code == 404
