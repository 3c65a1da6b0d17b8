"""Filling in a questionnaire: drafts, validation of every value, submission, and the answers
flowing into the mentee and mentor bases.

The rule of 152-ФЗ is enforced here, not in the page: nothing is stored for a person who has
no valid consent to processing.
"""

import datetime as dt
import threading
import time
from decimal import Decimal, InvalidOperation

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import Competency, StaffMember
from programme.models.bases import MenteeStatus, MentorStatus
from programme.selectors.bases import counterparts
from programme.services.audit import log_answers
from programme.services.roadmap import check_programme_open
from programme.validators import check_sane_date

from ..models import (
    Answer,
    BaseField,
    Consent,
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
from .consents import reconsent_version

MAX_TEXT = {QuestionKind.SHORT_TEXT: 500, QuestionKind.LONG_TEXT: 5000}


class InvitationClosed(DomainError):
    """The link cannot be used: expired, revoked or already submitted."""


class ConsentRequired(DomainError):
    """No valid (or no current) processing consent: the person is sent to the consent page."""


class AlreadySubmitted(InvitationClosed):
    """The answers are in already: a second click of «Отправить», or another device. The
    person is thanked again, never told that her link is dead."""


# A person question lists everyone eligible while they are few; above this it becomes a
# search (typed surname, «Найти»), so that the page never grows with the staff.
PEOPLE_LIST_MAX = 40
PEOPLE_FOUND_MAX = 20


def invitation_is_open(invitation: Invitation) -> bool:
    return invitation.revoked_at is None and invitation.expires_at > timezone.now()


def eligible_people(question: Question, invitation: Invitation):
    """Whom a person question may name (a queryset): staff, the programme's mentors (and
    candidates not rejected), its mentees, or the respondent's counterparts."""
    programme = invitation.questionnaire.programme
    me = invitation.staff_id
    source = question.people_source
    if source == PeopleSource.COUNTERPARTS:
        # After the group meeting (5.2): the ready mentors for a mentee, the included
        # mentees for a mentor — those the board may pair.
        return counterparts(programme, me)
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
    return qs.exclude(pk=me).distinct().order_by("last_name", "first_name", "pk")


def people_choices(question: Question, invitation: Invitation) -> list[StaffMember]:
    """Everyone a person question may name, as a list (rankings list them all)."""
    return list(eligible_people(question, invitation))


def people_options(
    question: Question, invitation: Invitation, *, search: str = "", chosen=None
) -> tuple[list[StaffMember], bool]:
    """What a person pick shows: everyone eligible while they are at most PEOPLE_LIST_MAX,
    else those matching the typed search (at most PEOPLE_FOUND_MAX) and the one chosen.
    Returns (people, searchable). One or two queries, whatever the size of the staff."""
    people = eligible_people(question, invitation)
    first = list(people[: PEOPLE_LIST_MAX + 1])
    if len(first) <= PEOPLE_LIST_MAX:
        return first, False
    found = []
    words = search.split()
    if words:
        matching = people
        for word in words[:3]:
            # SQLite folds the case of Latin letters only: try the word as typed, in lower
            # case and capitalised, as the staff search does.
            any_part = Q()
            for variant in {word, word.lower(), word.capitalize()}:
                for part in ("last_name", "first_name", "patronymic"):
                    any_part |= Q(**{f"{part}__icontains": variant})
            matching = matching.filter(any_part)
        found = list(matching[:PEOPLE_FOUND_MAX])
    try:
        chosen_id = int(chosen) if chosen not in (None, "") else None
    except (TypeError, ValueError):
        chosen_id = None
    if chosen_id is not None and all(p.pk != chosen_id for p in found):
        found = list(people.filter(pk=chosen_id)) + found
    return found, True


def competency_choices(invitation: Invitation) -> list[Competency]:
    """The organisation's active competencies, read once per request: the page's form and the
    service's check of a posted section share the programme object they hang on."""
    programme = invitation.questionnaire.programme
    read = getattr(programme, "_active_competencies", None)
    if read is None:
        read = list(
            Competency.objects.filter(
                organisation_id=programme.organisation_id, is_active=True
            ).order_by("order", "name")
        )
        programme._active_competencies = read
    return list(read)


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
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(f"{label}: дата в формате дд.мм.гггг.") from None
        check_sane_date(day, what=label)
        return day.isoformat()
    if kind == QuestionKind.YES_NO:
        if value in (True, "yes", "true", "1", 1):
            return True
        if value in (False, "no", "false", "0", 0):
            return False
        raise DomainError(f"{label}: ответьте «да» или «нет».")
    if kind == QuestionKind.SINGLE:
        if question.people_source:
            try:
                person = int(value)
            except (TypeError, ValueError):
                raise DomainError(f"{label}: такого человека нет в списке.") from None
            if not eligible_people(question, invitation).filter(pk=person).exists():
                raise DomainError(f"{label}: такого человека нет в списке.")
            return person
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


def _locked(invitation: Invitation) -> Invitation:
    """The invitation under a row lock, then — read after the lock, in statements of their
    own, so that a second click sees what the first committed (PostgreSQL evaluates a locking
    statement's joins and subqueries before the wait) — with its response, and whether the
    people have a valid processing consent. Four small queries (one join of eight tables with
    four subqueries cost twice as much to build and plan); the people, questionnaire and
    programme already read with the invitation are kept: a second click does not change them.
    """
    Invitation.objects.select_for_update().filter(pk=invitation.pk).values_list("pk").get()
    locked = Invitation.objects.select_related("response__version").get(pk=invitation.pk)
    locked.questionnaire = invitation.questionnaire
    locked.staff = invitation.staff
    if locked.subject_id is not None:
        locked.subject = invitation.subject
    people = [locked.staff_id] + ([locked.subject_id] if locked.subject_id else [])
    given = {
        staff_id: (pk, version)
        for pk, staff_id, version in Consent.objects.filter(
            kind=ConsentKind.PROCESSING, withdrawn_at__isnull=True, staff_id__in=people
        ).values_list("pk", "staff_id", "text__version")
    }
    locked.valid_consent_id, locked.valid_consent_version = given.get(locked.staff_id, (None, 0))
    locked.subject_consented = locked.subject_id in given
    locked.reconsent_version = reconsent_version(
        organisation_id=locked.questionnaire.programme.organisation_id,
        kind=ConsentKind.PROCESSING,
    )
    return locked


def _check_can_answer(invitation: Invitation, response: Response | None) -> None:
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise AlreadySubmitted("Ответы уже получены.")
    if not invitation_is_open(invitation):
        raise InvitationClosed("Ссылка недействительна или устарела.")
    check_programme_open(programme=invitation.questionnaire.programme)
    if invitation.valid_consent_id is None:
        raise ConsentRequired(
            "Без согласия на обработку персональных данных ответы не сохраняются. "
            "Дайте согласие или обратитесь к куратору."
        )
    if invitation.valid_consent_version < (invitation.reconsent_version or 0):
        # A version marked «требует повторного согласия»: old answers stay, new ones wait.
        raise ConsentRequired(
            "Текст согласия изменился: новые ответы сохраняются только после согласия с новой "
            "версией. Откройте страницу согласия и дайте его заново."
        )
    if invitation.subject_id and not invitation.subject_consented:
        raise DomainError("Педагог, о котором эта анкета, не давал согласия или отозвал его.")


# The questions of a version somebody has answered, kept in memory: such a version is never
# changed again (questionnaires.is_frozen; the admin refuses edits), and every page and save of
# a questionnaire being filled needs them. Keyed by the version's id and creation time (an id
# alone may come back after a rollback); a bounded age covers a version whose last response
# was erased and which was then edited. Read-only: callers get a list of their own.
_FROZEN_QUESTIONS: dict[tuple, tuple[float, list[Question]]] = {}
_FROZEN_LOCK = threading.Lock()
FROZEN_QUESTIONS_SECONDS = 300
FROZEN_QUESTIONS_MAX = 256


def questions_of(invitation: Invitation, *, version=None) -> list[Question]:
    version = version or invitation_version(invitation)
    response = getattr(invitation, "response", None)
    frozen = response is not None and response.version_id == version.pk
    key = (version.pk, version.created_at)
    now = time.monotonic()
    if frozen:
        kept = _FROZEN_QUESTIONS.get(key)
        if kept is not None and now - kept[0] < FROZEN_QUESTIONS_SECONDS:
            return list(kept[1])
    questions = list(version.questions.select_related("section").prefetch_related("choices"))
    if frozen:
        with _FROZEN_LOCK:
            if len(_FROZEN_QUESTIONS) >= FROZEN_QUESTIONS_MAX:
                _FROZEN_QUESTIONS.clear()
            _FROZEN_QUESTIONS[key] = (now, questions)
    return list(questions)


def forget_frozen_questions() -> None:
    """Empty the memory of answered versions' questions (tests; after a manual data fix)."""
    with _FROZEN_LOCK:
        _FROZEN_QUESTIONS.clear()


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
def save_answers(
    *, invitation: Invitation, data: dict, submit: bool = False, questions=None
) -> Response:
    """Store the given answers (question id → value) as a draft, and submit if asked.

    Refused, with nothing stored, without a valid processing consent, on a closed link, or
    with any invalid value. Submitting needs every required question answered; a response
    submitted already raises AlreadySubmitted. `questions` are those of the version the person
    was shown, when the page has read them already. The invitation's row lock makes a second
    click wait for the first, then see its result: one response, never two.
    """
    invitation = _locked(invitation)
    response = getattr(invitation, "response", None)
    _check_can_answer(invitation, response)
    if response is not None:  # the records it names are at hand: no query to describe it
        response.version.questionnaire = invitation.questionnaire
        if response.respondent_id == invitation.staff_id:
            response.respondent = invitation.staff
    questions = list(questions) if questions else []
    if not questions or (response is not None and questions[0].version_id != response.version_id):
        questions = questions_of(invitation)
    by_id = {q.pk: q for q in questions}
    cleaned = {}
    for question_id, value in data.items():
        question = by_id.get(int(question_id))
        if question is None:
            raise DomainError("В анкете нет такого вопроса.")
        cleaned[question.pk] = validate_value(question, value, invitation)
    now = timezone.now()
    created = response is None
    if created:
        with disable_auditlog():  # one entry below says it all: created, with which answers
            response = Response.objects.create(
                version_id=(
                    questions[0].version_id if questions else invitation_version(invitation).pk
                ),
                invitation=invitation,
                respondent=invitation.staff,
                subject=invitation.subject,
                consent_id=invitation.valid_consent_id,
            )
    if cleaned:
        Answer.objects.bulk_create(
            [Answer(response=response, question_id=pk, value=v) for pk, v in cleaned.items()],
            update_conflicts=True,
            unique_fields=["response", "question"],
            update_fields=["value"],
        )
    if cleaned or created:
        # Upserts send no signals: the trail gets one entry for the saved answers.
        log_answers(
            response=response,
            questions=[by_id[pk] for pk in cleaned],
            created=created,
            label=f"{invitation.staff} — {invitation.questionnaire.title}",
        )
    status = InvitationStatus.DRAFT
    if submit:
        values = dict(Answer.objects.filter(response=response).values_list("question_id", "value"))
        missing = [q for q in questions if q.required and values.get(q.pk) is None]
        if missing:
            raise DomainError(
                "Ответьте на обязательные вопросы: " + "; ".join(f"«{q.text}»" for q in missing)
            )
        Response.objects.filter(pk=response.pk).update(
            status=ResponseStatus.SUBMITTED, submitted_at=now, updated_at=now
        )
        response.status, response.submitted_at, response.updated_at = (
            ResponseStatus.SUBMITTED,
            now,
            now,
        )
        status = InvitationStatus.SUBMITTED
        mapped = {
            by_id[pk].maps_to: value
            for pk, value in values.items()
            if pk in by_id and by_id[pk].maps_to and value is not None
        }
        _apply(
            response,
            questionnaire=invitation.questionnaire,
            staff=invitation.subject
            if invitation.questionnaire.kind == QuestionnaireKind.THIRD_PARTY
            else invitation.staff,
            mapped=mapped,
        )
    elif not created:
        Response.objects.filter(pk=response.pk).update(updated_at=now)
    if invitation.status != status:
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
    questionnaire = response.version.questionnaire
    mapped = {
        a.question.maps_to: a.value
        for a in response.answers.select_related("question")
        if a.question.maps_to and a.value is not None
    }
    third_party = questionnaire.kind == QuestionnaireKind.THIRD_PARTY
    staff = response.subject if third_party else response.respondent
    _apply(response, questionnaire=questionnaire, staff=staff, mapped=mapped)


def _apply(response: Response, *, questionnaire, staff, mapped: dict) -> None:
    from programme.services.bases import (
        mentee_profile_upsert,
        mentor_profile_upsert,
        preferences_record,
    )

    kind = questionnaire.kind
    if kind == QuestionnaireKind.SELF_ASSESSMENT:
        from .self_assessment import apply_scores

        apply_scores(response)
        return
    answers = mapped
    if not answers or staff is None:
        return
    programme = questionnaire.programme
    wanted = {
        p["competency"]
        for key in ("mentee.requests", "mentor.competencies")
        for p in answers.get(key) or []
    }
    # The competencies were checked against the organisation's catalogue when answered
    # (validate_value): the ids are enough, no need to read them again.
    competencies = {
        pk: Competency(pk=pk, organisation_id=programme.organisation_id) for pk in wanted
    }

    def picks(key):
        return [(competencies[p["competency"]], p["value"]) for p in answers.get(key) or []]

    if "staff.experience_total" in answers and kind != QuestionnaireKind.THIRD_PARTY:
        StaffMember.objects.filter(pk=staff.pk).update(
            experience_total=Decimal(str(answers["staff.experience_total"]))
        )
    if kind in (QuestionnaireKind.MENTEE_INTAKE, QuestionnaireKind.THIRD_PARTY):
        mentee_profile_upsert(
            programme=programme,
            staff=staff,
            source="own" if kind == QuestionnaireKind.MENTEE_INTAKE else "third_party",
            category=answers.get("mentee.category"),
            preferred_form=answers.get("mentee.preferred_form"),
            preferred_mentor_id=answers.get("mentee.preferred_mentor"),
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
