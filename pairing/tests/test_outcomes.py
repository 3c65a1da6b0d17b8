"""A pair's end: completion is not termination in the amendment order; the outcome the mentor
records and the curator confirms (its page, the overview, the roadmap's 6.6); what the page
says of the satisfaction questionnaire; «Моя пара» kept as history after the end."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pairing.models import GoalResult, OrderAction, PairingOutcome, PairingStatus
from pairing.selectors.outcomes import outcomes_progress
from pairing.services import orders as order_services
from pairing.services import outcomes as services
from pairing.services import pairings as pairing_services
from programme.exceptions import DomainError
from programme.progress import activity_progress
from surveys.models import (
    Consent,
    ConsentChannel,
    ConsentKind,
    Invitation,
    Questionnaire,
    QuestionnaireKind,
)
from surveys.services import consents
from tests.factories import StaffMemberFactory, UserFactory
from tests.factories_pair_work import active_pairs, held, login, mentee_of
from tests.factories_pairing import give_processing_consent


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def pairs(programme, curator):
    return active_pairs(programme, curator, 2)


@pytest.fixture
def completed(pairs):
    """The first pair held its final meeting on 30.04.2025, before its term (31.05.2025)."""
    pairing = pairs[0]
    held(pairing, "final", dt.date(2025, 4, 30))
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.COMPLETED
    return pairing


# --- Completion is not termination ---------------------------------------------------------


def test_completed_pair_never_listed_as_early_end_in_amendment(
    programme, curator, pairs, completed
):
    ended = pairs[1]
    pairing_services.pairing_terminate(
        pairing=ended, on=dt.date(2025, 3, 14), reason="перевод в другую организацию"
    )

    draft = order_services.order_draft(programme=programme, by=curator)
    order_services.order_update(order=draft, number="80-о", date=dt.date(2025, 5, 5))
    amendment = order_services.order_register(order=draft, by=curator)

    actions = {item.pairing_id: item.action for item in amendment.items.all()}
    assert actions == {completed.pk: OrderAction.COMPLETE, ended.pk: OrderAction.END}
    text = pdf_text(amendment.pdf.open("rb").read())
    flat = squeezed(text)
    completion = flat.index(squeezed("Считать завершённым с 30.04.2025"))
    termination = flat.index(squeezed("Прекратить досрочно с 14.03.2025"))
    assert flat.count(squeezed("Прекратить досрочно")) == 1
    # The completion's sentence names the completed pair, with its basis, and no early end.
    sentence = flat[completion : flat.index(".Основание", completion) + 80]
    assert squeezed(completed.mentor.staff.full_name) in sentence
    assert squeezed("в связи с проведением заключительной встречи") in sentence
    assert squeezed("Основание: запись о заключительной встрече от 30.04.2025") in flat
    termination_sentence = flat[termination : flat.index("Основание", termination)]
    assert squeezed(completed.mentor.staff.full_name) not in termination_sentence
    assert squeezed("Основание: перевод в другую организацию") in flat
    assert "Основание:." not in flat and "Основание:;" not in flat
    completed.refresh_from_db()
    assert completed.status == PairingStatus.COMPLETED and completed.ended_by == amendment


def test_a_pair_completed_at_the_end_of_its_term_needs_no_order(programme, curator, pairs):
    pairing = pairs[0]
    held(pairing, "final", dt.date(2025, 5, 31))

    with pytest.raises(DomainError, match="Нет утверждённых пар и изменений"):
        order_services.order_draft(programme=programme, by=curator)


def test_the_orders_page_counts_a_completion_apart_from_early_ends(
    curator_client, programme, completed
):
    page = curator_client.get(reverse("pairing:order_list", args=[programme.pk]))

    assert page.context["pending"].complete == 1 and page.context["pending"].end == 0
    html = page.content.decode()
    assert "завершённых до окончания срока" in html
    assert "прекращённых досрочно" not in html


# --- The outcome: rules --------------------------------------------------------------------


def test_the_mentor_records_the_outcome_once_and_may_change_it_until_confirmed(completed, curator):
    login(completed.mentor.staff)
    mentor_user = completed.mentor.staff.user

    first = services.outcome_record(
        pairing=completed, by=mentor_user, result=GoalResult.PARTIAL, conclusion="  Частично  "
    )
    second = services.outcome_record(
        pairing=completed, by=mentor_user, result=GoalResult.FULL, conclusion="Цель достигнута"
    )

    assert PairingOutcome.objects.filter(pairing=completed).count() == 1
    assert second.pk == first.pk
    second.refresh_from_db()
    assert (second.result, second.conclusion) == ("full", "Цель достигнута")
    assert second.recorded_by == mentor_user and second.confirmed_at is None

    services.outcome_confirm(pairing=completed, by=curator)
    second.refresh_from_db()
    assert second.is_confirmed and second.confirmed_by == curator
    with pytest.raises(DomainError, match="уже подтверждён"):
        services.outcome_record(
            pairing=completed, by=mentor_user, result=GoalResult.NOT_ACHIEVED, conclusion="Нет"
        )
    with pytest.raises(DomainError, match="уже подтверждён"):
        services.outcome_confirm(pairing=completed, by=curator)
    second.refresh_from_db()
    assert second.result == "full"

    services.outcome_return(pairing=completed, by=curator, note="Уточните заключение")
    services.outcome_record(
        pairing=completed, by=mentor_user, result=GoalResult.PARTIAL, conclusion="Уточнено"
    )
    second.refresh_from_db()
    assert (second.result, second.conclusion, second.confirmed_at) == (
        "partial",
        "Уточнено",
        None,
    )


def test_an_outcome_needs_an_ended_pair_a_result_and_a_conclusion(pairs, completed, curator):
    with pytest.raises(DomainError, match="когда пара завершена или прекращена"):
        services.outcome_record(
            pairing=pairs[1], by=None, result=GoalResult.FULL, conclusion="Рано"
        )
    with pytest.raises(DomainError, match="Напишите краткое заключение"):
        services.outcome_record(pairing=completed, by=None, result=GoalResult.FULL, conclusion=" ")
    with pytest.raises(DomainError, match="достигнута ли цель"):
        services.outcome_record(pairing=completed, by=None, result="maybe", conclusion="Да")
    with pytest.raises(DomainError, match="подтверждать нечего"):
        services.outcome_confirm(pairing=completed, by=curator)
    assert not PairingOutcome.objects.exists()


def test_a_pair_ended_early_gets_an_outcome_too(pairs):
    ended = pairs[1]
    pairing_services.pairing_terminate(pairing=ended, on=dt.date(2025, 3, 14), reason="болезнь")

    outcome = services.outcome_record(
        pairing=ended, by=None, result=GoalResult.NOT_ACHIEVED, conclusion="Не успели"
    )

    assert outcome.pairing_id == ended.pk


# --- The outcome: pages and who may do what ------------------------------------------------


def test_the_mentor_records_and_the_curator_confirms_on_the_pairs_page(completed, curator_client):
    url = reverse("pairing:pair", args=[completed.pk])
    mentor = login(completed.mentor.staff)
    page = mentor.get(url).content.decode()
    assert "Итог наставничества" in page and "достигнута частично" in page
    assert "Запишите итог наставничества" in page

    saved = mentor.post(
        reverse("pairing:outcome_record", args=[completed.pk]),
        {"result": "full", "conclusion": "Освоила планирование и работу с родителями"},
    )

    assert saved.status_code == 302
    outcome = PairingOutcome.objects.get(pairing=completed)
    assert outcome.result == "full" and outcome.recorded_by == completed.mentor.staff.user
    curator_page = curator_client.get(url).content.decode()
    assert "Освоила планирование" in curator_page and "Подтвердить итог" in curator_page

    confirmed = curator_client.post(reverse("pairing:outcome_confirm", args=[completed.pk]))

    assert confirmed.status_code == 302
    outcome.refresh_from_db()
    assert outcome.is_confirmed
    page = mentor.get(url).content.decode()
    assert "подтверждён куратором" in page and "Сохранить итог" not in page


def test_an_empty_conclusion_keeps_the_form_with_what_was_chosen(completed):
    mentor = login(completed.mentor.staff)

    answer = mentor.post(
        reverse("pairing:outcome_record", args=[completed.pk]), {"result": "partial"}
    )

    assert answer.status_code == 200
    assert "Напишите краткое заключение" in answer.content.decode()
    assert answer.context["outcome_form"]["result"].value() == "partial"
    assert not PairingOutcome.objects.exists()


def test_a_mentee_cannot_record_nor_confirm_the_outcome(completed):
    mentee = login(mentee_of(completed))

    recorded = mentee.post(
        reverse("pairing:outcome_record", args=[completed.pk]),
        {"result": "full", "conclusion": "Всё отлично"},
    )
    services.outcome_record(pairing=completed, by=None, result="partial", conclusion="Так")
    confirmed = mentee.post(reverse("pairing:outcome_confirm", args=[completed.pk]))
    returned = mentee.post(reverse("pairing:outcome_return", args=[completed.pk]))

    assert (recorded.status_code, confirmed.status_code, returned.status_code) == (403, 403, 403)
    outcome = PairingOutcome.objects.get()
    assert outcome.result == "partial" and not outcome.is_confirmed
    # She reads it on her pair's page.
    page = mentee.get(reverse("pairing:pair", args=[completed.pk])).content.decode()
    assert "достигнута частично" in page and "Сохранить итог" not in page


def test_the_mentor_cannot_confirm_her_own_outcome(completed):
    services.outcome_record(pairing=completed, by=None, result="full", conclusion="Да")

    answer = login(completed.mentor.staff).post(
        reverse("pairing:outcome_confirm", args=[completed.pk])
    )

    assert answer.status_code == 403
    assert not PairingOutcome.objects.get().is_confirmed


def test_another_kindergartens_curator_gets_404_for_the_outcome(completed, other_curator_client):
    services.outcome_record(pairing=completed, by=None, result="full", conclusion="Да")

    for name in ("outcome_record", "outcome_confirm", "outcome_return"):
        answer = other_curator_client.post(
            reverse(f"pairing:{name}", args=[completed.pk]),
            {"result": "not_achieved", "conclusion": "Чужая"},
        )
        assert answer.status_code == 404, name
    outcome = PairingOutcome.objects.get()
    assert outcome.result == "full" and not outcome.is_confirmed


def test_the_curator_returns_a_confirmed_outcome_with_a_note(completed, curator, curator_client):
    services.outcome_record(pairing=completed, by=None, result="full", conclusion="Да")
    services.outcome_confirm(pairing=completed, by=curator)

    curator_client.post(
        reverse("pairing:outcome_return", args=[completed.pk]), {"note": "Опишите результаты"}
    )

    outcome = PairingOutcome.objects.get()
    assert not outcome.is_confirmed and outcome.return_note == "Опишите результаты"
    page = login(completed.mentor.staff).get(reverse("pairing:pair", args=[completed.pk]))
    html = page.content.decode()
    assert "Опишите результаты" in html and "Сохранить итог" in html
    assert "Куратор вернул итог на доработку" in html


# --- Where the outcome is read -------------------------------------------------------------


def test_the_overview_and_its_export_show_the_outcome(completed, curator, curator_client):
    services.outcome_record(
        pairing=completed, by=None, result="partial", conclusion="Осталась документация"
    )
    services.outcome_confirm(pairing=completed, by=curator)
    programme = completed.programme

    html = curator_client.get(reverse("pairing:overview", args=[programme.pk])).content.decode()
    export = curator_client.get(reverse("pairing:overview_xlsx", args=[programme.pk]))

    assert "достигнута частично" in html and "подтверждён" in html
    sheet = load_workbook(io.BytesIO(export.content)).active
    headers = [c.value for c in sheet[2]]
    rows = {r[0]: dict(zip(headers, r, strict=False)) for r in sheet.iter_rows(3, values_only=True)}
    row = rows[completed.mentor.staff.full_name]
    assert row["Итог: цель наставничества"] == "достигнута частично (подтверждён)"
    assert row["Заключение наставника"] == "Осталась документация"


def test_stage_6_6_counts_the_ended_pairs_with_a_confirmed_outcome(
    programme, pairs, completed, curator
):
    pairing_services.pairing_terminate(pairing=pairs[1], on=dt.date(2025, 3, 14), reason="болезнь")
    assert outcomes_progress(programme)["6.6"].done == 0
    services.outcome_record(pairing=completed, by=None, result="full", conclusion="Да")
    assert outcomes_progress(programme)["6.6"].done == 0  # recorded, not confirmed

    services.outcome_confirm(pairing=completed, by=curator)

    figure = activity_progress(programme)["6.6"]
    assert (figure.done, figure.total) == (1, 2)
    assert figure.text.startswith("итог подтверждён у 1 из 2 завершившихся пар")
    assert "полностью — 1" in figure.text


def test_stage_6_6_counts_the_fixed_pairs_while_no_pair_has_ended(programme, pairs):
    assert activity_progress(programme)["6.6"].text == "завершены 0 из 2 пар"


# --- After the final meeting: what the page says of the satisfaction questionnaire --------


def _final_from_the_page(pairing):
    from tests.factories_pair_work import meeting

    final = meeting(pairing, "final", dt.date(2025, 4, 30))
    return login(pairing.mentor.staff).post(
        reverse("pairing:meeting_outcome", args=[final.pk]),
        {"held": "1", "notes": "", "result": "Итоги подведены"},
        follow=True,
    )


def test_the_page_says_the_questionnaire_went_out_and_how(pairs):
    pairing = pairs[0]
    mentee = mentee_of(pairing)
    mentee.email = ""
    mentee.save()
    Consent.objects.filter(staff=mentee).delete()  # never given: the link asks for it first

    html = _final_from_the_page(pairing).content.decode()

    assert "Анкета удовлетворённости отправлена" in html
    assert f"{pairing.mentor.staff.short_name} — по электронной почте" in html
    assert "без электронной почты: анкета ждёт на личной странице педагога" in html
    mentee_note = html[html.index(f"{mentee.short_name} — без электронной почты") :]
    assert mentee_note.split(";")[0].split("Не отправлена")[0].find("сначала будет предложено") > 0
    mentor_note = html[html.index(f"{pairing.mentor.staff.short_name} — по электронной почте") :]
    assert "сначала будет предложено" not in mentor_note.split(";")[0]


def test_a_switched_off_questionnaire_is_not_said_to_be_sent(programme, pairs):
    pairing = pairs[0]
    from surveys.services.questionnaires import load_presets

    load_presets(programme)
    Questionnaire.objects.filter(programme=programme, kind=QuestionnaireKind.SATISFACTION).update(
        is_active=False
    )

    html = _final_from_the_page(pairing).content.decode()

    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.COMPLETED
    assert "Анкета удовлетворённости отправлена" not in html
    assert "Анкета удовлетворённости не отправлена: в программе она отключена" in html
    assert not Invitation.objects.filter(questionnaire__kind=QuestionnaireKind.SATISFACTION)


def test_a_withdrawn_consent_gets_no_questionnaire_and_the_page_says_so(pairs):
    pairing = pairs[0]
    mentee = mentee_of(pairing)
    give_processing_consent(mentee)
    consents.consent_withdraw(
        staff=mentee, kind=ConsentKind.PROCESSING, channel=ConsentChannel.ONLINE, note="Отзыв"
    )

    html = _final_from_the_page(pairing).content.decode()

    asked = Invitation.objects.filter(questionnaire__kind=QuestionnaireKind.SATISFACTION)
    assert set(asked.values_list("staff_id", flat=True)) == {pairing.mentor.staff_id}
    assert f"Не отправлена: {mentee.short_name} — отозвано согласие" in html


# --- «Моя пара» after the end --------------------------------------------------------------


def test_my_pair_stays_on_the_mentors_and_the_mentees_page_after_the_end(completed, curator, org):
    services.outcome_record(pairing=completed, by=None, result="full", conclusion="Да")
    services.outcome_confirm(pairing=completed, by=curator)
    mentee = mentee_of(completed)

    for staff, line in ((completed.mentor.staff, "Вы были наставником"), (mentee, "Ваш наставник")):
        html = login(staff).get(reverse("programme:my_page")).content.decode()
        assert "Моя пара" in html and "Завершённое наставничество" in html, staff
        assert line in html
        assert "завершена 30.04.2025" in squeezed_spaces(html)
        assert "цель наставничества достигнута полностью (подтверждён куратором)" in html
        assert reverse("pairing:pair", args=[completed.pk]) in html

    outsider = UserFactory(username="nina", organisation=org, role="teacher")
    StaffMemberFactory(organisation=org, user=outsider, last_name="Посторонняя")
    client = login(outsider.staff_member)
    assert "Моя пара" not in client.get(reverse("programme:my_page")).content.decode()


def test_a_mentee_who_left_a_group_before_its_end_does_not_keep_it(programme, curator):
    group = active_pairs(programme, curator, 1, group_of=2)[0]
    leaver, stayer = [m for m in group.members.select_related("mentee__staff").all()]
    pairing_services.membership_leave(
        membership=leaver, on=dt.date(2025, 1, 10), reason="перевод в другую группу"
    )
    held(group, "final", dt.date(2025, 4, 30))

    html = login(leaver.mentee.staff).get(reverse("programme:my_page")).content.decode()
    kept = login(stayer.mentee.staff).get(reverse("programme:my_page")).content.decode()

    assert "Моя пара" not in html
    assert "Завершённое наставничество" in kept


def squeezed_spaces(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r"\s+", " ", html))
