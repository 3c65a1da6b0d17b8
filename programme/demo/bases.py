"""Demo data of the bases part: each function takes the DemoContext and is idempotent.

The questionnaires' demo (run before this step) has already put the teachers who answered the
intakes into the bases. Here the curator's work follows: a few more teachers added by hand,
requests from a conversation, mentees included in the base; mentors' cards completed and their
statuses set — three ready, Волкова already a mentor with the art. 351.8 consent, Семёнова
still a candidate. Ready mentors cover every shipped competency except «Участие в
профессиональных конкурсах», which a mentee asks for: the comparison shows it uncovered.
"""

import datetime as dt

from ..exceptions import DomainError
from ..models import Competency, MenteeProfile, MentorProfile
from ..models.bases import MenteeStatus, MentorStatus, RequestSource
from ..services import bases as services

PLANNING = "Планирование образовательной деятельности по ФОП ДО"
ACTIVITIES = "Организация образовательной деятельности с детьми"
PARENTS = "Взаимодействие с родителями (законными представителями)"
SPECIAL = "Работа с детьми с ОВЗ и особыми образовательными потребностями"
ENVIRONMENT = "Создание развивающей предметно-пространственной среды"
HEALTH = "Здоровьесбережение и физическое развитие детей"
PROJECTS = "Проектная деятельность"
ICT = "Использование ИКТ и цифровых ресурсов"
DOCUMENTS = "Ведение документации"
ATTESTATION = "Подготовка к аттестации"
ADAPTATION = "Адаптация к профессии и коллективу"
ROUTINES = "Организация режимных моментов и игровой деятельности"
DIAGNOSTICS = "Педагогическая диагностика и мониторинг"
CONTESTS = "Участие в профессиональных конкурсах"

# surname → (category, preferred form, status, the curator's requests [(competency, priority)])
MENTEES = {
    "Захарова": ("young", "teacher_teacher", MenteeStatus.INCLUDED, [(PLANNING, 1), (PARENTS, 2)]),
    "Зайцева": ("young", "teacher_teacher", MenteeStatus.INCLUDED, [(ADAPTATION, 1)]),
    "Соловьёва": ("young", "group", MenteeStatus.INCLUDED, [(DOCUMENTS, 1)]),
    "Борисова": ("young", "", MenteeStatus.INCLUDED, [(PARENTS, 1), (ICT, 3)]),
    "Яковлева": ("young", "teacher_teacher", MenteeStatus.INCLUDED, [(ACTIVITIES, 1)]),
    "Григорьева": ("young", "group", MenteeStatus.INCLUDED, [(CONTESTS, 1)]),
    "Воробьёва": ("young", "teacher_teacher", MenteeStatus.INCLUDED, [(SPECIAL, 1)]),
    "Фролова": ("newcomer", "situational", MenteeStatus.CANDIDATE, [(ATTESTATION, 1)]),
}

# surname → (status, capacity, [(competency, level)], achievements)
MENTORS = {
    "Волкова": (
        MentorStatus.MENTOR,
        None,
        [(PLANNING, 3), (PARENTS, 3), (ADAPTATION, 2), (ROUTINES, 2)],
        "Педагог-наставник, победитель муниципального конкурса «Воспитатель года — 2022».",
    ),
    "Морозова": (
        MentorStatus.READY,
        2,
        [(DOCUMENTS, 3), (ACTIVITIES, 2), (ENVIRONMENT, 2), (DIAGNOSTICS, 2)],
        "Руководитель методического объединения воспитателей младших групп.",
    ),
    "Егорова": (
        MentorStatus.READY,
        1,
        [(SPECIAL, 3), (HEALTH, 2)],
        "Учитель-логопед высшей категории, автор программы коррекционной работы.",
    ),
    "Новикова": (
        MentorStatus.READY,
        None,
        [(ICT, 3), (ATTESTATION, 2), (PROJECTS, 2)],
        "Ведёт сайт детского сада, проводит семинары по цифровым ресурсам.",
    ),
    "Семёнова": (
        MentorStatus.CANDIDATE,
        None,
        [(CONTESTS, 3)],
        "Лауреат регионального конкурса музыкальных руководителей.",
    ),
}


def _competencies(ctx) -> dict[str, Competency]:
    services.competencies_load_defaults(organisation=ctx.organisation)
    return {c.name: c for c in Competency.objects.filter(organisation=ctx.organisation)}


def build_mentees(ctx, competencies: dict[str, Competency]) -> None:
    programme = ctx.programme
    for surname, (category, form, status, requests) in MENTEES.items():
        staff = ctx.staff[surname]
        profile = MenteeProfile.objects.filter(programme=programme, staff=staff).first()
        if profile is not None and profile.status != MenteeStatus.CANDIDATE:
            continue  # the curator has been here already
        try:
            # The curator's own requests sit beside those of the questionnaire.
            profile = services.mentee_profile_upsert(
                programme=programme,
                staff=staff,
                source=RequestSource.CURATOR,
                category=None if profile else category,
                preferred_form=None if profile else form,
                requests=[(competencies[name], p, "по итогам беседы") for name, p in requests],
            )
        except DomainError:
            continue  # the questionnaires' demo has put this teacher in the mentor base
        if status == MenteeStatus.INCLUDED:
            services.mentee_set_status(profile, status, on=dt.date(2024, 2, 26))


def build_mentors(ctx, competencies: dict[str, Competency]) -> None:
    programme = ctx.programme
    for surname, (status, capacity, offers, achievements) in MENTORS.items():
        staff = ctx.staff[surname]
        profile = MentorProfile.objects.filter(programme=programme, staff=staff).first()
        if profile is not None and (
            profile.status != MentorStatus.CANDIDATE or status == MentorStatus.CANDIDATE
        ):
            continue  # the curator has been here already
        if profile is None:
            try:
                profile = services.mentor_add(programme=programme, staff=staff)
            except DomainError:
                continue
        # What the teacher answered in the questionnaire stays; the curator adds the rest.
        levels = {c.competency: c.level for c in profile.competencies.select_related("competency")}
        levels.update((competencies[name], level) for name, level in offers)
        consent = dt.date(2024, 3, 1) if status == MentorStatus.MENTOR else None
        services.mentor_update(
            profile=profile,
            competencies=list(levels.items()),
            achievements=profile.achievements or achievements,
            preferred_forms=profile.preferred_forms or ["teacher_teacher", "group"],
            capacity=capacity if capacity is not None else profile.capacity,
            availability=profile.availability or "вторник и четверг, 13:00–15:00",
            offer_to_others=profile.offer_to_others or surname == "Волкова",
            labour_consent_on=consent,
            addendum_content="Наставничество над молодым специалистом" if consent else "",
            addendum_term="с 01.03.2024 по 20.12.2024" if consent else "",
            addendum_form="teacher_teacher" if consent else "",
            addendum_pay="доплата 10% должностного оклада" if consent else "",
        )
        services.mentor_set_status(profile, status)


def build(ctx) -> None:
    competencies = _competencies(ctx)
    build_mentees(ctx, competencies)
    build_mentors(ctx, competencies)
