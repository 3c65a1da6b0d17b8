"""The ceremony (7.1–7.2): the invitation list proposed from the programme, external guests,
invitations printed and emailed once, nominations with candidates from the records,
certificates and letters of thanks, and recording the ceremony closes 7.1 and 7.2."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pairing.models import GoalResult, PairingOutcome, PairingStatus
from pairing.services import plans as plan_services
from programme import services as programme_services
from programme.models import EventGuest, EventInvitee
from programme.models.org import Position
from programme.models.roadmap import ActivityStatus
from reports.documents import ceremony as documents
from reports.models import Award, AwardDocument, Nomination, NominationKind
from reports.selectors import ceremony as selectors
from reports.services import ceremony as services
from tests.factories import StaffMemberFactory
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    ScoreFactory,
)
from tests.factories_pair_work import active_pairs, held, plan_with_rows


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _page(programme) -> str:
    return reverse("reports:ceremony", args=[programme.pk])


@pytest.fixture
def event(programme):
    return programme_services.event_create(
        programme=programme,
        kind="ceremony",
        title="Праздник наставничества",
        starts_at=timezone.make_aware(dt.datetime(2025, 5, 20, 15, 0)),
        place="Музыкальный зал",
    )


@pytest.fixture
def pairs(programme, curator):
    return active_pairs(programme, curator, 2)


def _complete(pairing, curator, *, result=GoalResult.FULL, confirmed=True):
    held(pairing, "final", dt.date(2025, 4, 30))
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.COMPLETED
    now = timezone.now()
    PairingOutcome.objects.create(
        pairing=pairing,
        result=result,
        conclusion="Цель достигнута: наставляемая ведёт занятия сама",
        recorded_at=now,
        confirmed_at=now if confirmed else None,
    )


# --- the invitation list -------------------------------------------------------------------


def test_the_list_proposes_the_participants_the_curator_and_the_head(
    programme, pairs, curator, event
):
    head = StaffMemberFactory(
        organisation=programme.organisation, last_name="Синицына", position=Position.HEAD
    )
    outsider = StaffMemberFactory(organisation=programme.organisation, last_name="Посторонняя")

    proposed = {p.staff.pk: p.roles for p in selectors.proposed_people(programme)}

    for pairing in pairs:
        assert "наставник" in proposed[pairing.mentor.staff.pk]
        for member in pairing.members.all():
            assert "наставляемый" in proposed[member.mentee.staff_id]
    assert "куратор" in proposed[curator.staff_member.pk]
    assert "руководитель" in proposed[head.pk]
    assert outsider.pk not in proposed


def test_one_click_invites_everyone_proposed_once(curator_client, programme, pairs, event):
    url = reverse("reports:ceremony_invite", args=[programme.pk])
    proposed = len(selectors.proposed_people(programme))

    curator_client.post(url)
    curator_client.post(url)

    assert event.invitees.count() == proposed == 5  # 2 mentors, 2 mentees, the curator
    # The head is not in the staff list: she comes in once as a guest, from the card.
    assert list(event.guests.values_list("full_name", flat=True)) == [
        "Синицына Светлана Викторовна"
    ]


def test_the_guest_form_refuses_a_bad_email_in_russian_and_keeps_what_was_typed(
    curator_client, programme, event
):
    page = curator_client.post(
        reverse("reports:ceremony_guest_add", args=[programme.pk]),
        {
            "full_name": "Петрова Анна Сергеевна",
            "organisation_name": "Управление образования",
            "position": "главный специалист",
            "email": "petrova@",
        },
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Введите адрес электронной почты, например ivanova@mail.ru." in html
    assert 'value="Петрова Анна Сергеевна"' in html
    assert 'value="Управление образования"' in html
    assert not EventGuest.objects.filter(event=event).exists()


def test_a_guest_without_a_name_is_refused_and_a_good_one_is_added(
    curator_client, programme, event
):
    url = reverse("reports:ceremony_guest_add", args=[programme.pk])
    refused = curator_client.post(url, {"full_name": "", "email": "a@b.ru"})
    added = curator_client.post(
        url,
        {
            "full_name": "Петрова  Анна Сергеевна",
            "organisation_name": "Управление образования",
            "position": "начальник отдела",
            "email": "petrova@example.org",
        },
    )

    assert "Укажите ФИО гостя." in refused.content.decode()
    assert added.status_code == 302
    guest = event.guests.get()
    assert (guest.full_name, guest.email) == ("Петрова Анна Сергеевна", "petrova@example.org")


# --- invitations: the PDF and the emails ---------------------------------------------------


@pytest.fixture
def invited(programme, pairs, event):
    services.ceremony_invite_proposed(event=event)
    services.ceremony_add_guest(
        event=event,
        full_name="Королёва Ирина Николаевна",
        organisation_name="Управление образования",
        position="начальник отдела",
        email="koroleva@example.org",
    )
    return event


def test_the_invitations_pdf_has_a_page_per_person_with_the_details_and_the_head(
    curator_client, programme, invited
):
    org = programme.organisation
    org.phone, org.email, org.site = "+7 3812 00-00-00", "ds30@example.org", "https://ds30.ru"
    org.save()
    response = curator_client.get(reverse("reports:ceremony_invitations_pdf", args=[programme.pk]))

    pages = [squeezed(p) for p in pdf_pages(response.content)]
    people = invited.invitees.count() + invited.guests.count()
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert len(pages) == people
    guest_page = next(p for p in pages if "Королёвой Ирине Николаевне" in p)
    assert "Уважаемая Ирина Николаевна!" in guest_page
    assert "Праздник наставничества" in guest_page
    assert "20 мая 2025" in guest_page and "15:00" in guest_page
    assert "Музыкальный зал" in guest_page
    assert "+7 3812 00-00-00" in guest_page and "ds30@example.org" in guest_page
    assert "https://ds30.ru" in guest_page
    assert "С.В.Синицына" in guest_page and "Заведующий" in guest_page


def test_invitations_are_emailed_once_to_those_with_an_address(
    curator_client, programme, invited, django_capture_on_commit_callbacks
):
    no_address = invited.invitees.first().staff
    no_address.email = ""
    no_address.save()
    url = reverse("reports:ceremony_invitations_send", args=[programme.pk])
    with_address = (
        invited.invitees.exclude(staff__email="").count() + invited.guests.exclude(email="").count()
    )

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(url)
    first = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(url)

    assert first == with_address
    assert len(mail.outbox) == first  # the second click sends nothing new
    guest_mail = next(m for m in mail.outbox if m.to == ["koroleva@example.org"])
    assert "Уважаемая Ирина Николаевна!" in guest_mail.body
    assert guest_mail.attachments[0][0].startswith("Приглашение")
    assert invited.guests.get(email="koroleva@example.org").invited_at is not None
    assert EventInvitee.objects.get(event=invited, staff=no_address).invited_at is None


def test_a_second_delivery_of_the_same_invitation_sends_nothing(invited):
    guest = invited.guests.get(email="koroleva@example.org")

    assert services.invitation_deliver(kind=services.GUEST, pk=guest.pk) is True
    assert services.invitation_deliver(kind=services.GUEST, pk=guest.pk) is False
    assert len(mail.outbox) == 1


# --- nominations and candidates ------------------------------------------------------------


@pytest.fixture
def scored(programme):
    """A mentee parameter measured at the start and at the end."""
    parameter = AssessmentParameterFactory(programme=programme, applies_to="mentees")
    parameter_2 = AssessmentParameterFactory(programme=programme, applies_to="mentees")
    baseline = AssessmentRoundFactory(programme=programme, kind="baseline")
    final = AssessmentRoundFactory(programme=programme, kind="final", date=dt.date(2025, 5, 5))
    return parameter, parameter_2, baseline, final


def _mark_done(plan, count):
    for activity in list(plan.activities.order_by("position", "pk"))[:count]:
        plan_services.plan_activity_mark(
            activity=activity, done_on=dt.date(2024, 10, 20), today=dt.date(2024, 11, 1)
        )


def test_the_candidates_are_the_completed_pairs_with_the_goal_achieved_and_their_figures(
    programme, curator, pairs, scored
):
    first, second = pairs
    parameter, parameter_2, baseline, final = scored
    plan = plan_with_rows(first, 4, approve_by=curator)
    _mark_done(plan, 3)
    held(first, "organisational", dt.date(2024, 9, 5))
    held(first, "trial", dt.date(2024, 9, 12))
    _complete(first, curator)  # + the final meeting: 3 held
    mentee = first.members.get().mentee.staff
    for p, before, after in ((parameter, 2, 4), (parameter_2, 3, 4)):
        ScoreFactory(round=baseline, parameter=p, staff=mentee, value=before)
        ScoreFactory(round=final, parameter=p, staff=mentee, value=after)
    _complete(second, curator, result=GoalResult.PARTIAL)

    candidates = selectors.award_candidates(programme, today=dt.date(2025, 5, 10))

    assert [c.pairing_id for c in candidates] == [first.pk]
    candidate = candidates[0]
    assert (candidate.plan_done, candidate.plan_total, candidate.plan_percent) == (3, 4, 75)
    assert candidate.held == 3
    assert candidate.delta == 1.5  # (+2 and +1) / 2
    assert candidate.deltas_measured == 2
    assert candidate.delta_text == "+1,5"
    assert candidate.mentor == first.mentor.staff


def test_an_unconfirmed_outcome_makes_no_candidate(programme, curator, pairs):
    _complete(pairs[0], curator, confirmed=False)

    assert selectors.award_candidates(programme, today=dt.date(2025, 5, 10)) == []


def test_candidates_are_sorted_best_figures_first(programme, curator, pairs):
    first, second = pairs
    _complete(first, curator)
    held(second, "organisational", dt.date(2024, 9, 5))
    _complete(second, curator)

    candidates = selectors.award_candidates(programme, today=dt.date(2025, 5, 10))

    assert [c.pairing_id for c in candidates] == [second.pk, first.pk]


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_ceremony_pages_query_count_is_the_same_for_2_and_8_pairs(
    curator_client, programme, curator, event
):
    nomination = services.nomination_create(programme=programme, kind=NominationKind.BEST_MENTOR)
    few = active_pairs(programme, curator, 2)
    for pairing in few:
        _complete(pairing, curator)
    services.award_pair(nomination=nomination, pairing=few[0])
    services.ceremony_invite_proposed(event=event)
    url = _page(programme)
    with_2 = _queries(curator_client, url)
    assert len(curator_client.get(url).context["candidates"]) == 2

    from tests.factories_pair_work import confirmed_pairing, register

    more = [confirmed_pairing(programme, f"Ещё{i}", f"Наставляемая-ещё{i}") for i in range(6)]
    register(programme, curator, number="46-о")
    for pairing in more:
        pairing.refresh_from_db()
        _complete(pairing, curator)
    services.award_pair(nomination=nomination, pairing=more[0])
    services.ceremony_invite_proposed(event=event)

    assert len(curator_client.get(url).context["candidates"]) == 8
    with_8 = _queries(curator_client, url)
    print(f"ceremony page queries: {with_2} (2 pairs), {with_8} (8 pairs)")
    assert with_8 == with_2


def test_a_custom_nomination_needs_a_title_and_a_title_is_not_repeated(curator_client, programme):
    url = reverse("reports:ceremony_nomination_add", args=[programme.pk])
    refused = curator_client.post(url, {"kind": "custom", "title": ""})
    curator_client.post(url, {"kind": "best_mentor"})
    twice = curator_client.post(url, {"kind": "custom", "title": "лучший наставник"})
    curator_client.post(url, {"kind": "custom", "title": "За верность профессии"})

    assert "Напишите название своей номинации." in refused.content.decode()
    assert "уже есть" in twice.content.decode()
    assert list(Nomination.objects.filter(programme=programme).values_list("title", flat=True)) == [
        "Лучший наставник",
        "За верность профессии",
    ]


def test_awarding_a_pair_awards_the_mentor_and_the_mentees_once(
    curator_client, programme, curator, pairs
):
    _complete(pairs[0], curator)
    nomination = services.nomination_create(programme=programme, kind=NominationKind.BEST_PAIR)
    url = reverse("reports:ceremony_award_pair", args=[programme.pk])
    data = {
        "nomination": nomination.pk,
        "pairing": pairs[0].pk,
        "who": "pair",
        "document": "certificate",
        "citation": "за слаженную работу",
    }

    curator_client.post(url, data)
    again = curator_client.post(url, data)

    people = {pairs[0].mentor.staff_id, pairs[0].members.get().mentee.staff_id}
    assert set(Award.objects.values_list("staff_id", flat=True)) == people
    assert set(Award.objects.values_list("pairing_id", flat=True)) == {pairs[0].pk}
    assert "уже есть награждение" in again.content.decode()


# --- certificates --------------------------------------------------------------------------


@pytest.fixture
def koroleva(programme):
    return StaffMemberFactory(
        organisation=programme.organisation,
        last_name="Королёва",
        first_name="Ирина",
        patronymic="Николаевна",
        position=Position.MUSIC,
    )


def test_a_certificate_names_the_awardee_in_the_nominative(curator_client, programme, koroleva):
    nomination = services.nomination_create(programme=programme, kind=NominationKind.MENTOR_OF_YEAR)
    award = services.award_create(
        nomination=nomination,
        staff=koroleva,
        citation="за высокий профессионализм",
        document=AwardDocument.CERTIFICATE,
        awarded_on=dt.date(2024, 11, 11),
    )

    response = curator_client.get(
        reverse("reports:ceremony_certificate_pdf", args=[programme.pk, award.pk])
    )

    (page,) = [squeezed(p) for p in pdf_pages(response.content)]
    assert "награждается" in page
    assert "Королёва Ирина Николаевна" in page
    assert "музыкальный руководитель" in page
    assert "«Наставник года»" in page
    assert "за высокий профессионализм" in page
    assert "11 ноября 2024 г." in page
    assert "С.В.Синицына" in page
    assert (
        "Грамота" in response["Content-Disposition"] or "%D0%93" in response["Content-Disposition"]
    )


def test_a_letter_of_thanks_names_the_awardee_and_her_position_in_the_dative(programme, koroleva):
    nomination = services.nomination_create(
        programme=programme, kind=NominationKind.CUSTOM, title="За верность профессии"
    )
    award = services.award_create(
        nomination=nomination,
        staff=koroleva,
        document=AwardDocument.THANKS,
        awarded_on=dt.date(2024, 11, 11),
    )

    (page,) = [squeezed(p) for p in pdf_pages(documents.certificate_document(award).content)]

    assert "выражает благодарность" in page
    assert "Королёвой Ирине Николаевне" in page
    assert "музыкальному руководителю" in page
    assert "«За верность профессии»" in page
    assert "11 ноября 2024 г." in page


def test_all_certificates_print_at_once_one_page_per_award(
    curator_client, programme, curator, pairs, koroleva
):
    _complete(pairs[0], curator)
    best_pair = services.nomination_create(programme=programme, kind=NominationKind.BEST_PAIR)
    best = services.nomination_create(programme=programme, kind=NominationKind.BEST_MENTOR)
    services.award_pair(nomination=best_pair, pairing=pairs[0])
    services.award_create(nomination=best, staff=koroleva, document=AwardDocument.THANKS)

    response = curator_client.get(reverse("reports:ceremony_certificates_pdf", args=[programme.pk]))

    pages = pdf_pages(response.content)
    assert response.status_code == 200
    assert len(pages) == Award.objects.count() == 3
    assert "Королёвой Ирине Николаевне" in squeezed(pages[-1])
    files = dict(documents.archive_files(programme))
    assert len(pdf_pages(files[documents.CERTIFICATES_FILENAME])) == 3


# --- recording the ceremony ----------------------------------------------------------------


def test_recording_the_ceremony_with_awards_closes_7_1_and_7_2_with_evidence(
    curator_client, programme, invited, koroleva
):
    url = reverse("reports:ceremony_record", args=[programme.pk])
    refused = curator_client.post(url, {"minutes": "Церемония прошла"})
    assert "Сначала наградите" in refused.content.decode()
    assert programme.activities.get(code="7.1").status != ActivityStatus.DONE

    nomination = services.nomination_create(programme=programme, kind=NominationKind.BEST_MENTOR)
    services.award_create(nomination=nomination, staff=koroleva)
    done = curator_client.post(url, {"minutes": "Награждены лучшие наставники."})

    assert done.status_code == 302
    first, second = (programme.activities.get(code=c) for c in ("7.1", "7.2"))
    event_url = reverse("programme:event_detail", args=[programme.pk, invited.pk])
    assert (first.status, first.evidence_url) == (ActivityStatus.DONE, event_url)
    assert (second.status, second.evidence_url) == (
        ActivityStatus.DONE,
        reverse("reports:ceremony_certificates_pdf", args=[programme.pk]),
    )
    assert first.completed_on == dt.date(2025, 5, 20)
    invited.refresh_from_db()
    assert invited.minutes == "Награждены лучшие наставники."


def test_the_page_without_a_ceremony_offers_to_create_one(curator_client, programme):
    page = curator_client.get(_page(programme))

    assert page.status_code == 200
    assert "?kind=ceremony" in page.content.decode()


def test_the_dashboard_and_the_event_link_to_the_ceremony_page(curator_client, programme, event):
    dashboard = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))
    detail = curator_client.get(reverse("programme:event_detail", args=[programme.pk, event.pk]))

    assert _page(programme) in dashboard.content.decode()
    assert _page(programme) in detail.content.decode()


def test_another_kindergartens_award_answers_404(other_curator_client, programme, koroleva):
    nomination = services.nomination_create(programme=programme, kind=NominationKind.BEST_MENTOR)
    award = services.award_create(nomination=nomination, staff=koroleva)

    for name in ("reports:ceremony_certificate_pdf", "reports:ceremony_award_delete"):
        url = reverse(name, args=[programme.pk, award.pk])
        assert other_curator_client.get(url).status_code in (404, 405)
        assert other_curator_client.post(url).status_code == 404
    assert Award.objects.filter(pk=award.pk).exists()


def test_a_pairs_certificates_name_the_other_people_declined(programme, curator):
    from tests.factories_pair_work import confirmed_pairing, register

    pairing = confirmed_pairing(programme, "Иванова", "Петрова")
    register(programme, curator)
    pairing.refresh_from_db()
    mentor, mentee = pairing.mentor.staff, pairing.members.get().mentee.staff
    nomination = services.nomination_create(programme=programme, kind=NominationKind.BEST_PAIR)
    services.award_pair(nomination=nomination, pairing=pairing)

    pages = [squeezed(p) for p in pdf_pages(documents.certificates_document(programme).content)]

    mentee_short = f"Петровой {mentee.first_name[0]}.{mentee.patronymic[0]}."
    mentor_short = f"Ивановой {mentor.first_name[0]}.{mentor.patronymic[0]}."
    assert any(f"в паре с наставляемой {mentee_short}" in p for p in pages)
    assert any(f"в паре с наставником {mentor_short}" in p for p in pages)


def test_a_name_that_does_not_tell_the_gender_is_greeted_without_a_guess():
    assert documents.salutation("Королёва Ирина Николаевна") == "Уважаемая Ирина Николаевна!"
    assert documents.salutation("Иванов Пётр Сергеевич") == "Уважаемый Пётр Сергеевич!"
    assert documents.salutation("Ким Саша") == "Здравствуйте, Саша!"
