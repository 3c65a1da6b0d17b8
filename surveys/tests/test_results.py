"""Results per questionnaire: response rate, distributions, means, open answers; anonymous
summaries hidden below three responses; xlsx export; who may see them."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import QuestionnaireKind
from surveys.services import responses
from surveys.tests.conftest import give_consent, questionnaire_of
from surveys.tests.test_consent import fill_required
from tests.factories import StaffMemberFactory


@pytest.fixture
def satisfaction(programme):
    return questionnaire_of(programme, QuestionnaireKind.SATISFACTION)


def _answer(questionnaire, invite, n, first_scale=8, text="Всё понравилось"):
    version = questionnaire.versions.get()
    for i in range(n):
        person = StaffMemberFactory(organisation=questionnaire.programme.organisation)
        give_consent(person)
        invitation, _ = invite(questionnaire, person)
        data = {}
        for q in version.questions.all():
            if q.kind == "scale":
                data[q.pk] = first_scale
            elif q.kind == "long_text":
                data[q.pk] = f"{text} {i}"
        responses.save_answers(
            invitation=invitation, data=fill_required(version, data), submit=True
        )


def _results(client, questionnaire):
    return client.get(
        reverse("surveys:results", args=[questionnaire.programme.pk, questionnaire.pk])
    )


def test_a_summary_of_two_responses_hides_the_breakdown(curator_client, satisfaction, invite):
    _answer(satisfaction, invite, 2)
    text = _results(curator_client, satisfaction).content.decode()
    assert "Ответили <strong>2</strong>" in text
    assert "сводка не показывается" in text
    assert "<svg" not in text and "Всё понравилось" not in text


def test_a_summary_of_three_responses_shows_charts_means_and_open_answers(
    curator_client, satisfaction, invite
):
    _answer(satisfaction, invite, 3)
    text = _results(curator_client, satisfaction).content.decode()
    assert "сводка не показывается" not in text
    assert "<svg" in text
    assert "среднее: <strong>8</strong>" in text
    assert "Всё понравилось 2" in text


def test_an_anonymous_summary_lists_open_answers_by_text_not_by_submission(
    curator_client, satisfaction, invite
):
    # Submitted Г…, А…, Я… (alphabetical neither way): the list of who answered must not
    # line up with the texts.
    for word in ("Группа поддержки", "Атмосфера", "Ясные цели"):
        _answer(satisfaction, invite, 1, text=word)
    text = _results(curator_client, satisfaction).content.decode()
    shown = [text.index(word) for word in ("Атмосфера", "Группа поддержки", "Ясные цели")]
    assert shown == sorted(shown)
    code = satisfaction.versions.get().questions.filter(kind="long_text").first().code
    url = reverse("surveys:results_open", args=[satisfaction.programme.pk, satisfaction.pk, code])
    page = curator_client.get(url).content.decode()
    listed = [page.index(word) for word in ("Атмосфера", "Группа поддержки", "Ясные цели")]
    assert listed == sorted(listed)


def test_responses_export_to_xlsx(curator_client, satisfaction, invite):
    _answer(satisfaction, invite, 3, text="=HYPERLINK(1)")
    page = curator_client.get(
        reverse("surveys:results_xlsx", args=[satisfaction.programme.pk, satisfaction.pk])
    )
    sheet = load_workbook(io.BytesIO(page.content)).active
    rows = list(sheet.values)
    assert len(rows) == 4
    assert rows[0][0] == "№"
    flat = [str(v) for row in rows[1:] for v in row if v is not None]
    assert any(v.startswith("'=HYPERLINK") for v in flat)  # formulas escaped
    assert "Респондент" not in rows[0]  # satisfaction is anonymous


def test_an_anonymous_export_has_no_time_and_rows_not_in_the_order_of_answering(
    curator_client, satisfaction, invite
):
    for word in ("Группа поддержки", "Атмосфера", "Ясные цели"):
        _answer(satisfaction, invite, 1, text=word)
    page = curator_client.get(
        reverse("surveys:results_xlsx", args=[satisfaction.programme.pk, satisfaction.pk])
    )
    rows = list(load_workbook(io.BytesIO(page.content)).active.values)

    assert "Отправлена" not in rows[0]
    words = ("Группа поддержки", "Атмосфера", "Ясные цели")
    texts = [
        next(w for v in row for w in words if isinstance(v, str) and v.startswith(w))
        for row in rows[1:]
    ]
    assert texts == ["Атмосфера", "Группа поддержки", "Ясные цели"]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]


def test_a_curator_of_another_organisation_cannot_see_the_responses(
    other_curator_client, satisfaction, mentee_intake, invite, bob
):
    _answer(satisfaction, invite, 3)
    programme = satisfaction.programme
    urls = [
        reverse("surveys:questionnaire_list", args=[programme.pk]),
        reverse("surveys:results", args=[programme.pk, satisfaction.pk]),
        reverse("surveys:results_xlsx", args=[programme.pk, satisfaction.pk]),
        reverse("surveys:invitation_list", args=[programme.pk, mentee_intake.pk]),
        reverse("surveys:invitation_sheets", args=[programme.pk, mentee_intake.pk]),
        reverse("surveys:consent_list", args=[programme.pk]),
        reverse("surveys:side_by_side", args=[programme.pk, bob.pk]),
        reverse("surveys:third_party", args=[programme.pk]),
    ]
    for url in urls:
        assert other_curator_client.get(url).status_code == 404, url


def test_a_teacher_cannot_see_results_or_consents(teacher_client, satisfaction):
    programme = satisfaction.programme
    for url in (
        reverse("surveys:results", args=[programme.pk, satisfaction.pk]),
        reverse("surveys:consent_list", args=[programme.pk]),
        reverse("surveys:questionnaire_list", args=[programme.pk]),
    ):
        assert teacher_client.get(url).status_code == 403, url


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_invitation_list_and_results_keep_their_query_count_as_rows_grow(
    curator_client, satisfaction, invite
):
    programme = satisfaction.programme
    invitations_url = reverse("surveys:invitation_list", args=[programme.pk, satisfaction.pk])
    results_url = reverse("surveys:results", args=[programme.pk, satisfaction.pk])
    consents_url = reverse("surveys:consent_list", args=[programme.pk])
    _answer(satisfaction, invite, 3)
    small = [_queries(curator_client, u) for u in (invitations_url, results_url, consents_url)]
    _answer(satisfaction, invite, 30)
    large = [_queries(curator_client, u) for u in (invitations_url, results_url, consents_url)]
    assert small == large


def test_dashboard_shows_answered_of_invited_and_consents(
    curator_client, programme, mentee_intake, invite
):
    people = [StaffMemberFactory(organisation=programme.organisation) for _ in range(3)]
    version = mentee_intake.versions.get()
    for i, person in enumerate(people):
        invitation, _ = invite(mentee_intake, person)
        if i < 2:
            give_consent(person)
        if i == 0:
            responses.save_answers(
                invitation=invitation, data=fill_required(version, {}), submit=True
            )
    text = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content.decode()
    assert "ответили 1 из 3, согласий 2" in text
