"""2.2: a psychologist or the head adds what they know of a consented teacher; the curator sees
the teacher's own answers beside those inputs."""

import pytest
from django.test import Client
from django.urls import reverse

from programme.models import MenteeProfile
from surveys.services import responses
from surveys.tests.test_consent import fill_required
from tests.factories import StaffMemberFactory, UserFactory


@pytest.fixture
def psychologist_client(org):
    user = UserFactory(username="olga", organisation=org, role="psychologist")
    StaffMemberFactory(organisation=org, user=user, last_name="Лебедева", position="psiholog")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_only_consented_teachers_can_be_chosen(psychologist_client, programme, bob, consent):
    silent = StaffMemberFactory(organisation=programme.organisation, last_name="Молчанова")
    consent(bob)
    text = psychologist_client.get(reverse("surveys:third_party", args=[programme.pk])).content
    assert bob.full_name in text.decode()
    assert "Молчанова" not in text.decode()
    page = psychologist_client.post(
        reverse("surveys:third_party", args=[programme.pk]), {"subject": silent.pk}
    )
    assert page.status_code == 200
    assert "Выберите корректный вариант" in page.content.decode()


def test_third_party_input_sits_beside_the_teachers_own_answers(
    psychologist_client, curator_client, programme, mentee_intake, bob, invite, consent
):
    consent(bob)
    own, _ = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    responses.save_answers(
        invitation=own,
        data=fill_required(
            version, {version.questions.get(code="difficulties").pk: "Трудно с планированием"}
        ),
        submit=True,
    )
    page = psychologist_client.post(
        reverse("surveys:third_party", args=[programme.pk]), {"subject": bob.pk}
    )
    assert page.status_code == 302
    fill_url = page["Location"]
    consent_page = psychologist_client.get(fill_url)  # she consents for her own data first
    assert consent_page.status_code == 302
    psychologist_client.post(consent_page["Location"], {"agree": "on"})
    form = psychologist_client.get(fill_url)
    assert bob.full_name in form.content.decode()
    invitation = form.context["invitation"]
    third_version = invitation.questionnaire.versions.get()
    competency = programme.organisation.competencies.last()
    responses.save_answers(
        invitation=invitation,
        data=fill_required(
            third_version,
            {
                q.pk: [{"competency": competency.pk, "value": 2}]
                for q in third_version.questions.filter(kind="competencies")
            },
        ),
        submit=True,
    )
    side = curator_client.get(reverse("surveys:side_by_side", args=[programme.pk, bob.pk]))
    text = side.content.decode()
    assert "Сам педагог" in text and "Трудно с планированием" in text
    assert "Лебедева" in text
    sources = set(MenteeProfile.objects.get(staff=bob).requests.values_list("source", flat=True))
    assert sources == {"own", "third_party"}


def test_a_teacher_cannot_give_third_party_input(teacher_client, programme):
    assert (
        teacher_client.get(reverse("surveys:third_party", args=[programme.pk])).status_code == 403
    )
