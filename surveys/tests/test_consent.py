"""No answer is stored without a valid processing consent; withdrawal anonymises and keeps the
fact of withdrawal."""

import pytest
from django.urls import reverse

from programme.exceptions import DomainError
from programme.models import MenteeProfile
from surveys.models import Answer, Consent, ConsentChannel, ConsentKind, Response
from surveys.services import consents, responses


def question(questionnaire, code):
    return questionnaire.versions.get().questions.get(code=code)


def test_answers_without_consent_are_refused_and_nothing_is_stored(mentee_intake, bob, invite):
    invitation, _token = invite(mentee_intake, bob)
    q = question(mentee_intake, "experience")
    with pytest.raises(DomainError, match="согласия"):
        responses.save_answers(invitation=invitation, data={q.pk: "2"})
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_answers_after_withdrawn_consent_are_refused(mentee_intake, bob, invite, consent):
    consent(bob)
    consents.consent_withdraw(staff=bob, kind=ConsentKind.PROCESSING, channel="online")
    invitation, _token = invite(mentee_intake, bob)
    q = question(mentee_intake, "experience")
    with pytest.raises(DomainError):
        responses.save_answers(invitation=invitation, data={q.pk: "2"})
    assert not Answer.objects.exists()


def test_posting_answers_through_the_link_without_consent_stores_nothing(
    client, mentee_intake, bob, invite
):
    _invitation, token = invite(mentee_intake, bob)
    q = question(mentee_intake, "experience")
    page = client.post(reverse("surveys:fill", args=[token]), {f"q{q.pk}": "2", "action": "save"})
    assert page.status_code == 302
    assert page["Location"] == reverse("surveys:fill_consent", args=[token])
    assert not Response.objects.exists()


def test_consent_page_comes_first_and_records_ip_browser_and_text_version(
    client, mentee_intake, bob, invite
):
    _invitation, token = invite(mentee_intake, bob)
    page = client.get(reverse("surveys:fill", args=[token]))
    assert page["Location"] == reverse("surveys:fill_consent", args=[token])
    page = client.get(page["Location"])
    text = page.content.decode()
    assert "Согласие" in text and "оператор" in text.lower()
    refused = client.post(reverse("surveys:fill_consent", args=[token]), {})
    assert "Без согласия анкету заполнить нельзя." in refused.content.decode()
    assert not Consent.objects.exists()
    client.post(
        reverse("surveys:fill_consent", args=[token]),
        {"agree": "on"},
        HTTP_USER_AGENT="Mozilla/5.0 (Android)",
        REMOTE_ADDR="192.0.2.7",
    )
    record = Consent.objects.get(staff=bob)
    assert record.channel == ConsentChannel.ONLINE
    assert record.ip_address == "192.0.2.7"
    assert "Android" in record.user_agent
    assert record.text.version == 1


def fill_required(version, data):
    """Answer every required question not in data with its first option."""
    for q in version.questions.filter(required=True).exclude(pk__in=data):
        first = q.choices.order_by("order").first()
        if q.kind == "single" and first:
            data[q.pk] = first.value or str(first.pk)
        elif q.kind == "multiple" and first:
            data[q.pk] = [first.value or str(first.pk)]
        elif q.kind == "competencies":
            organisation = version.questionnaire.programme.organisation
            data[q.pk] = [{"competency": organisation.competencies.first().pk, "value": 1}]
        elif q.kind == "scale":
            data[q.pk] = q.scale_min or 1
        else:
            data[q.pk] = {"yes_no": True, "number": "1", "date": "2024-09-01"}.get(q.kind, "да")
    return data


def _submit_intake(mentee_intake, bob, invite, consent, competency):
    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    data = {
        version.questions.get(code="experience").pk: "1",
        version.questions.get(code="category").pk: "young",
        version.questions.get(code="requests").pk: [{"competency": competency.pk, "value": 1}],
        version.questions.get(code="difficulties").pk: "Планирование по ФОП ДО",
    }
    fill_required(version, data)
    responses.save_answers(invitation=invitation, data=data, submit=True)
    return invitation, token


def test_withdrawal_anonymises_answers_and_keeps_the_record(
    mentee_intake, bob, invite, consent, programme
):
    competency = programme.organisation.competencies.first()
    _submit_intake(mentee_intake, bob, invite, consent, competency)
    assert MenteeProfile.objects.filter(staff=bob).exists()
    consents.consent_withdraw(
        staff=bob, kind=ConsentKind.PROCESSING, channel=ConsentChannel.PAPER, note="заявление"
    )
    response = Response.objects.get()
    assert response.respondent is None and response.anonymised_at is not None
    # Choices, competency picks and free text could all identify her in a small staff: the
    # response stays only as a count, with its date.
    assert not response.answers.exists()
    record = Consent.objects.get(staff=bob)
    assert record.withdrawn_at is not None and record.withdrawal_note == "заявление"
    assert not MenteeProfile.objects.filter(staff=bob).exists()


def test_teacher_withdraws_from_the_link(client, mentee_intake, bob, invite, consent):
    consent(bob)
    _invitation, token = invite(mentee_intake, bob)
    url = reverse("surveys:fill_withdraw", args=[token])
    assert "Подтвердите отзыв согласия." in client.post(url, {}).content.decode()
    page = client.post(url, {"confirm": "on"})
    assert "Согласие отозвано" in page.content.decode()
    assert not consents.has_valid_consent(bob)
    assert Consent.objects.get(staff=bob).withdrawn_at is not None


def test_curator_registers_a_written_withdrawal(curator_client, programme, bob, consent):
    consent(bob)
    page = curator_client.post(
        reverse("surveys:consent_list", args=[programme.pk]),
        {
            "action": "withdraw",
            "written-staff": bob.pk,
            "written-kind": "processing",
            "written-note": "заявление от 01.03",
        },
    )
    assert page.status_code == 302
    assert Consent.objects.get(staff=bob).withdrawal_note == "заявление от 01.03"


def test_paper_consent_needs_a_scan_of_an_allowed_type(curator_client, programme, bob):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("surveys:consent_list", args=[programme.pk])
    fields = {"action": "paper", "paper-staff": bob.pk, "paper-kind": "processing"}
    page = curator_client.post(url, fields)
    assert "Загрузите скан подписанного согласия." in page.content.decode()
    bad = SimpleUploadedFile("scan.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = curator_client.post(url, {**fields, "paper-scan": bad})
    assert page.status_code == 200
    assert not Consent.objects.exists()
    good = SimpleUploadedFile("scan.pdf", one_page_pdf(), content_type="application/pdf")
    page = curator_client.post(
        url,
        {**fields, "paper-scan": good, "paper-code": "ds30-ПД-1"},
    )
    assert page.status_code == 302
    record = Consent.objects.get(staff=bob)
    assert record.channel == ConsentChannel.PAPER and record.scan


def one_page_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
