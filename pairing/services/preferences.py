"""Preferences after the group meeting (5.2): the preference questionnaire goes to the
meeting's attendees; their answers come back into the bases through the questionnaire's
mapping (surveys → programme.services.bases.preferences_record)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import Event
from programme.models.events import EventKind
from surveys.models import BaseField, Invitation, QuestionKind
from surveys.services.invitations import invitations_create
from surveys.services.questionnaires import current_version

from ..selectors.preferences import (
    meeting_attendees,
    preference_participants,
    preference_questionnaire,
)

# How long a preference link stays open: pairing follows the meeting within two weeks.
PREFERENCE_LINK_DAYS = 14


@transaction.atomic
def preferences_send(*, event: Event, by) -> tuple[list[Invitation], int]:
    """Invite the mentors and mentees present at the group meeting to the preference
    questionnaire, by email; returns the new invitations and how many attendees already had
    an open link (not invited twice)."""
    if event.kind != EventKind.GROUP_MEETING:
        raise DomainError(
            "Анкету предпочтений отправляют после групповой встречи наставников "
            "и наставляемых (5.1)."
        )
    programme = event.programme
    attendees = list(meeting_attendees(event))
    if not attendees:
        raise DomainError("Сначала отметьте, кто присутствовал на встрече.")
    participants = set(
        preference_participants(programme)
        .filter(pk__in=[p.pk for p in attendees])
        .values_list("pk", flat=True)
    )
    recipients = [p for p in attendees if p.pk in participants]
    if not recipients:
        raise DomainError(
            "Среди присутствовавших нет наставников со статусом «готов» (или «наставник») "
            "и наставляемых, включённых в базу этой программы: анкету отправлять некому."
        )
    questionnaire = preference_questionnaire(programme)
    if questionnaire is None:
        raise DomainError(
            "В программе нет действующей анкеты «Предпочтения после групповой встречи». "
            "Включите её в администрировании."
        )
    version = current_version(questionnaire)
    if (
        version is None
        or not version.questions.filter(
            kind=QuestionKind.RANKING, maps_to=BaseField.PREFERENCES
        ).exists()
    ):
        raise DomainError(
            f"В анкете «{questionnaire.title}» нет вопроса-ранжирования с полем базы "
            f"«{BaseField.PREFERENCES.label}»: ответы не попадут в базы. Укажите поле базы "
            "у вопроса в администрировании."
        )
    return invitations_create(
        questionnaire=questionnaire,
        staff=recipients,
        by=by,
        expires_at=timezone.now() + dt.timedelta(days=PREFERENCE_LINK_DAYS),
        send_email=True,
    )
