"""The mentor's 351.8 papers (written consent, addendum to the employment contract) printed from
her card, filled from her current pairs; and the Роструд case — mentoring in her duties —
recorded instead of a consent, accepted by the board and cited in the order's preamble."""

import datetime as dt
import io
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from common import formatting
from pairing import documents as pairing_documents
from pairing.selectors.board import candidate_mentors
from pairing.services import orders as order_services
from programme.exceptions import DomainError
from programme.models.bases import LabourBasis, MentorStatus
from programme.services import bases as base_services
from reports.documents import mentors as documents
from tests.factories_pair_work import active_pairs, confirmed_pairing, mentee_of
from tests.factories_pairing import ready_mentor


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def pairing(programme, curator):
    made = active_pairs(programme, curator, 1)[0]
    mentor = made.mentor
    mentor.addendum_pay = "25 % должностного оклада за каждого наставляемого ежемесячно"
    mentor.save()
    return made


def _url(name, pairing):
    return reverse(f"reports:{name}", args=[pairing.programme_id, pairing.mentor_id])


def test_the_addendum_names_the_mentor_the_mentee_the_term_the_pay_and_both_signatures(
    curator_client, pairing
):
    mentor = pairing.mentor.staff
    mentee = mentee_of(pairing)

    answer = curator_client.get(_url("mentor_addendum_pdf", pairing))

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    disposition = answer["Content-Disposition"]
    assert disposition.startswith("attachment;")
    russian = unquote(disposition.split("filename*=UTF-8''")[1])
    assert russian.startswith("Дополнительное соглашение о наставничестве Наставник0")
    flat = squeezed(pdf_text(answer.content))
    assert squeezed("ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ") in flat
    assert squeezed(f"и {mentor.full_name}, воспитатель, именуемая") in flat
    assert squeezed("в лице заведующего Синицыной Светланы Викторовны, действующей") in flat
    assert squeezed(f"{mentee.full_name}, воспитатель") in flat
    assert squeezed("Срок наставничества: с 02.09.2024 по 31.05.2025") in flat
    assert squeezed("Форма наставничества: педагог – педагог") in flat
    assert squeezed("25 % должностного оклада за каждого наставляемого ежемесячно") in flat
    assert squeezed("статья 351.8 Трудового кодекса") in flat
    assert squeezed("С.В.Синицына") in flat  # the head signs
    assert squeezed(f"{mentor.first_name[0]}.{mentor.patronymic[0]}.{mentor.last_name}") in flat
    assert squeezed("Экземпляр дополнительного соглашения получила") in flat


def test_the_consent_is_addressed_to_the_head_and_names_the_mentee(curator_client, pairing):
    mentor = pairing.mentor.staff
    mentee = mentee_of(pairing)

    answer = curator_client.get(_url("mentor_consent_pdf", pairing))

    assert answer.status_code == 200
    flat = squeezed(pdf_text(answer.content))
    assert squeezed("Заведующему Детский сад № 30 С.В. Синицыной") in flat  # three lines
    assert squeezed(f"от воспитателя {formatting.name_case(mentor.full_name, 'gent')}") in flat
    assert squeezed("СОГЛАСИЕ на осуществление наставничества") in flat
    assert squeezed(f"Я, {mentor.full_name}, воспитатель") in flat
    assert squeezed("в соответствии со статьёй 351.8 Трудового кодекса") in flat
    assert squeezed(mentee.full_name) in flat
    assert squeezed("с 02.09.2024 по 31.05.2025") in flat  # from the order's date


def test_the_addendum_takes_the_cards_terms_before_the_pairs(curator_client, pairing):
    mentor = pairing.mentor
    mentor.addendum_term = "с 01.10.2024 по 30.04.2025"
    mentor.addendum_content = "помощь в подготовке к аттестации"
    mentor.save()

    flat = squeezed(pdf_text(curator_client.get(_url("mentor_addendum_pdf", pairing)).content))

    assert squeezed("Срок наставничества: с 01.10.2024 по 30.04.2025") in flat
    assert squeezed("Содержание наставничества: помощь в подготовке к аттестации") in flat


def test_a_mentor_without_a_current_pair_gets_blank_lines_to_fill(curator_client, programme):
    mentor = ready_mentor(programme, {}, last_name="Безпарова")
    url = reverse("reports:mentor_addendum_pdf", args=[programme.pk, mentor.pk])

    flat = squeezed(pdf_text(curator_client.get(url).content))

    assert squeezed("Срок наставничества: с «___»") in flat
    assert squeezed("(наставляемого):") in flat and "______2.Содержание" in flat


def test_another_kindergartens_curator_gets_404_and_a_teacher_403(
    pairing, other_curator_client, teacher_client
):
    for name in ("mentor_consent_pdf", "mentor_addendum_pdf"):
        assert other_curator_client.get(_url(name, pairing)).status_code == 404
        assert teacher_client.get(_url(name, pairing)).status_code == 403


def test_the_card_offers_both_papers(curator_client, pairing):
    page = curator_client.get(
        reverse("programme:mentor_edit", args=[pairing.programme_id, pairing.mentor_id])
    ).content.decode()

    assert _url("mentor_consent_pdf", pairing) in page
    assert _url("mentor_addendum_pdf", pairing) in page


# --- The Роструд case: mentoring in her duties ----------------------------------------------


def _duties(mentor):
    return base_services.mentor_update(
        profile=mentor,
        labour_basis=LabourBasis.DUTIES,
        labour_duties_note="должностная инструкция старшего воспитателя, п. 2.7",
    )


def test_the_curator_records_the_duties_case_on_the_card(curator_client, programme, pairing):
    mentor = pairing.mentor

    answer = curator_client.post(
        reverse("programme:mentor_edit", args=[programme.pk, mentor.pk]),
        {
            "labour_basis": "duties",
            "labour_duties_note": "должностная инструкция, п. 2.7",
            "competencies-TOTAL_FORMS": "0",
            "competencies-INITIAL_FORMS": "0",
        },
    )

    assert answer.status_code == 302
    mentor.refresh_from_db()
    assert mentor.labour_basis == LabourBasis.DUTIES and mentor.labour_consent_on is None
    assert mentor.labour_duties_note == "должностная инструкция, п. 2.7"
    assert mentor.has_labour_basis
    page = curator_client.get(reverse("programme:mentor_list", args=[programme.pk]))
    assert "в должностных обязанностях" in page.content.decode()
    # No consent paper for her: it says why instead.
    refused = curator_client.get(_url("mentor_consent_pdf", pairing), follow=True)
    assert "письмо Роструда от 02.10.2025 № ТЗ/7300-6-1" in refused.content.decode()
    flat = squeezed(pdf_text(curator_client.get(_url("mentor_addendum_pdf", pairing)).content))
    assert squeezed("Наставничество входит в должностные обязанности Работника") in flat


def test_the_duties_case_satisfies_the_consent_requirement_on_the_board(programme):
    senior = ready_mentor(programme, {}, last_name="Старшая", labour_consent=False)
    assert senior not in candidate_mentors(programme)
    with pytest.raises(DomainError, match="только с письменного согласия"):
        base_services.mentor_set_status(senior, MentorStatus.MENTOR)

    _duties(senior)

    assert senior in candidate_mentors(programme)
    base_services.mentor_set_status(senior, MentorStatus.MENTOR)
    senior.refresh_from_db()
    assert senior.status == MentorStatus.MENTOR


def test_the_order_preamble_names_the_mentor_whose_duties_include_mentoring(programme, curator):
    consenting = confirmed_pairing(programme, "Орлова", "Журавлёва")
    senior = confirmed_pairing(programme, "Иванова", "Лисицына")
    _duties(senior.mentor)
    assert consenting.mentor.labour_basis == LabourBasis.CONSENT

    draft = order_services.order_draft(programme=programme, by=curator)
    order_services.order_update(order=draft, number="45-о", date=dt.date(2024, 9, 2))
    order = order_services.order_register(order=draft, by=curator)

    flat = squeezed(pdf_text(order.pdf.open("rb").read()))
    staff = senior.mentor.staff
    initials = f"{staff.first_name[0]}.{staff.patronymic[0]}."
    assert (
        squeezed(
            "на основании письменного согласия наставников на осуществление наставничества "
            f"(статья 351.8 Трудового кодекса Российской Федерации), а для Ивановой {initials} — "
            "в соответствии с должностными обязанностями (письмо Роструда от 02.10.2025 "
            "№ ТЗ/7300-6-1) и заявлений наставляемых"
        )
        in flat
    )


def test_an_order_of_only_duties_mentors_cites_no_consent(programme, curator):
    senior = confirmed_pairing(programme, "Иванова", "Лисицына")
    _duties(senior.mentor)

    order = order_services.order_draft(programme=programme, by=curator)

    text = pairing_documents.labour_basis_phrase(list(order.items.all()))
    assert text.startswith("должностных обязанностей наставников")
    assert "письменного согласия" not in text


def test_the_signatures_of_the_addendum_stay_with_its_last_points(programme, curator):
    group = active_pairs(programme, curator, 1, group_of=3)[0]

    pages = PdfReader(io.BytesIO(documents.mentor_addendum_document(group.mentor).content)).pages

    signed = [
        squeezed(p.extract_text()) for p in pages if "Подписисторон" in squeezed(p.extract_text())
    ]
    assert len(signed) == 1
    assert squeezed("7. Остальные условия трудового договора") in signed[0]
    assert squeezed("Работник") in signed[0] and "получила" in signed[0]
