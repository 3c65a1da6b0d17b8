"""Demo data of questionnaires and consents: most staff have consented online, young teachers
have answered the mentee intake, experienced ones the mentor intake, the psychologist has added
what she knows of one newcomer. Answers go through the same services as real ones, so the bases
fill themselves. Idempotent: people who already have an invitation are left alone.

The «teacher» login (Захарова) keeps an open invitation, so the demo shows filling in.
"""

import datetime as dt

from django.utils import timezone

from programme.models import Competency

from .models import ConsentChannel, ConsentKind, Invitation, QuestionnaireKind
from .services import consents, invitations, responses

NO_CONSENT = {"Гусева", "Ильина", "Титова"}
MENTEE_ANSWERED = ["Зайцева", "Соловьёва", "Борисова", "Яковлева", "Григорьева", "Воробьёва",
                   "Фролова", "Александрова", "Комарова"]  # fmt: skip
MENTEE_OPEN = ["Захарова", "Антонова", "Дмитриева", "Ильина", "Гусева"]
MENTOR_ANSWERED = ["Волкова", "Морозова", "Новикова", "Андреева", "Белова", "Медведева"]
MENTOR_OPEN = ["Егорова", "Семёнова"]
FORMS_BY_INDEX = ["teacher_teacher", "group", "teacher_teacher", "flash"]


def build(ctx) -> None:
    programme, staff = ctx.programme, ctx.staff
    by = ctx.users.get("curator")
    for surname, member in staff.items():
        if surname not in NO_CONSENT and not consents.has_valid_consent(member):
            consents.consent_give(
                staff=member,
                kind=ConsentKind.PROCESSING,
                channel=ConsentChannel.ONLINE,
                ip_address="192.168.1.10",
                user_agent="Mozilla/5.0 (Linux; Android 13) демо",
            )
    competencies = list(
        Competency.objects.filter(organisation=programme.organisation, is_active=True)
    )
    mentee = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    mentor = programme.questionnaires.get(kind=QuestionnaireKind.MENTOR_INTAKE)
    third = programme.questionnaires.get(kind=QuestionnaireKind.THIRD_PARTY)
    for index, surname in enumerate(MENTEE_ANSWERED + MENTEE_OPEN):
        invitation = _invite(mentee, staff[surname], by)
        if invitation and surname in MENTEE_ANSWERED:
            _answer(invitation, _mentee_answers(index, staff[surname], competencies))
    for index, surname in enumerate(MENTOR_ANSWERED + MENTOR_OPEN):
        invitation = _invite(mentor, staff[surname], by)
        if invitation and surname in MENTOR_ANSWERED:
            _answer(invitation, _mentor_answers(index, staff[surname], competencies))
    invitation = _invite(third, staff["Лебедева"], by, subject=staff["Зайцева"])
    if invitation:
        _answer(
            invitation,
            {
                "observed": [{"competency": competencies[3].pk, "value": 1}],
                "strengths": "Доброжелательна, дети к ней тянутся.",
                "recommendations": "Помочь с адаптацией детей раннего возраста.",
            },
        )


def _invite(questionnaire, member, by, subject=None) -> Invitation | None:
    """A new invitation, or None if the person already has one (the demo ran before)."""
    if Invitation.objects.filter(questionnaire=questionnaire, staff=member, subject=subject):
        return None
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[member],
        by=by,
        subject=subject,
        expires_at=timezone.now() + dt.timedelta(days=60),
    )
    return created[0]


def _mentee_answers(index, member, competencies) -> dict:
    picks = [competencies[(index * 2 + k) % len(competencies)] for k in range(3)]
    return {
        "experience": str(member.experience_total),
        "category": "young" if member.experience_total <= 3 else "newcomer",
        "requests": [{"competency": c.pk, "value": k + 1} for k, c in enumerate(picks)],
        "difficulties": "Планирование и взаимодействие с родителями.",
        "preferred_form": FORMS_BY_INDEX[index % len(FORMS_BY_INDEX)],
        "expectations": "Поддержки опытного коллеги в первый год.",
    }


def _mentor_answers(index, member, competencies) -> dict:
    picks = [competencies[(index * 3 + k) % len(competencies)] for k in range(4)]
    return {
        "experience": str(member.experience_total),
        "competencies": [{"competency": c.pk, "value": 3 - k % 2} for k, c in enumerate(picks)],
        "achievements": "Победитель муниципального конкурса «Воспитатель года».",
        "capacity": 1 + index % 2,
        "availability": "вторник и четверг после 15:00",
        "preferred_forms": ["teacher_teacher"] if index % 2 else ["teacher_teacher", "group"],
        "offer_to_others": index % 3 == 0,
    }


def _answer(invitation, by_code: dict) -> None:
    questions = responses.questions_of(invitation)
    data = {}
    for question in questions:
        if question.code in by_code:
            data[question.pk] = by_code[question.code]
        elif question.required:
            first = question.choices.all()[:1]
            if question.kind == "single" and first:
                data[question.pk] = first[0].value or str(first[0].pk)
            elif question.kind == "multiple" and first:
                data[question.pk] = [first[0].value or str(first[0].pk)]
            elif question.kind == "yes_no":
                data[question.pk] = True
            elif question.kind == "scale":
                data[question.pk] = question.scale_max
            elif question.kind == "number":
                data[question.pk] = "1"
            else:
                data[question.pk] = "—"
    responses.save_answers(invitation=invitation, data=data, submit=True)
