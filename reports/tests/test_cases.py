"""Cases (7.5): prefilled from the pair's records, published only with the participants'
publication consents, printed as a PDF, listed with a constant number of queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pairing.models import PairingOutcome
from programme.models import StaffMember
from programme.models.roadmap import ActivityStatus
from reports.documents import cases as documents
from reports.models import Case, CaseMaterial, CaseStatus
from reports.services import cases as services
from surveys.models import ConsentChannel, ConsentKind
from surveys.services import consents
from tests.factories import CompetencyFactory
from tests.factories_pair_work import (
    active_pairs,
    confirmed_pairing,
    held,
    mentee_of,
    plan_with_rows,
    register,
)

pytestmark = pytest.mark.django_db


def publication(staff, *categories):
    return consents.consent_give(
        staff=staff,
        kind=ConsentKind.PUBLICATION,
        channel=ConsentChannel.ONLINE,
        categories=list(categories),
    )


@pytest.fixture
def pair(programme, curator):
    CompetencyFactory(organisation=programme.organisation, name="Работа с родителями")
    pairing = active_pairs(programme, curator, 1)[0]
    # Real surnames: «Наставник0» would be found in the word «наставник».
    StaffMember.objects.filter(pk=pairing.mentor.staff_id).update(last_name="Королёва")
    StaffMember.objects.filter(pk=mentee_of(pairing).pk).update(last_name="Соколова")
    pairing.refresh_from_db()
    plan_with_rows(pairing, 2, approve_by=curator)
    held(pairing, "organisational", dt.date(2024, 9, 10), topic="Знакомство и ожидания")
    held(pairing, "final", dt.date(2025, 5, 20), topic="Итоги года")
    PairingOutcome.objects.create(
        pairing=pairing,
        result="full",
        conclusion="Наставляемая освоила планирование занятий.",
        recorded_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    return pairing


def test_a_case_is_prefilled_from_the_plan_rows_meetings_and_outcome(pair):
    case = services.case_create_from_pairing(pairing=pair)

    assert "Работа с родителями" in case.problem
    assert case.goal.startswith("Цель")
    assert "Мероприятие 1: консультация по планированию" in case.what_was_done
    assert "Мероприятие 2" in case.what_was_done
    assert "Знакомство и ожидания" in case.what_was_done
    assert "Итоги года" in case.what_was_done
    assert "проведено 2 встречи" in case.what_was_done.replace("\xa0", " ")
    assert "достигнута полностью" in case.results
    assert "освоила планирование" in case.results
    assert case.status == CaseStatus.DRAFT


def test_participants_are_named_only_as_the_publication_consent_allows(pair):
    mentor, mentee = pair.mentor.staff, mentee_of(pair)
    publication(mentor, "name", "case")  # name, not position
    case = services.case_create_from_pairing(pairing=pair)

    assert mentor.full_name in case.participants
    assert "Наставник: " + mentor.full_name + "\n" in case.participants + "\n"
    assert mentee.last_name not in case.participants
    assert "Наставляемый" in case.participants


def test_one_case_per_pair(pair):
    services.case_create_from_pairing(pairing=pair)
    with pytest.raises(services.CaseExists):
        services.case_create_from_pairing(pairing=pair)
    assert Case.objects.filter(pairing=pair).count() == 1


def test_publishing_is_refused_without_the_participants_consents(pair):
    case = services.case_create_from_pairing(pairing=pair)
    services.case_set_status(case=case, status="ready")

    with pytest.raises(services.CasePublishRefused) as refused:
        services.case_set_status(case=case, status="published")

    assert "согласия участников на распространение" in str(refused.value)
    case.refresh_from_db()
    assert case.status == CaseStatus.READY and case.published_at is None


def test_publishing_is_refused_when_the_text_names_someone_without_the_name_category(pair):
    mentor, mentee = pair.mentor.staff, mentee_of(pair)
    publication(mentor, "case")
    publication(mentee, "case")
    case = services.case_create_from_pairing(pairing=pair)
    services.case_update(case=case, title=case.title, lessons=f"Спасибо {mentor.last_name}ой!")
    services.case_set_status(case=case, status="ready")

    with pytest.raises(services.CasePublishRefused) as refused:
        services.case_set_status(case=case, status="published")
    assert "фамилия" in str(refused.value)

    services.case_update(case=case, title=case.title, lessons="Спасибо наставнику!")
    published = services.case_set_status(case=case, status="published")
    assert published.status == CaseStatus.PUBLISHED and published.published_at


def test_a_draft_is_made_ready_before_it_is_published(pair):
    case = services.case_create_from_pairing(pairing=pair)
    with pytest.raises(services.CaseTransitionRefused):
        services.case_set_status(case=case, status="published")


def test_a_ready_case_closes_7_5_with_the_cases_list(pair, programme):
    case = services.case_create_from_pairing(pairing=pair)
    services.case_set_status(case=case, status="ready")

    activity = programme.activities.get(code="7.5")
    assert activity.status == ActivityStatus.DONE
    assert activity.evidence_url == reverse("reports:case_list", args=[programme.pk])
    assert "1 кейс" in activity.evidence_label.replace("\xa0", " ")


def test_the_case_pdf_holds_the_title_and_the_consented_names(pair, curator_client, programme):
    mentor = pair.mentor.staff
    publication(mentor, "name", "position", "case")
    case = services.case_create_from_pairing(pairing=pair)
    services.case_update(case=case, title="Планирование без страха")

    answer = curator_client.get(reverse("reports:case_pdf", args=[programme.pk, case.pk]))

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    text = " ".join(text.split())
    assert "Планирование без страха" in text
    assert mentor.full_name in text
    assert mentee_of(pair).last_name not in text
    assert "Кейс" in answer["Content-Disposition"] or "filename*" in answer["Content-Disposition"]


def test_archive_files_hold_every_case_pdf(pair, programme):
    services.case_create_from_pairing(pairing=pair)
    files = documents.archive_files(programme)
    assert len(files) == 1
    name, content = files[0]
    assert name.startswith("Кейс 01") and name.endswith(".pdf") and content[:4] == b"%PDF"


def test_materials_are_the_pairs_files_or_safe_links(pair, programme, curator_client):
    case = services.case_create_from_pairing(pairing=pair)
    url = reverse("reports:case_material_add", args=[programme.pk, case.pk])

    curator_client.post(
        url, {"kind": "link", "link-url": "https://ds30.ru/master", "link-title": "Мастер-класс"}
    )
    curator_client.post(
        url, {"kind": "link", "link-url": "javascript:alert(1)", "link-title": "Плохая"}
    )
    with pytest.raises(services.CaseMaterialError):
        services.case_material_add(case=case, attachment_id=999999)

    assert list(case.materials.values_list("title", "url")) == [
        ("Мастер-класс", "https://ds30.ru/master")
    ]
    material = case.materials.get()
    curator_client.post(
        reverse("reports:case_material_remove", args=[programme.pk, case.pk, material.pk])
    )
    assert not CaseMaterial.objects.filter(case=case).exists()


def test_the_editor_keeps_typed_text_on_an_error(pair, programme, curator_client):
    case = services.case_create_from_pairing(pairing=pair)
    url = reverse("reports:case_edit", args=[programme.pk, case.pk])

    answer = curator_client.post(url, {"title": "", "lessons": "Мой длинный вывод"})

    assert answer.status_code == 200
    assert "Мой длинный вывод" in answer.content.decode()
    case.refresh_from_db()
    assert case.lessons == ""


def test_status_change_through_the_page_shows_the_refusal(pair, programme, curator_client):
    case = services.case_create_from_pairing(pairing=pair)
    url = reverse("reports:case_status", args=[programme.pk, case.pk])
    curator_client.post(url, {"status": "ready"})
    answer = curator_client.post(url, {"status": "published"}, follow=True)

    assert "нельзя опубликовать" in answer.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.READY


def test_another_kindergarten_sees_no_case(pair, programme, other_curator_client):
    case = services.case_create_from_pairing(pairing=pair)
    for name in ("case_edit", "case_pdf"):
        url = reverse(f"reports:{name}", args=[programme.pk, case.pk])
        assert other_curator_client.get(url).status_code == 404


def _list_queries(programme, curator, curator_client, count, number):
    pairs = [
        confirmed_pairing(programme, f"Наставник{number}-{i}", f"Наставляемая{number}-{i}")
        for i in range(count)
    ]
    register(programme, curator, number=f"{number}-о")
    for pairing in pairs:
        pairing.refresh_from_db()
        services.case_create_from_pairing(pairing=pairing)
    url = reverse("reports:case_list", args=[programme.pk])
    with CaptureQueriesContext(connection) as queries:
        answer = curator_client.get(url + "?q=Наставник&status=draft")
    assert answer.status_code == 200
    assert answer.content.decode().count("badge text-bg-light") == count
    return len(queries)


def test_the_cases_list_has_a_constant_number_of_queries(programme, curator, curator_client):
    small = _list_queries(programme, curator, curator_client, 2, 1)
    Case.objects.all().delete()
    large = _list_queries(programme, curator, curator_client, 6, 2)
    assert small == large


def test_the_list_search_and_filter(pair, programme, curator_client):
    case = services.case_create_from_pairing(pairing=pair)
    services.case_update(case=case, title="Про родителей")
    url = reverse("reports:case_list", args=[programme.pk])

    assert "Про родителей" in curator_client.get(url + "?q=родител").content.decode()
    assert "Про родителей" not in curator_client.get(url + "?q=космос").content.decode()
    assert "Про родителей" not in curator_client.get(url + "?status=published").content.decode()
    mentor = pair.mentor.staff.last_name
    assert "Про родителей" in curator_client.get(url + f"?q={mentor}").content.decode()


def test_withdrawing_the_processing_consent_rewrites_her_copies_in_the_case(pair):
    from programme.models.personal_data import ERASED_TEXT

    case = services.case_create_from_pairing(pairing=pair)
    mentee = mentee_of(pair)
    publication(mentee, "name", "case")
    services.case_update(
        case=case, title=case.title, participants=f"Наставляемая: {mentee.full_name}"
    )

    consents.consent_withdraw(staff=mentee, kind=ConsentKind.PROCESSING, channel="online")

    case.refresh_from_db()
    assert case.problem == ERASED_TEXT and case.goal == ERASED_TEXT
    assert case.participants == ERASED_TEXT
    assert "Мероприятие 1" in case.what_was_done  # the pair's work stays
