"""Filling in a questionnaire: drafts, validation of every value, submission, and the answers
flowing into the mentee and mentor bases.

The rule of 152-ФЗ is enforced here, not in the page: nothing is stored for a person who has
no valid consent to processing.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import Competency, StaffMember
from programme.models.bases import MenteeStatus, MentorStatus
from programme.selectors.bases import counterparts

from ..models import (
    Answer,
    BaseField,
    ConsentKind,
    Invitation,
    InvitationStatus,
    PeopleSource,
    Question,
    QuestionKind,
    QuestionnaireKind,
    Response,
    ResponseStatus,
)
from .consents import valid_consent

MAX_TEXT = {QuestionKind.SHORT_TEXT: 500, QuestionKind.LONG_TEXT: 5000}


class InvitationClosed(DomainError):
    """The link cannot be used: expired, revoked or already submitted."""


def invitation_is_open(invitation: Invitation) -> bool:
    return invitation.revoked_at is None and invitation.expires_at > timezone.now()


def people_choices(question: Question, invitation: Invitation) -> list[StaffMember]:
    """Whom a person question offers: staff, mentors, mentees or the respondent's counterparts."""
    programme = invitation.questionnaire.programme
    me = invitation.staff_id
    source = question.people_source
    if source == PeopleSource.COUNTERPARTS:
        # After the group meeting (5.2): the ready mentors for a mentee, the included
        # mentees for a mentor — those the board may pair.
        return list(counterparts(programme, me))
    if source == PeopleSource.MENTORS:
        qs = StaffMember.objects.filter(
            mentor_profiles__programme=programme,
        ).exclude(mentor_profiles__status=MentorStatus.REJECTED)
    elif source == PeopleSource.MENTEES:
        qs = StaffMember.objects.filter(mentee_profiles__programme=programme).exclude(
            mentee_profiles__status=MenteeStatus.DROPPED
        )
    else:
        qs = StaffMember.objects.filter(organisation_id=programme.organisation_id, is_active=True)
    return list(qs.exclude(pk=me).distinct().order_by("last_name", "first_name"))


def competency_choices(invitation: Invitation) -> list[Competency]:
    return list(
        Competency.objects.filter(
            organisation_id=invitation.questionnaire.programme.organisation_id, is_active=True
        ).order_by("order", "name")
    )


def is_empty(value) -> bool:
    if value is None or value == "" or value == []:
        return True
    if isinstance(value, dict):
        return not value.get("ranked") and not value.get("unwanted")
    return False


def validate_value(question: Question, value, invitation: Invitation):
    """The value as stored (JSON), or DomainError with a Russian message naming the question."""
    if is_empty(value):
        return None
    kind = question.kind
    label = f"«{question.text}»"
    if kind in MAX_TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT[kind]:
            raise DomainError(f"{label}: не больше {MAX_TEXT[kind]} знаков.")
        return text or None
    if kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DomainError(f"{label}: выберите значение на шкале.") from None
        if not question.scale_min <= number <= question.scale_max:
            raise DomainError(
                f"{label}: значение {number} вне шкалы {question.scale_min}–{question.scale_max}."
            )
        return number
    if kind == QuestionKind.NUMBER:
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise DomainError(f"{label}: введите число.") from None
        if number < 0 or number > 1000:
            raise DomainError(f"{label}: число вне допустимых пределов.")
        return int(number) if number == number.to_integral() else float(number)
    if kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise DomainError(f"{label}: дата в формате дд.мм.гггг.") from None
    if kind == QuestionKind.YES_NO:
        if value in (True, "yes", "true", "1", 1):
            return True
        if value in (False, "no", "false", "0", 0):
            return False
        raise DomainError(f"{label}: ответьте «да» или «нет».")
    if kind == QuestionKind.SINGLE:
        if question.people_source:
            allowed = {str(p.pk) for p in people_choices(question, invitation)}
            if str(value) not in allowed:
                raise DomainError(f"{label}: такого человека нет в списке.")
            return int(value)
        allowed = {c.value or str(c.pk) for c in question.choices.all()}
        if str(value) not in allowed:
            raise DomainError(f"{label}: выберите один из вариантов.")
        return str(value)
    if kind == QuestionKind.MULTIPLE:
        values = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        allowed = {c.value or str(c.pk) for c in question.choices.all()}
        if not set(values) <= allowed:
            raise DomainError(f"{label}: выберите варианты из списка.")
        return list(dict.fromkeys(values))
    if kind == QuestionKind.COMPETENCIES:
        allowed = {c.pk for c in competency_choices(invitation)}
        picks = []
        for item in value:
            try:
                competency, level = int(item["competency"]), int(item["value"])
            except (KeyError, TypeError, ValueError):
                raise DomainError(f"{label}: неверный выбор компетенции.") from None
            if competency not in allowed:
                raise DomainError(f"{label}: такой компетенции нет в каталоге организации.")
            if level not in (1, 2, 3):
                raise DomainError(f"{label}: приоритет (уровень) — от 1 до 3.")
            picks.append({"competency": competency, "value": level})
        return picks or None
    if kind == QuestionKind.RANKING:
        allowed = {p.pk for p in people_choices(question, invitation)}
        ranked = [int(v) for v in value.get("ranked", [])]
        unwanted = [int(v) for v in value.get("unwanted", [])] if question.allow_unwanted else []
        if not set(ranked) | set(unwanted) <= allowed:
            raise DomainError(f"{label}: в списке есть человек, которого нельзя выбрать.")
        if set(ranked) & set(unwanted):
            raise DomainError(
                f"{label}: один и тот же человек не может быть и желанным, и нежелательным."
            )
        return {"ranked": list(dict.fromkeys(ranked)), "unwanted": list(dict.fromkeys(unwanted))}
    raise DomainError(f"{label}: неизвестный тип вопроса.")


def _check_can_answer(invitation: Invitation):
    if not invitation_is_open(invitation):
        raise InvitationClosed("Ссылка недействительна или устарела.")
    response = getattr(invitation, "response", None)
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise InvitationClosed("Анкета уже отправлена.")
    consent = valid_consent(invitation.staff, ConsentKind.PROCESSING)
    if consent is None:
        raise DomainError(
            "Без согласия на обработку персональных данных ответы не сохраняются. "
            "Дайте согласие или обратитесь к куратору."
        )
    if invitation.subject_id and valid_consent(invitation.subject, ConsentKind.PROCESSING) is None:
        raise DomainError("Педагог, о котором эта анкета, не давал согласия или отозвал его.")
    return consent


def questions_of(invitation: Invitation):
    version = invitation_version(invitation)
    return list(version.questions.select_related("section").prefetch_related("choices"))


def invitation_version(invitation: Invitation):
    """The version a response was started on, or the questionnaire's newest one."""
    response = getattr(invitation, "response", None)
    if response is not None:
        return response.version
    return invitation.questionnaire.versions.order_by("-number").first()


def missing_required(response: Response, questions) -> list[Question]:
    answered = set(
        response.answers.exclude(value__isnull=True).values_list("question_id", flat=True)
    )
    return [q for q in questions if q.required and q.pk not in answered]


@transaction.atomic
def save_answers(*, invitation: Invitation, data: dict, submit: bool = False) -> Response:
    """Store the given answers (question id → value) as a draft, and submit if asked.

    Refused, with nothing stored, without a valid processing consent, on a closed link, or
    with any invalid value. Submitting needs every required question answered.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    consent = _check_can_answer(invitation)
    questions = {q.pk: q for q in questions_of(invitation)}
    cleaned = {}
    for question_id, value in data.items():
        question = questions.get(int(question_id))
        if question is None:
            raise DomainError("В анкете нет такого вопроса.")
        cleaned[question.pk] = validate_value(question, value, invitation)
    response = getattr(invitation, "response", None)
    if response is None:
        response = Response.objects.create(
            version=invitation_version(invitation),
            invitation=invitation,
            respondent=invitation.staff,
            subject=invitation.subject,
            consent=consent,
        )
    for question_id, value in cleaned.items():
        Answer.objects.update_or_create(
            response=response, question_id=question_id, defaults={"value": value}
        )
    status = InvitationStatus.DRAFT
    if submit:
        missing = missing_required(response, list(questions.values()))
        if missing:
            raise DomainError(
                "Ответьте на обязательные вопросы: " + "; ".join(f"«{q.text}»" for q in missing)
            )
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.save(update_fields=["status", "submitted_at", "updated_at"])
        status = InvitationStatus.SUBMITTED
        apply_to_bases(response)
    else:
        response.save(update_fields=["updated_at"])
    Invitation.objects.filter(pk=invitation.pk).update(status=status)
    return response


def mark_opened(invitation: Invitation) -> None:
    """First opening of a link; a later status is never moved back."""
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        fields = ["opened_at"]
        if invitation.status in (InvitationStatus.CREATED, InvitationStatus.SENT):
            invitation.status = InvitationStatus.OPENED
            fields.append("status")
        invitation.save(update_fields=fields)


def apply_to_bases(response: Response) -> None:
    """Mapped answers of a submitted intake go into the mentee or mentor base; a ranking of
    the preference questionnaire (5.2) replaces the respondent's preferences."""
    from programme.services.bases import (
        mentee_profile_upsert,
        mentor_profile_upsert,
        preferences_record,
    )

    questionnaire = response.version.questionnaire
    kind = questionnaire.kind
    if kind == QuestionnaireKind.SELF_ASSESSMENT:
        from .self_assessment import apply_scores

        apply_scores(response)
        return
    answers = {
        a.question.maps_to: a.value
        for a in response.answers.select_related("question")
        if a.question.maps_to and a.value is not None
    }
    if not answers:
        return
    programme = questionnaire.programme
    competencies = {
        c.pk: c for c in Competency.objects.filter(organisation_id=programme.organisation_id)
    }

    def picks(key):
        return [(competencies[p["competency"]], p["value"]) for p in answers.get(key) or []]

    staff = response.subject if kind == QuestionnaireKind.THIRD_PARTY else response.respondent
    if staff is None:
        return
    if "staff.experience_total" in answers and kind != QuestionnaireKind.THIRD_PARTY:
        StaffMember.objects.filter(pk=staff.pk).update(
            experience_total=Decimal(str(answers["staff.experience_total"]))
        )
    if kind in (QuestionnaireKind.MENTEE_INTAKE, QuestionnaireKind.THIRD_PARTY):
        preferred = answers.get("mentee.preferred_mentor")
        preferred_mentor = StaffMember.objects.filter(pk=preferred).first() if preferred else None
        mentee_profile_upsert(
            programme=programme,
            staff=staff,
            source="own" if kind == QuestionnaireKind.MENTEE_INTAKE else "third_party",
            category=answers.get("mentee.category"),
            preferred_form=answers.get("mentee.preferred_form"),
            preferred_mentor=preferred_mentor,
            requests=[(c, p, "") for c, p in picks("mentee.requests")]
            if "mentee.requests" in answers
            else None,
        )
    elif kind == QuestionnaireKind.MENTOR_INTAKE:
        capacity = answers.get("mentor.capacity")
        mentor_profile_upsert(
            programme=programme,
            staff=staff,
            competencies=picks("mentor.competencies") if "mentor.competencies" in answers else None,
            achievements=answers.get("mentor.achievements"),
            capacity=int(capacity) if capacity is not None else None,
            availability=answers.get("mentor.availability"),
            preferred_forms=answers.get("mentor.preferred_forms"),
            offer_to_others=answers.get("mentor.offer_to_others"),
        )
    elif kind == QuestionnaireKind.PREFERENCE and BaseField.PREFERENCES in answers:
        ranking = answers[BaseField.PREFERENCES]
        preferences_record(
            programme=programme,
            staff=staff,
            ranked=ranking.get("ranked", []),
            unwanted=ranking.get("unwanted", []),
        )
