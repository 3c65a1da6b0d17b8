"""Self-assessment: the group answers the assessment parameters as a questionnaire, and each
submission fills the same scores as the curator's grid."""

from django.urls import reverse

from programme.models import Score
from surveys.models import Invitation
from surveys.services import responses
from tests.factories import MenteeProfileFactory, StaffMemberFactory
from tests.factories_assessment import AssessmentParameterFactory, AssessmentRoundFactory


def _setup(programme):
    planning = AssessmentParameterFactory(
        programme=programme, name="Планирование", applies_to="mentees", scale_min=1, scale_max=5
    )
    parents = AssessmentParameterFactory(
        programme=programme, name="Работа с родителями", applies_to="mentees", scale_max=5
    )
    baseline = AssessmentRoundFactory(programme=programme, kind="baseline")
    return planning, parents, baseline


def test_the_curator_sends_a_self_assessment_and_answers_become_scores(
    curator_client, programme, bob, consent, invite
):
    planning, parents, baseline = _setup(programme)
    MenteeProfileFactory(programme=programme, staff=bob)
    page = curator_client.post(
        reverse("surveys:self_assessment_start", args=[programme.pk, baseline.pk, "mentees"])
    )
    assert page.status_code == 302
    questionnaire = programme.questionnaires.get(kind="self_assessment")
    assert page["Location"] == reverse(
        "surveys:invitation_list", args=[programme.pk, questionnaire.pk]
    )
    listing = curator_client.get(page["Location"]).content.decode()
    assert f'value="{bob.pk}"' in listing  # the group is offered
    version = questionnaire.versions.get()
    assert [q.text for q in version.questions.order_by("order")] == [
        "Планирование",
        "Работа с родителями",
    ]
    consent(bob)
    invitation, _ = invite(questionnaire, bob)
    by_parameter = {q.assessment_parameter_id: q.pk for q in version.questions.all()}
    responses.save_answers(
        invitation=invitation,
        data={by_parameter[planning.pk]: 2, by_parameter[parents.pk]: 4},
        submit=True,
    )
    scores = {(s.parameter_id, s.value) for s in Score.objects.filter(round=baseline, staff=bob)}
    assert scores == {(planning.pk, 2), (parents.pk, 4)}


def test_only_the_group_is_invited_to_its_self_assessment(curator_client, programme, bob):
    _planning, _parents, baseline = _setup(programme)
    outsider = StaffMemberFactory(organisation=programme.organisation, last_name="Посторонняя")
    curator_client.post(
        reverse("surveys:self_assessment_start", args=[programme.pk, baseline.pk, "mentees"])
    )
    questionnaire = programme.questionnaires.get(kind="self_assessment")
    page = curator_client.post(
        reverse("surveys:invitation_create", args=[programme.pk, questionnaire.pk]),
        {"staff": [outsider.pk], "days": 7},
        follow=True,
    )
    assert "только участники группы" in page.content.decode()
    assert not Invitation.objects.filter(questionnaire=questionnaire).exists()


def test_without_parameters_the_self_assessment_is_refused_with_a_message(
    curator_client, programme
):
    baseline = AssessmentRoundFactory(programme=programme, kind="baseline")
    page = curator_client.post(
        reverse("surveys:self_assessment_start", args=[programme.pk, baseline.pk, "mentors"]),
        follow=True,
    )
    assert "Сначала задайте параметры оценки" in page.content.decode()
    assert not programme.questionnaires.filter(kind="self_assessment").exists()


def test_another_organisations_curator_cannot_start_a_self_assessment(
    other_curator_client, programme
):
    _p, _q, baseline = _setup(programme)
    page = other_curator_client.post(
        reverse("surveys:self_assessment_start", args=[programme.pk, baseline.pk, "mentees"])
    )
    assert page.status_code == 404
