"""Invitations: chosen people, one email each with their own link, printed sheets with QR codes,
reminders, statuses."""

import io

from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from surveys.models import Invitation, InvitationStatus
from surveys.services import invitations
from tests.factories import StaffMemberFactory


def _people(org, n):
    return [
        StaffMemberFactory(organisation=org, last_name=f"Фамилия{i}", email=f"t{i}@ds30.ru")
        for i in range(n)
    ]


def test_invitations_send_one_email_each_with_the_right_link(
    curator_client, programme, mentee_intake, django_capture_on_commit_callbacks
):
    people = _people(programme.organisation, 3)
    with django_capture_on_commit_callbacks(execute=True):
        page = curator_client.post(
            reverse("surveys:invitation_create", args=[programme.pk, mentee_intake.pk]),
            {"staff": [p.pk for p in people], "days": 14, "send_email": "on"},
        )
    assert page.status_code == 302
    assert len(mail.outbox) == 3
    for person in people:
        [message] = [m for m in mail.outbox if m.to == [person.email]]
        invitation = Invitation.objects.get(staff=person)
        link = invitations.invitation_link(invitation)
        assert link in message.body
        assert link in message.alternatives[0][0]
        assert "Анкета наставляемого" in message.subject
        assert invitation.status == InvitationStatus.SENT and invitation.sent_at


def test_inviting_again_does_not_duplicate_an_open_invitation(
    curator_client, programme, mentee_intake
):
    [person] = _people(programme.organisation, 1)
    url = reverse("surveys:invitation_create", args=[programme.pk, mentee_intake.pk])
    curator_client.post(url, {"staff": [person.pk], "days": 14})
    page = curator_client.post(url, {"staff": [person.pk], "days": 14}, follow=True)
    assert Invitation.objects.filter(staff=person).count() == 1
    assert "уже есть действующая ссылка" in page.content.decode()


def test_reminders_go_only_to_those_who_have_not_submitted(
    programme, mentee_intake, invite, django_capture_on_commit_callbacks
):
    done, waiting = _people(programme.organisation, 2)
    submitted, _ = invite(mentee_intake, done)
    invite(mentee_intake, waiting)
    Invitation.objects.filter(pk=submitted.pk).update(status=InvitationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        count = invitations.remind_unsubmitted(questionnaire=mentee_intake)
    assert count == 1
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert "Напоминаем" in mail.outbox[0].body
    assert Invitation.objects.get(staff=waiting).reminders_sent == 1


def test_invitation_sheets_pdf_holds_each_name_and_link(
    curator_client, programme, mentee_intake, invite
):
    people = _people(programme.organisation, 2)
    links = {}
    for person in people:
        invitation, _ = invite(mentee_intake, person)
        links[person.full_name] = invitations.invitation_link(invitation)
    page = curator_client.get(
        reverse("surveys:invitation_sheets", args=[programme.pk, mentee_intake.pk])
    )
    assert page["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(page.content))
    assert len(reader.pages) == 2
    for number, (name, link) in enumerate(sorted(links.items())):
        text = " ".join(reader.pages[number].extract_text().split())
        assert name in text
        assert link in text.replace(" ", "")


def test_curator_revokes_a_link_and_it_stops_working(
    client, curator_client, programme, mentee_intake, invite
):
    [person] = _people(programme.organisation, 1)
    invitation, token = invite(mentee_intake, person)
    curator_client.post(
        reverse("surveys:invitation_revoke", args=[programme.pk, mentee_intake.pk, invitation.pk])
    )
    assert client.get(reverse("surveys:fill", args=[token])).status_code == 404


def test_invitation_page_filters_candidates_by_position_and_shows_statuses(
    curator_client, programme, mentee_intake, invite
):
    music = StaffMemberFactory(
        organisation=programme.organisation, last_name="Музыкова", position="muz_rukovoditel"
    )
    other = StaffMemberFactory(organisation=programme.organisation, last_name="Воспитова")
    invite(mentee_intake, other)
    page = curator_client.get(
        reverse("surveys:invitation_list", args=[programme.pk, mentee_intake.pk]),
        {"position": music.position},
    )
    text = page.content.decode()
    assert f'value="{music.pk}"' in text and f'value="{other.pk}"' not in text
    assert "Воспитова" in text  # in the invitations table
