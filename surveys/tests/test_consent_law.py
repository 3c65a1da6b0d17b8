"""Consent the way 152-ФЗ and an inspector expect (issue 13): complete texts generated from the
organisation's settings and the data catalogue, a printable signable form tied to its version,
re-consent on a new version, a checkbox that means yes, and the publication consent online."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from programme.exceptions import DomainError
from programme.models.personal_data import CATEGORIES
from surveys.consent_texts import (
    PROCESSING_PARTS,
    PUBLICATION_PARTS,
    missing_parts,
    processing_text,
)
from surveys.models import (
    Answer,
    Consent,
    ConsentChannel,
    ConsentKind,
    ConsentText,
    PublicationCategory,
)
from surveys.services import consents, responses
from surveys.tests.test_consent import one_page_pdf


@pytest.fixture
def located(org):
    org.address = "644043, г. Омск, ул. Ленина, д. 1"
    org.processor_name = "ООО «Хостинг Сибирь»"
    org.processor_address = "630099, г. Новосибирск, ул. Серверная, д. 5"
    org.save()
    return org


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# --- 1. Texts with every statutory part --------------------------------------------------------


def test_the_processing_text_holds_every_part_and_every_stored_category(located):
    text = consents.current_text(organisation=located, kind=ConsentKind.PROCESSING)
    for part in PROCESSING_PARTS:
        assert f"{part.heading}." in text.body
    for category in CATEGORIES:
        assert category.label in text.body, category.code
    assert located.full_name in text.body and located.address in text.body
    assert "ООО «Хостинг Сибирь»" in text.body and "Новосибирск" in text.body
    assert "только обобщённые показатели" in text.body  # the municipality: aggregates only
    assert missing_parts(kind=ConsentKind.PROCESSING, body=text.body, organisation=located) == []


def test_the_publication_text_lists_what_may_be_published_and_the_bans(located):
    text = consents.current_text(organisation=located, kind=ConsentKind.PUBLICATION)
    for part in PUBLICATION_PARTS:
        assert f"{part.heading}." in text.body
    for label in PublicationCategory.labels:
        assert str(label) in text.body
    assert missing_parts(kind=ConsentKind.PUBLICATION, body=text.body, organisation=located) == []


def test_a_version_missing_a_part_or_a_category_cannot_be_published(located):
    base = consents.current_text(organisation=located, kind=ConsentKind.PROCESSING).body
    without_term = re.sub(r"\d+\. Срок действия согласия\.[^\n]*", "", base)
    with pytest.raises(DomainError, match="Срок действия согласия"):
        consents.consent_text_new_version(
            organisation=located, kind="processing", title="Согласие", body=without_term
        )
    without_scores = base.replace(CATEGORIES[-1].label, "")
    with pytest.raises(DomainError, match="в перечне данных нет"):
        consents.consent_text_new_version(
            organisation=located, kind="processing", title="Согласие", body=without_scores
        )
    with pytest.raises(DomainError):
        consents.consent_text_new_version(
            organisation=located, kind="processing", title="Согласие", body="Согласен."
        )
    assert ConsentText.objects.filter(organisation=located, kind="processing").count() == 1


def test_the_admin_refuses_a_text_without_the_parts_and_shows_the_checklist(
    located, curator, client
):
    from django.contrib.auth.models import Permission

    curator.is_staff = True
    curator.save()
    curator.user_permissions.add(*Permission.objects.filter(codename__endswith="consenttext"))
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("admin:surveys_consenttext_add")
    page = client.get(url)
    assert "Срок действия согласия" in page.content.decode()  # the checklist
    assert located.address in page.content.decode()  # prefilled from the settings
    refused = client.post(
        url,
        {
            "organisation": located.pk,
            "kind": "processing",
            "title": "Согласие",
            "body": "Согласен.",
        },
    )
    assert refused.status_code == 200
    assert "Версия не опубликована" in refused.content.decode()
    assert not ConsentText.objects.filter(body="Согласен.").exists()


# --- 2. The printable form ---------------------------------------------------------------------


def test_the_printed_form_holds_name_operator_version_code_and_signature(
    located, curator_client, programme, bob
):
    url = reverse("surveys:consent_forms_pdf", args=[programme.pk])
    page = curator_client.get(url, {"staff": bob.pk})
    assert page["Content-Type"] == "application/pdf"
    text = pdf_text(page.content)
    code = consents.current_text(organisation=located, kind="processing").code
    assert bob.full_name in text
    assert "Оператор" in text and "Центр развития ребенка" in text
    assert f"Версия:{code}" in text.replace(" ", "")
    assert "Подпись" in text and "документ, удостоверяющий личность" in text
    assert "<svg" not in text


def test_batch_printing_gives_one_sheet_per_person_and_the_publication_form_has_choices(
    located, curator_client, programme, bob, curator
):
    alice = curator.staff_member
    url = reverse("surveys:consent_forms_pdf", args=[programme.pk])
    page = curator_client.get(url, {"staff": [bob.pk, alice.pk], "kind": "publication"})
    reader = PdfReader(io.BytesIO(page.content))
    text = pdf_text(page.content)
    assert bob.full_name in text and alice.full_name in text
    assert len(reader.pages) >= 2
    assert "Запреты" in text and "фотография" in text


def test_another_kindergartens_person_cannot_be_printed(curator_client, programme, other_org):
    from tests.factories import StaffMemberFactory

    stranger = StaffMemberFactory(organisation=other_org)
    url = reverse("surveys:consent_forms_pdf", args=[programme.pk])
    assert curator_client.get(url, {"staff": stranger.pk}).status_code == 404


def test_a_paper_consent_records_the_printed_version_not_the_current_one(
    located, curator_client, programme, bob
):
    printed = consents.current_text(organisation=located, kind="processing")
    consents.consent_text_new_version(
        organisation=located, kind="processing", title="Согласие", body=printed.body + "\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("scan.pdf", one_page_pdf(), content_type="application/pdf")
    page = curator_client.post(
        reverse("surveys:consent_list", args=[programme.pk]),
        {
            "action": "paper",
            "paper-staff": bob.pk,
            "paper-kind": "processing",
            "paper-code": printed.code.lower(),  # as a scanner or a hand types it
            "paper-scan": scan,
        },
    )
    assert page.status_code == 302
    record = Consent.objects.get(staff=bob)
    assert record.channel == ConsentChannel.PAPER
    assert record.text == printed and record.text.version == 1


def test_a_paper_consent_without_a_version_is_refused(curator_client, programme, bob):
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("scan.pdf", one_page_pdf(), content_type="application/pdf")
    page = curator_client.post(
        reverse("surveys:consent_list", args=[programme.pk]),
        {"action": "paper", "paper-staff": bob.pk, "paper-kind": "processing", "paper-scan": scan},
    )
    assert "Укажите версию текста" in page.content.decode()
    assert not Consent.objects.exists()


# --- 3. Re-consent -----------------------------------------------------------------------------


def _new_version(organisation, *, reconsent: bool):
    _title, body = processing_text(organisation)
    return consents.consent_text_new_version(
        organisation=organisation,
        kind="processing",
        title="Согласие на обработку персональных данных",
        body=body + "\n\nРедакция уточнена.",
        requires_reconsent=reconsent,
    )


def test_after_a_version_marked_for_reconsent_the_person_is_asked_again_and_answers_wait(
    located, client, mentee_intake, bob, invite, consent
):
    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    question = mentee_intake.versions.get().questions.get(code="experience")
    responses.save_answers(invitation=invitation, data={question.pk: "2"})
    _new_version(located, reconsent=True)

    page = client.get(reverse("surveys:fill", args=[token]))
    assert page["Location"] == reverse("surveys:fill_consent", args=[token])
    consent_page = client.get(page["Location"]).content.decode()
    assert "Текст согласия изменился" in consent_page
    with pytest.raises(DomainError, match="новой версией"):
        responses.save_answers(invitation=invitation, data={question.pk: "3"})
    assert Answer.objects.get(question=question).value == 2  # old answer stays, new refused

    client.post(reverse("surveys:fill_consent", args=[token]), {"agree": "on"})
    records = Consent.objects.filter(staff=bob).order_by("given_at", "pk")
    assert [c.text.version for c in records] == [1, 2]
    old, new = records
    assert old.superseded_by == new and old.withdrawn_at is not None and new.is_valid
    responses.save_answers(invitation=invitation, data={question.pk: "3"})
    assert Answer.objects.get(question=question).value == 3


def test_a_version_not_marked_applies_to_new_consents_only(located, bob, consent):
    consent(bob)
    _new_version(located, reconsent=False)
    assert consents.has_current_consent(bob)
    assert consents.valid_consent(bob).text.version == 1


def test_the_curator_sees_who_has_not_reconsented_and_reminds_them(
    located, curator_client, programme, bob, consent, mailoutbox, django_capture_on_commit_callbacks
):
    bob.email = "bob@example.ru"
    bob.save()
    consent(bob)
    _new_version(located, reconsent=True)
    page = curator_client.get(reverse("surveys:consent_list", args=[programme.pk]))
    assert "Не дали повторного согласия (1)" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(reverse("surveys:reconsent_remind", args=[programme.pk]))
    assert [m.to for m in mailoutbox] == [["bob@example.ru"]]
    assert "Новая версия согласия" in mailoutbox[0].subject


# --- A checkbox is a checkbox ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["off", "0", "", "false"])
def test_a_posted_agree_that_is_not_a_tick_is_not_consent(
    client, mentee_intake, bob, invite, value
):
    _invitation, token = invite(mentee_intake, bob)
    page = client.post(reverse("surveys:fill_consent", args=[token]), {"agree": value})
    assert "Без согласия анкету заполнить нельзя." in page.content.decode()
    assert not Consent.objects.exists()


# --- 5. Publication consent online -------------------------------------------------------------


def test_a_teacher_gives_publication_consent_with_categories_bans_and_conditions_and_withdraws(
    teacher_client, teacher
):
    url = reverse("surveys:my_publication_consent")
    page = teacher_client.get(url)
    assert "Что можно публиковать" in page.content.decode()
    refused = teacher_client.post(url, {"categories": ["name"], "agree": "off"})
    assert refused.status_code == 200 and not Consent.objects.exists()
    teacher_client.post(
        url,
        {
            "categories": ["name", "case"],
            "bans": "запрещаю передачу третьим лицам",
            "conditions": "только на сайте детского сада",
            "agree": "on",
        },
    )
    record = Consent.objects.get(staff=teacher.staff_member, kind=ConsentKind.PUBLICATION)
    assert record.publish_categories == ["name", "case"]
    assert record.publish_conditions == "только на сайте детского сада"
    assert record.publish_bans == "запрещаю передачу третьим лицам"
    assert record.channel == ConsentChannel.ONLINE
    teacher_client.post(url, {"withdraw": "1"})
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    assert not consents.has_valid_consent(teacher.staff_member, ConsentKind.PUBLICATION)


def test_publication_consent_from_a_personal_link(client, mentee_intake, bob, invite):
    _invitation, token = invite(mentee_intake, bob)
    url = reverse("surveys:fill_publication", args=[token])
    client.post(url, {"categories": ["position"], "agree": "on"})
    record = Consent.objects.get(staff=bob, kind=ConsentKind.PUBLICATION)
    assert record.publish_categories == ["position"]
    # Changing the choices makes a new record; the old one ends, replaced.
    client.post(url, {"categories": ["position", "photo"], "agree": "on"})
    valid = consents.valid_consent(bob, ConsentKind.PUBLICATION)
    assert valid.publish_categories == ["position", "photo"]
    assert Consent.objects.filter(staff=bob, kind="publication").count() == 2
