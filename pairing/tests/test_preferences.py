"""The group meeting (5.1) proposes its invitees from the bases; the preference questionnaire
(5.2) goes to those who came, and every answer becomes ranked preferences in the bases."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pairing.selectors.preferences import preferences_overview
from pairing.services.preferences import preferences_send
from programme import services as programme_services
from programme.exceptions import DomainError
from programme.models import Event, Preference
from programme.models.bases import MenteeStatus, MentorStatus, PreferenceSide
from programme.progress import Progress
from programme.selectors.bases import group_meeting_candidates
from programme.services.bases import preferences_record
from surveys.models import BaseField, Invitation, QuestionKind, QuestionnaireKind
from surveys.selectors import survey_progress
from surveys.services import invitations, responses
from surveys.services.questionnaires import version_fork
from tests.factories import (
    CompetencyFactory,
    ProgrammeFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.factories_pairing import included_mentee, ready_mentor

pytestmark = pytest.mark.django_db


# --- Builders --------------------------------------------------------------------------------


@pytest.fixture
def planning(org):
    return CompetencyFactory(organisation=org, name="Планирование")


def mentor(programme, planning, last_name, **extra):
    return ready_mentor(programme, {planning: 3}, last_name=last_name, **extra)


def mentee(programme, planning, last_name, **extra):
    return included_mentee(programme, {planning: 1}, last_name=last_name, **extra)


def group_meeting(programme, invitees, *, attended=()):
    event = programme_services.event_create(
        programme=programme,
        kind="group_meeting",
        title="Групповая встреча наставников и наставляемых",
        starts_at=timezone.make_aware(dt.datetime(2024, 9, 10, 14, 0)),
        invitees=invitees,
    )
    if attended:
        programme_services.event_mark_attendance(
            event=event, attended_staff_ids=[p.pk for p in attended], attended_guest_ids=[]
        )
    return event


def preference_questionnaire(programme):
    return programme.questionnaires.get(kind=QuestionnaireKind.PREFERENCE)


def ranking_question(programme):
    version = preference_questionnaire(programme).versions.order_by("-number").first()
    return version.questions.get(kind=QuestionKind.RANKING)


def invite(programme, staff, curator):
    created, _ = invitations.invitations_create(
        questionnaire=preference_questionnaire(programme),
        staff=[staff],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return created[0]


def answer(programme, invitation, *, ranked, unwanted=()):
    """Submit the ranking as the page does: through the questionnaire's services."""
    question = ranking_question(programme)
    return responses.save_answers(
        invitation=invitation,
        data={
            question.pk: {
                "ranked": [p.pk for p in ranked],
                "unwanted": [p.pk for p in unwanted],
            }
        },
        submit=True,
    )


def said(profile, side):
    """What a profile said: [(other's last name, rank, unwanted)] in order."""
    rows = Preference.objects.filter(side=side).order_by("unwanted", "rank")
    if side == PreferenceSide.MENTEE:
        rows = rows.filter(mentee=profile).select_related("mentor__staff")
        return [(p.mentor.staff.last_name, p.rank, p.unwanted) for p in rows]
    rows = rows.filter(mentor=profile).select_related("mentee__staff")
    return [(p.mentee.staff.last_name, p.rank, p.unwanted) for p in rows]


def checked_invitees(html: str) -> set[int]:
    boxes = re.findall(r'<input type="checkbox" name="invitees"[^>]*>', html)
    return {int(re.search(r'value="(\d+)"', b).group(1)) for b in boxes if " checked" in b}


# --- 5.1: the group meeting proposes its invitees --------------------------------------------


def test_group_meeting_form_proposes_ready_mentors_with_consent_and_included_mentees(
    curator_client, programme, planning, org
):
    ready = mentor(programme, planning, "Готова")
    already_mentor = mentor(programme, planning, "Наставникова", status=MentorStatus.MENTOR)
    candidate = mentor(programme, planning, "Кандидатова", status=MentorStatus.CANDIDATE)
    no_consent = mentor(programme, planning, "Безсогласия", labour_consent=False)
    included = mentee(programme, planning, "Включённая")
    dropped = mentee(programme, planning, "Выбывшая", status=MenteeStatus.DROPPED)
    waiting = mentee(programme, planning, "Ждущая", status=MenteeStatus.CANDIDATE)
    bystander = StaffMemberFactory(organisation=org, last_name="Посторонняя")

    page = curator_client.get(
        reverse("programme:event_create", args=[programme.pk]) + "?kind=group_meeting"
    )

    assert page.status_code == 200
    checked = checked_invitees(page.content.decode())
    assert checked == {ready.staff_id, already_mentor.staff_id, included.staff_id}
    for left_out in (candidate, no_consent, dropped, waiting):
        assert left_out.staff_id not in checked
    assert bystander.pk not in checked
    assert "Отмечены предложенные из баз" in page.content.decode()


def test_other_event_kinds_propose_nobody(curator_client, programme, planning):
    mentor(programme, planning, "Готова")
    page = curator_client.get(
        reverse("programme:event_create", args=[programme.pk]) + "?kind=informing"
    )
    assert checked_invitees(page.content.decode()) == set()


def test_a_posted_group_meeting_keeps_what_the_curator_checked(curator_client, programme, planning):
    ready = mentor(programme, planning, "Готова")
    mentee(programme, planning, "Включённая")

    page = curator_client.post(
        reverse("programme:event_create", args=[programme.pk]) + "?kind=group_meeting",
        {
            "kind": "group_meeting",
            "title": "Групповая встреча",
            "starts_at": "2024-09-10T14:00",
            "invitees": [ready.staff_id],
            "guests-TOTAL_FORMS": "0",
            "guests-INITIAL_FORMS": "0",
        },
    )

    assert page.status_code == 302
    event = Event.objects.get(title="Групповая встреча")
    assert event.activity.code == "5.1"
    assert list(event.invitees.values_list("staff_id", flat=True)) == [ready.staff_id]


def test_group_meeting_candidates_are_of_this_programme_only(programme, planning, org):
    ours = mentor(programme, planning, "Наша")
    next_year = ProgrammeFactory(organisation=org, year=2025)
    mentor(next_year, planning, "Другая")
    assert list(group_meeting_candidates(programme)) == [ours.staff]


def test_dashboard_links_5_1_to_a_new_group_meeting_and_5_2_to_the_preferences(
    curator_client, programme
):
    html = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content.decode()
    new_meeting = reverse("programme:event_create", args=[programme.pk]) + "?kind=group_meeting"
    assert f'href="{new_meeting}"' in html
    assert "Провести групповую встречу" in html
    assert f'href="{reverse("pairing:preferences", args=[programme.pk])}"' in html


# --- 5.2: sending the questionnaire to the meeting's attendees --------------------------------


def test_preferences_are_sent_to_the_meetings_attendees_only(
    curator_client, programme, planning, org, django_capture_on_commit_callbacks
):
    came_mentor = mentor(programme, planning, "Пришедшая")
    came_mentee = mentee(programme, planning, "Пришедшый")
    absent = mentee(programme, planning, "Отсутствовавшая")
    guest = StaffMemberFactory(organisation=org, last_name="Методистова")
    event = group_meeting(
        programme,
        [came_mentor.staff, came_mentee.staff, absent.staff, guest],
        attended=[came_mentor.staff, came_mentee.staff, guest],
    )
    questionnaire = preference_questionnaire(programme)

    with django_capture_on_commit_callbacks(execute=True):
        page = curator_client.post(
            reverse("pairing:preferences_send", args=[programme.pk, event.pk]), follow=True
        )

    assert page.redirect_chain[-1][0] == reverse(
        "surveys:invitation_list", args=[programme.pk, questionnaire.pk]
    )
    invited = set(Invitation.objects.filter(questionnaire=questionnaire).values_list("staff_id"))
    assert invited == {(came_mentor.staff_id,), (came_mentee.staff_id,)}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [came_mentor.staff.email, came_mentee.staff.email]
    )
    assert "Анкета предпочтений отправлена 2\u00a0участникам встречи." in page.content.decode()


def test_sending_again_skips_those_with_an_open_link(programme, planning, curator):
    came = mentor(programme, planning, "Пришедшая")
    event = group_meeting(programme, [came.staff], attended=[came.staff])
    first, skipped_first = preferences_send(event=event, by=curator)
    again, skipped_again = preferences_send(event=event, by=curator)
    assert (len(first), skipped_first, len(again), skipped_again) == (1, 0, 0, 1)


def test_sending_without_attendance_is_refused_with_a_clear_message(
    curator_client, programme, planning
):
    invited = mentor(programme, planning, "Приглашённая")
    event = group_meeting(programme, [invited.staff])

    page = curator_client.post(
        reverse("pairing:preferences_send", args=[programme.pk, event.pk]), follow=True
    )

    assert page.redirect_chain[-1][0] == reverse(
        "programme:event_detail", args=[programme.pk, event.pk]
    )
    assert "Сначала отметьте, кто присутствовал на встрече." in page.content.decode()
    assert not Invitation.objects.exists()


def test_only_a_group_meeting_sends_preferences(programme, planning, curator):
    came = mentor(programme, planning, "Пришедшая")
    event = group_meeting(programme, [came.staff], attended=[came.staff])
    Event.objects.filter(pk=event.pk).update(kind="informing")
    event.refresh_from_db()
    with pytest.raises(DomainError, match="после групповой встречи"):
        preferences_send(event=event, by=curator)


def test_attendees_outside_the_bases_are_not_sent_anything(programme, org, curator):
    guest = StaffMemberFactory(organisation=org)
    event = group_meeting(programme, [guest], attended=[guest])
    with pytest.raises(DomainError, match="анкету отправлять некому"):
        preferences_send(event=event, by=curator)


def test_the_send_button_is_on_a_group_meetings_page_for_the_curator_only(
    curator_client, regional_client, programme, planning
):
    came = mentor(programme, planning, "Пришедшая")
    meeting = group_meeting(programme, [came.staff])
    informing = programme_services.event_create(
        programme=programme,
        kind="informing",
        title="Информирование",
        starts_at=timezone.make_aware(dt.datetime(2024, 2, 5, 13, 0)),
    )
    button = "Отправить анкету предпочтений участникам"

    def page(client, event):
        url = reverse("programme:event_detail", args=[programme.pk, event.pk])
        return client.get(url).content.decode()

    assert button in page(curator_client, meeting)
    assert reverse("pairing:preferences_send", args=[programme.pk, meeting.pk]) in page(
        curator_client, meeting
    )
    assert button not in page(curator_client, informing)
    assert button not in page(regional_client, meeting)


# --- 5.2: answers become preferences in the bases ---------------------------------------------


def test_the_preset_ranking_maps_to_the_preferences_by_its_base_field(programme):
    question = ranking_question(programme)
    assert question.maps_to == BaseField.PREFERENCES == "pairing.preferences"
    assert question.people_source == "counterparts" and question.allow_unwanted


def test_a_mentees_ranking_becomes_ranked_preferences_with_unwanted(programme, planning, curator):
    first = mentor(programme, planning, "Первая")
    second = mentor(programme, planning, "Вторая")
    avoided = mentor(programme, planning, "Нежеланная")
    anna = mentee(programme, planning, "Аннина")
    invitation = invite(programme, anna.staff, curator)

    answer(programme, invitation, ranked=[first.staff, second.staff], unwanted=[avoided.staff])

    assert said(anna, PreferenceSide.MENTEE) == [
        ("Первая", 1, False),
        ("Вторая", 2, False),
        ("Нежеланная", None, True),
    ]


def test_a_ranking_submitted_on_the_page_reaches_the_bases(client, programme, planning, curator):
    first = mentor(programme, planning, "Первая")
    avoided = mentor(programme, planning, "Нежеланная")
    anna = mentee(programme, planning, "Аннина")
    invitation = invite(programme, anna.staff, curator)
    token = invitations.invitation_token(invitation)
    question = ranking_question(programme)

    page = client.post(
        reverse("surveys:fill", args=[token]),
        {
            f"q{question.pk}_p{first.staff_id}": "1",
            f"q{question.pk}_u{avoided.staff_id}": "on",
            "action": "submit",
        },
    )

    assert page.status_code == 302
    assert said(anna, PreferenceSide.MENTEE) == [("Первая", 1, False), ("Нежеланная", None, True)]


def test_a_mentors_ranking_is_recorded_on_the_mentors_side(programme, planning, curator):
    boris = mentor(programme, planning, "Борисова")
    anna = mentee(programme, planning, "Аннина")
    vera = mentee(programme, planning, "Верина")
    invitation = invite(programme, boris.staff, curator)

    answer(programme, invitation, ranked=[vera.staff, anna.staff])

    assert said(boris, PreferenceSide.MENTOR) == [("Верина", 1, False), ("Аннина", 2, False)]
    assert not Preference.objects.filter(side=PreferenceSide.MENTEE).exists()


def test_mentee_is_offered_only_ready_mentors_and_mentor_only_included_mentees(
    client, programme, planning, curator
):
    ready = mentor(programme, planning, "Готова")
    mentoring = mentor(programme, planning, "Наставникова", status=MentorStatus.MENTOR)
    training = mentor(programme, planning, "Обучаемая", status=MentorStatus.TRAINING)
    rejected = mentor(programme, planning, "Отклонённая", status=MentorStatus.REJECTED)
    anna = mentee(programme, planning, "Аннина")
    vera = mentee(programme, planning, "Верина")
    waiting = mentee(programme, planning, "Кандидатова", status=MenteeStatus.CANDIDATE)
    dropped = mentee(programme, planning, "Выбывшая", status=MenteeStatus.DROPPED)
    question = ranking_question(programme)

    anna_link = invite(programme, anna.staff, curator)
    ready_link = invite(programme, ready.staff, curator)

    assert {p.pk for p in responses.people_choices(question, anna_link)} == {
        ready.staff_id,
        mentoring.staff_id,
    }
    assert {p.pk for p in responses.people_choices(question, ready_link)} == {
        anna.staff_id,
        vera.staff_id,
    }
    page = client.get(
        reverse("surveys:fill", args=[invitations.invitation_token(anna_link)])
    ).content.decode()
    assert ready.staff.full_name in page and mentoring.staff.full_name in page
    for other in (training, rejected, vera, waiting, dropped):
        assert other.staff.full_name not in page
    with pytest.raises(DomainError, match="нельзя выбрать"):
        answer(programme, anna_link, ranked=[training.staff])


def test_resubmitting_replaces_previous_preferences(programme, planning, curator):
    first = mentor(programme, planning, "Первая")
    second = mentor(programme, planning, "Вторая")
    anna = mentee(programme, planning, "Аннина")
    earlier = invite(programme, anna.staff, curator)
    answer(programme, earlier, ranked=[first.staff, second.staff])
    # A new link once the old one has expired (after a second meeting, say).
    Invitation.objects.filter(pk=earlier.pk).update(expires_at=timezone.now())
    later = invite(programme, anna.staff, curator)

    answer(programme, later, ranked=[second.staff], unwanted=[first.staff])

    assert said(anna, PreferenceSide.MENTEE) == [("Вторая", 1, False), ("Первая", None, True)]


def test_preferences_of_unknown_people_are_refused(programme, planning, org):
    anna = mentee(programme, planning, "Аннина")
    elsewhere = mentor(ProgrammeFactory(organisation=org, year=2025), planning, "Чужая")
    stranger = StaffMemberFactory(organisation=org)
    with pytest.raises(DomainError, match="нет в базе наставников"):
        preferences_record(
            programme=programme, staff=anna.staff, ranked=[elsewhere.staff_id], unwanted=[]
        )
    with pytest.raises(DomainError, match="нет в базе наставников или наставляемых"):
        preferences_record(programme=programme, staff=stranger, ranked=[], unwanted=[])
    assert not Preference.objects.exists()


# --- 5.2: progress on the dashboard -------------------------------------------------------------


def test_preference_progress_is_answered_of_sent(curator_client, programme, planning, curator):
    first = mentor(programme, planning, "Первая")
    anna = mentee(programme, planning, "Аннина")
    event = group_meeting(programme, [first.staff, anna.staff], attended=[first.staff, anna.staff])
    preferences_send(event=event, by=curator)
    answered = Invitation.objects.get(staff=anna.staff)

    answer(programme, answered, ranked=[first.staff])

    html = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content.decode()
    assert "ответили 1 из 2" in html


def test_preference_progress_counts_each_invitation_once_whatever_the_versions(
    programme, planning, curator
):
    first = mentor(programme, planning, "Первая")
    anna = mentee(programme, planning, "Аннина")
    answer(programme, invite(programme, anna.staff, curator), ranked=[first.staff])
    invite(programme, first.staff, curator)
    questionnaire = preference_questionnaire(programme)
    version_fork(version=questionnaire.versions.get(), note="Правка после ответа")

    assert survey_progress(programme)["5.2"] == Progress("ответили 1 из 2", done=1, total=2)


def test_existing_programmes_preference_rankings_get_the_mapping(programme):
    question = ranking_question(programme)
    type(question).objects.filter(pk=question.pk).update(maps_to="")
    migration = importlib.import_module("surveys.migrations.0004_preference_field")

    migration.map_preference_rankings(django_apps, None)

    question.refresh_from_db()
    assert question.maps_to == "pairing.preferences"


# --- 5.2: the curator's page -------------------------------------------------------------------


def _preferences_page(client, programme):
    return client.get(reverse("pairing:preferences", args=[programme.pk]))


def test_the_preferences_page_shows_rankings_and_mutual_first_choices_in_words(
    curator_client, programme, planning
):
    first = mentor(programme, planning, "Первая")
    second = mentor(programme, planning, "Вторая")
    anna = mentee(programme, planning, "Аннина")
    vera = mentee(programme, planning, "Верина")
    mentee(programme, planning, "Молчащая")
    preferences_record(
        programme=programme,
        staff=anna.staff,
        ranked=[first.staff_id, second.staff_id],
        unwanted=[],
    )
    preferences_record(programme=programme, staff=first.staff, ranked=[anna.staff_id], unwanted=[])
    preferences_record(
        programme=programme, staff=vera.staff, ranked=[first.staff_id], unwanted=[second.staff_id]
    )

    page = _preferences_page(curator_client, programme)

    assert page.status_code == 200
    html = page.content.decode()
    assert "взаимный выбор № 1" in html
    assert "нет ответа" in html
    overview = page.context["overview"]
    assert overview.mutual == [(anna.staff, first.staff)]
    rows = {row.staff.last_name: row for row in overview.mentees}
    assert [(p.person.last_name, p.rank, p.mutual_first) for p in rows["Аннина"].ranked] == [
        ("Первая", 1, True),
        ("Вторая", 2, False),
    ]
    assert [(p.person.last_name, p.mutual_first) for p in rows["Верина"].ranked] == [
        ("Первая", False)
    ]
    assert [p.last_name for p in rows["Верина"].unwanted] == ["Вторая"]
    assert not rows["Молчащая"].answered
    assert overview.mentees_answered == 2 and overview.mentors_answered == 1


def _people_with_preferences(programme, planning, n):
    mentors = [mentor(programme, planning, f"Наставник{i}") for i in range(n)]
    mentees = [mentee(programme, planning, f"Наставляемый{i}") for i in range(n)]
    for i, person in enumerate(mentees):
        preferences_record(
            programme=programme,
            staff=person.staff,
            ranked=[m.staff_id for m in mentors[: i % 3 + 1]],
            unwanted=[mentors[-1].staff_id] if i % 3 == 0 and n > 1 else [],
        )
    for person in mentors:
        preferences_record(
            programme=programme, staff=person.staff, ranked=[mentees[0].staff_id], unwanted=[]
        )


def test_the_preferences_page_takes_the_same_number_of_queries_for_3_or_15_people(
    curator_client, programme, planning, org
):
    _preferences_page(curator_client, programme)  # session and user warm
    small = ProgrammeFactory(organisation=org, year=2030, curator=programme.curator)
    _people_with_preferences(small, planning, 3)
    with CaptureQueriesContext(connection) as few:
        assert _preferences_page(curator_client, small).status_code == 200
    big = ProgrammeFactory(organisation=org, year=2031, curator=programme.curator)
    _people_with_preferences(big, planning, 15)
    with CaptureQueriesContext(connection) as many:
        page = _preferences_page(curator_client, big)
    assert page.status_code == 200
    assert len(page.context["overview"].mentees) == 15
    assert len(many) == len(few)


def test_the_overview_reads_in_four_queries(programme, planning, django_assert_num_queries):
    _people_with_preferences(programme, planning, 5)
    with django_assert_num_queries(4):
        preferences_overview(programme)


# --- Permissions ----------------------------------------------------------------------------


def test_a_teacher_gets_neither_the_page_nor_the_sending(teacher_client, programme, planning):
    came = mentor(programme, planning, "Пришедшая")
    event = group_meeting(programme, [came.staff], attended=[came.staff])
    assert _preferences_page(teacher_client, programme).status_code == 403
    send = reverse("pairing:preferences_send", args=[programme.pk, event.pk])
    assert teacher_client.post(send).status_code == 403
    assert not Invitation.objects.exists()


def test_another_kindergartens_curator_gets_404(other_curator_client, programme, planning):
    came = mentor(programme, planning, "Пришедшая")
    event = group_meeting(programme, [came.staff], attended=[came.staff])
    assert _preferences_page(other_curator_client, programme).status_code == 404
    send = reverse("pairing:preferences_send", args=[programme.pk, event.pk])
    assert other_curator_client.post(send).status_code == 404
    assert not Invitation.objects.exists()


def test_the_regional_coordinator_can_neither_send_nor_read_names(
    regional_client, programme, planning
):
    came = mentor(programme, planning, "Пришедшая")
    anna = mentee(programme, planning, "Аннина")
    preferences_record(programme=programme, staff=anna.staff, ranked=[came.staff_id], unwanted=[])
    event = group_meeting(programme, [came.staff], attended=[came.staff])
    page = _preferences_page(regional_client, programme)
    assert page.status_code == 403
    assert "Аннина" not in page.content.decode()
    send = reverse("pairing:preferences_send", args=[programme.pk, event.pk])
    assert regional_client.post(send).status_code == 403
    assert not Invitation.objects.exists()


def test_the_head_reads_the_preferences(head_client, programme, planning):
    anna = mentee(programme, planning, "Аннина")
    page = _preferences_page(head_client, programme)
    assert page.status_code == 200
    assert anna.staff.full_name in page.content.decode()


def test_an_event_of_another_programme_is_not_found(curator_client, programme, planning, org):
    other = ProgrammeFactory(organisation=org, year=2025)
    came = mentor(other, planning, "Пришедшая")
    event = group_meeting(other, [came.staff], attended=[came.staff])
    send = reverse("pairing:preferences_send", args=[programme.pk, event.pk])
    assert curator_client.post(send).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(client, programme):
    page = _preferences_page(client, programme)
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")


def test_a_superuser_without_organisation_reads_the_page(client, programme):
    admin = UserFactory(username="root", organisation=None, is_superuser=True, is_staff=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    assert _preferences_page(client, programme).status_code == 200


def test_the_preferences_page_counts_answered_of_sent_and_names_the_silent_on_each_side(
    curator_client, programme, planning, curator
):
    first = mentor(programme, planning, "Первая")
    mentor(programme, planning, "Неприглашённая")
    anna = mentee(programme, planning, "Аннина")
    vera = mentee(programme, planning, "Верина")
    mentee(programme, planning, "Непосланная")
    answer(programme, invite(programme, anna.staff, curator), ranked=[first.staff])
    invite(programme, vera.staff, curator)
    invite(programme, first.staff, curator)

    page = _preferences_page(curator_client, programme)

    html = " ".join(page.content.decode().split())
    answering = page.context["answering"]
    assert [p.last_name for p in answering.mentees.sent] == ["Аннина", "Верина"]
    assert [p.last_name for p in answering.mentees.silent] == ["Верина"]
    assert [p.last_name for p in answering.mentors.silent] == ["Первая"]
    assert "Ответили 1 из 2, получивших анкету. Не ответили: " + vera.staff.full_name in html
    assert "Ответили 0 из 1, получивших анкету. Не ответили: " + first.staff.full_name in html
    assert "Непосланная" not in html.split("Не ответили:")[1].split(".")[0]


def test_a_revoked_link_is_not_counted_as_sent(programme, planning, curator):
    from pairing.selectors.preferences import preference_answering

    anna = mentee(programme, planning, "Аннина")
    invitations.invitation_revoke(invitation=invite(programme, anna.staff, curator))

    assert preference_answering(programme).mentees.sent == []
