"""Fixtures of the questionnaire tests: the programme's preset questionnaires, invitations with
their tokens, and consent."""

import datetime as dt

import pytest
from django.utils import timezone

from surveys.models import ConsentChannel, ConsentKind, QuestionnaireKind
from surveys.services import consents, invitations


@pytest.fixture
def bob(teacher):
    return teacher.staff_member


def questionnaire_of(programme, kind):
    return programme.questionnaires.get(kind=kind)


@pytest.fixture
def mentee_intake(programme):
    return questionnaire_of(programme, QuestionnaireKind.MENTEE_INTAKE)


@pytest.fixture
def mentor_intake(programme):
    return questionnaire_of(programme, QuestionnaireKind.MENTOR_INTAKE)


@pytest.fixture
def invite(curator):
    """invite(questionnaire, staff, days=30, subject=None) → (invitation, token)."""

    def make(questionnaire, staff, days=30, subject=None, send_email=False):
        created, _ = invitations.invitations_create(
            questionnaire=questionnaire,
            staff=[staff],
            by=curator,
            subject=subject,
            expires_at=timezone.now() + dt.timedelta(days=days),
            send_email=send_email,
        )
        invitation = created[0]
        return invitation, invitations.invitation_token(invitation)

    return make


def give_consent(staff):
    return consents.consent_give(
        staff=staff,
        kind=ConsentKind.PROCESSING,
        channel=ConsentChannel.ONLINE,
        ip_address="10.0.0.1",
    )


@pytest.fixture
def consent():
    return give_consent
