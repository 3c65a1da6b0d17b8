"""Personal links: a token opens only its own invitation; dead links all look the same."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from surveys.models import Answer, Invitation
from surveys.services import invitations
from tests.factories import StaffMemberFactory


def test_tokens_are_stored_only_as_hashes(mentee_intake, bob, invite):
    invitation, token = invite(mentee_intake, bob)
    invitation.refresh_from_db()
    stored = [str(getattr(invitation, f.attname)) for f in Invitation._meta.concrete_fields]
    assert token not in stored
    assert all(token not in value for value in stored)
    assert invitations.find_invitation(token) == invitation


def test_unknown_revoked_and_expired_links_get_the_same_page(client, mentee_intake, bob, invite):
    revoked, revoked_token = invite(mentee_intake, bob)
    invitations.invitation_revoke(invitation=revoked)
    other = StaffMemberFactory(organisation=bob.organisation)
    expired, expired_token = invite(mentee_intake, other)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    pages = [
        client.get(reverse("surveys:fill", args=[token]))
        for token in ("made-up-token-123", revoked_token, expired_token)
    ]
    assert {p.status_code for p in pages} == {404}
    bodies = {p.content.decode() for p in pages}
    assert len(bodies) == 1
    assert "Ссылка не действует" in bodies.pop()


def test_one_teachers_link_cannot_open_or_change_anothers_response(
    client, mentee_intake, bob, invite, consent
):
    ann = StaffMemberFactory(organisation=bob.organisation, last_name="Антонова")
    consent(bob)
    consent(ann)
    _bob_invitation, bob_token = invite(mentee_intake, bob)
    ann_invitation, _ann_token = invite(mentee_intake, ann)
    q = mentee_intake.versions.get().questions.get(code="difficulties")
    client.post(
        reverse("surveys:fill", args=[bob_token]) + "?section=2",
        {f"q{q.pk}": "моё", "action": "save"},
    )
    # Bob's token only ever reaches Bob's invitation; there is no parameter naming another.
    client.post(
        reverse("surveys:fill", args=[bob_token]) + f"?section=2&invitation={ann_invitation.pk}",
        {f"q{q.pk}": "чужое", "action": "save", "invitation": ann_invitation.pk},
    )
    assert not hasattr(Invitation.objects.get(pk=ann_invitation.pk), "response")
    assert set(Answer.objects.values_list("response__respondent", flat=True)) == {bob.pk}
    # The logged-in route checks the owner: bob cannot open ann's invitation by its number.
    page = client.get(reverse("surveys:fill_mine", args=[ann_invitation.pk]))
    assert page.status_code == 302  # anonymous → login


def test_a_teacher_cannot_open_another_teachers_invitation_from_her_page(
    teacher_client, mentee_intake, bob, invite
):
    ann = StaffMemberFactory(organisation=bob.organisation)
    ann_invitation, _ = invite(mentee_intake, ann)
    own, _ = invite(mentee_intake, bob)
    assert (
        teacher_client.get(reverse("surveys:fill_mine", args=[ann_invitation.pk])).status_code
        == 404
    )
    assert teacher_client.get(reverse("surveys:fill_mine", args=[own.pk])).status_code == 302


def test_a_submitted_invitation_cannot_be_submitted_twice(
    client, mentee_intake, bob, invite, consent
):
    from surveys.services import responses
    from surveys.tests.test_consent import fill_required

    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    responses.save_answers(invitation=invitation, data=fill_required(version, {}), submit=True)
    page = client.get(reverse("surveys:fill", args=[token]))
    assert "уже отправлена" in page.content.decode()
    q = version.questions.get(code="difficulties")
    client.post(reverse("surveys:fill", args=[token]), {f"q{q.pk}": "ещё", "action": "submit"})
    assert not Answer.objects.filter(question=q, value="ещё").exists()


def test_a_teacher_with_a_login_sees_her_questionnaires_on_her_page(
    teacher_client, mentee_intake, bob, invite
):
    own, _ = invite(mentee_intake, bob)
    other = StaffMemberFactory(organisation=bob.organisation)
    invite(mentee_intake, other)
    text = teacher_client.get(reverse("programme:my_page")).content.decode()
    assert "Анкета наставляемого" in text
    assert reverse("surveys:fill_mine", args=[own.pk]) in text
    assert text.count("/my/questionnaires/") == 1
