"""Questionnaires are edited in the admin; answered versions are read-only and forked."""

import pytest
from django.test import Client

from programme import services
from surveys.models import QuestionnaireVersion
from surveys.services import responses
from surveys.tests.test_consent import fill_required


@pytest.fixture
def admin_client_of_curator(curator):
    services.grant_admin_access(user=curator)
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_an_unanswered_version_is_editable_in_the_admin(admin_client_of_curator, mentee_intake):
    version = mentee_intake.versions.get()
    page = admin_client_of_curator.get(f"/admin/surveys/questionnaireversion/{version.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Сохранить" in text
    assert "В каких направлениях вам нужна помощь наставника?" in text


def test_an_answered_version_is_read_only_and_the_action_forks_it(
    admin_client_of_curator, mentee_intake, bob, invite, consent
):
    consent(bob)
    invitation, _ = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    responses.save_answers(invitation=invitation, data=fill_required(version, {}), submit=True)
    url = f"/admin/surveys/questionnaireversion/{version.pk}/change/"
    page = admin_client_of_curator.get(url)
    assert "На эту версию уже отвечали" in page.content.decode()
    assert admin_client_of_curator.post(url, {"note": "меняю"}).status_code == 403
    admin_client_of_curator.post(
        "/admin/surveys/questionnaireversion/",
        {"action": "fork_version", "_selected_action": [version.pk]},
    )
    assert list(mentee_intake.versions.values_list("number", flat=True).order_by("number")) == [
        1,
        2,
    ]
    new = QuestionnaireVersion.objects.get(questionnaire=mentee_intake, number=2)
    page = admin_client_of_curator.get(f"/admin/surveys/questionnaireversion/{new.pk}/change/")
    assert "Сохранить" in page.content.decode()


def test_the_admin_shows_another_organisations_questionnaires_to_nobody(
    admin_client_of_curator, mentee_intake, other_org
):
    from tests.factories import ProgrammeFactory

    foreign = ProgrammeFactory(organisation=other_org)
    foreign_version = foreign.questionnaires.first().versions.get()
    listing = admin_client_of_curator.get("/admin/surveys/questionnaire/").content.decode()
    own = mentee_intake.pk
    theirs = foreign.questionnaires.first().pk
    assert f"/admin/surveys/questionnaire/{own}/change/" in listing
    assert f"/admin/surveys/questionnaire/{theirs}/change/" not in listing
    page = admin_client_of_curator.get(
        f"/admin/surveys/questionnaireversion/{foreign_version.pk}/change/"
    )
    assert page.status_code == 302  # the admin's "does not exist" redirect


def test_consents_and_invitations_are_records_not_editable(
    admin_client_of_curator, mentee_intake, bob, invite, consent
):
    record = consent(bob)
    invitation, token = invite(mentee_intake, bob)
    page = admin_client_of_curator.get(f"/admin/surveys/consent/{record.pk}/change/")
    assert page.status_code == 200 and "Сохранить" not in page.content.decode()
    page = admin_client_of_curator.get(f"/admin/surveys/invitation/{invitation.pk}/change/")
    assert token not in page.content.decode()
    assert invitation.token_nonce not in page.content.decode()
