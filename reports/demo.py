"""The demo's last year: the 2023 programme, finished. Three pairs worked through the year
and completed with their outcomes confirmed, the assessment was taken at the start and at the
end, the participants answered the satisfaction questionnaire; then stage 7: the ceremony with
its awards, the monitoring report, two cases (one published) and the public page. The
programme is closed, and the 2024 programme is copied from it with its long-term mentors.

Built through the same services as the pages, before the 2024 programme (the demo's «this
year»), which `programme.demo` then creates as the copy. Idempotent: nothing is made once the
2023 programme exists.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from pairing.demo import answer, held_meeting, satisfaction_scores
from pairing.models import Pairing
from pairing.services import board, orders, outcomes, plans
from programme.models import Competency, MenteeProfile, MentorProfile, Programme
from programme.models.assessment import ParameterScope, RoundKind
from programme.models.bases import MenteeStatus, MentorStatus, RequestSource
from programme.models.events import EventKind
from programme.models.roadmap import ActivityStatus
from programme.services import activity_mark_done, programme_close
from programme.services import assessment as assessment_services
from programme.services import bases as bases_services
from programme.services import events as event_services
from programme.services import roadmap as roadmap_services
from surveys.models import ConsentChannel, ConsentKind, Invitation, QuestionnaireKind
from surveys.services import consents

from .models import AwardDocument, CaseStatus, NominationKind
from .services import cases as case_services
from .services import ceremony as ceremony_services
from .services import monitoring as monitoring_services
from .services import public as public_services

YEAR = 2023
TITLE = "Программа наставничества педагогических работников на 2023 год"

PLANNING = "Планирование образовательной деятельности по ФОП ДО"
PARENTS = "Взаимодействие с родителями (законными представителями)"
ROUTINES = "Организация режимных моментов и игровой деятельности"
DOCUMENTS = "Ведение документации"
PROJECTS = "Проектная деятельность"
ADAPTATION = "Адаптация к профессии и коллективу"
ATTESTATION = "Подготовка к аттестации"

# mentor surname → (form, [mentee surnames], competencies offered, achievements, long-term)
PAIRS = {
    "Белова": (
        "teacher_teacher",
        ["Романова"],
        [(PLANNING, 3), (PARENTS, 3), (ATTESTATION, 2)],
        "Почётный работник воспитания и просвещения РФ, 30 лет в профессии.",
        True,
    ),
    "Андреева": (
        "group",
        ["Комарова", "Макарова"],
        [(ROUTINES, 3), (ADAPTATION, 3), (PROJECTS, 2)],
        "Руководитель творческой группы по проектной деятельности.",
        True,
    ),
    "Медведева": (
        "teacher_teacher",
        ["Киселева"],
        [(DOCUMENTS, 3), (PLANNING, 2)],
        "Ответственная за методическую документацию групп.",
        False,
    ),
}
# mentee surname → (category, requests)
MENTEES = {
    "Романова": ("young", [(PLANNING, 1), (PARENTS, 2)]),
    "Комарова": ("young", [(ADAPTATION, 1), (ROUTINES, 2)]),
    "Макарова": ("newcomer", [(PROJECTS, 1)]),
    "Киселева": ("attestation", [(DOCUMENTS, 1), (ATTESTATION, 2)]),
}
# mentor surname → (goal result, conclusion)
OUTCOMES = {
    "Белова": (
        "full",
        "Цель достигнута: Романова самостоятельно планирует образовательную деятельность, "
        "провела открытое занятие для коллег и родительское собрание.",
    ),
    "Андреева": (
        "full",
        "Цель достигнута: наставляемые освоили режимные моменты и провели совместный "
        "проект «Мой детский сад».",
    ),
    "Медведева": (
        "partial",
        "Цель достигнута частично: документация ведётся без замечаний, подготовка к "
        "аттестации продолжится в следующем году.",
    ),
}
MEETINGS = [
    ("organisational", dt.date(2023, 3, 14), "Знакомство, ожидания и правила работы"),
    ("trial", dt.date(2023, 3, 28), "Пробная встреча: разбор занятия"),
    ("planning", dt.date(2023, 4, 11), "Индивидуальный план развития"),
    ("regular", dt.date(2023, 5, 16), "Работа по плану"),
    ("regular", dt.date(2023, 9, 19), "Открытое занятие: подготовка"),
    ("regular", dt.date(2023, 10, 17), "Разбор открытого занятия"),
    ("final", dt.date(2023, 12, 12), "Итоги года наставничества"),
]
PLAN_ROWS = [
    ("Консультация «Планирование образовательной деятельности»", "consultation", 4, 28),
    ("Посещение занятий наставника и их разбор", "lesson_visit", 5, 31),
    ("Открытый показ занятия для коллег", "open_lesson", 10, 27),
    ("Самообразование: тема по запросу", "self_education", 11, 30),
]
# Satisfaction (1–10), every participant: mentors and mentees apart, from three up.
SATISFIED = {
    "Белова": 9,
    "Андреева": 9,
    "Медведева": 8,
    "Романова": 10,
    "Комарова": 9,
    "Макарова": 8,
    "Киселева": 7,
}
# Publication consents (152-ФЗ ст. 10.1): who allowed what on the kindergarten's site.
PUBLICATION = {
    "Белова": ["name", "position", "case"],
    "Романова": ["name", "case"],
    "Андреева": ["name", "position"],
}


def _at(day: dt.date, hour: int = 14):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build_last_year(ctx) -> Programme:
    """The 2023 programme of the demo kindergarten through stage 7 (made once); it is closed
    by `close_last_year` once the 2024 programme has been copied from it."""
    programme = Programme.objects.filter(organisation=ctx.organisation, year=YEAR).first()
    if programme is not None:
        return programme
    programme = roadmap_services.programme_create(
        organisation=ctx.organisation,
        year=YEAR,
        title=TITLE,
        curator=ctx.staff["Королёва"],
        forms=["teacher_teacher", "group"],
        default_capacity=2,
        starts_on=dt.date(2023, 1, 16),
        ends_on=dt.date(2023, 12, 22),
        council_protocol_number="1",
        council_protocol_date=dt.date(2022, 12, 27),
        head_approved_on=dt.date(2022, 12, 28),
    )
    _consents(ctx)
    competencies = _competencies(ctx)
    _bases(ctx, programme, competencies)
    _assessment(programme, RoundKind.BASELINE, dt.date(2023, 2, 20), low=(1, 3))
    pairs = _pairs(ctx, programme)
    _plans(ctx, pairs)
    _meetings(ctx, pairs)
    _outcomes(ctx, pairs)
    _assessment(programme, RoundKind.FINAL, dt.date(2023, 12, 15), low=(3, 4))
    _satisfaction(ctx, programme)
    _long_term(programme)
    _ceremony(ctx, programme)
    _monitoring(ctx, programme)
    _cases(programme)
    public_services.public_page_save(
        organisation=ctx.organisation,
        enabled=True,
        noindex=False,
        intro="Итоги программы наставничества педагогов нашего детского сада.",
    )
    return programme


def close_last_year(ctx, programme: Programme) -> None:
    """The head closes the 2023 year: every activity not closed by its records is marked done
    with the year's page on the site as its evidence (the demo has no paper of them)."""
    if programme.closed_at is not None:
        return
    for activity in programme.activities.exclude(
        status__in=(ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED)
    ):
        activity_mark_done(
            programme=programme,
            code=activity.code,
            evidence_url="https://ds30.example.ru/nastavnichestvo/2023/",
            evidence_label="Отчёт на сайте детского сада",
            on=min(activity.due_on or dt.date(2023, 12, 22), dt.date(2023, 12, 22)),
        )
    programme_close(programme=programme, by=ctx.users["head"])


def _long_term(programme: Programme) -> None:
    for mentor in MentorProfile.objects.filter(programme=programme).select_related("staff"):
        if PAIRS[mentor.staff.last_name][4]:
            bases_services.mentor_long_term_set(profile=mentor, agreed=True)


def _ceremony(ctx, programme: Programme) -> None:
    """7.1–7.2: the ceremony with its invitations, nominations, awards and minutes."""
    event = event_services.event_create(
        programme=programme,
        kind=EventKind.CEREMONY,
        title="Торжественное подведение итогов года наставничества",
        starts_at=_at(dt.date(2023, 12, 20), 15),
        place="Музыкальный зал",
        description="Итоги года, награждение лучших наставников и пар, выступления пар.",
    )
    ceremony_services.ceremony_invite_proposed(event=event)
    ceremony_services.ceremony_add_guest(
        event=event,
        full_name="Кузнецова Ольга Викторовна",
        organisation_name="Департамент образования Администрации города Омска",
        position="главный специалист",
        email="kuznetsova@example.ru",
    )
    ceremony_services.ceremony_add_guest(
        event=event,
        full_name="Смирнова Анна Петровна",
        organisation_name="БДОУ г. Омска «Детский сад № 12»",
        position="старший воспитатель",
    )
    pairs = {
        p.mentor.staff.last_name: p
        for p in Pairing.objects.filter(programme=programme).select_related("mentor__staff")
    }
    best = ceremony_services.nomination_create(programme=programme, kind=NominationKind.BEST_MENTOR)
    ceremony_services.award_pair(
        nomination=best,
        pairing=pairs["Белова"],
        citation="За высокий профессионализм и щедрость, с которой передаёт опыт молодым.",
        awarded_on=dt.date(2023, 12, 20),
        mentor_only=True,
    )
    best_pair = ceremony_services.nomination_create(
        programme=programme, kind=NominationKind.BEST_PAIR
    )
    ceremony_services.award_pair(
        nomination=best_pair,
        pairing=pairs["Андреева"],
        citation="За совместный проект «Мой детский сад».",
        awarded_on=dt.date(2023, 12, 20),
    )
    loyal = ceremony_services.nomination_create(
        programme=programme, kind=NominationKind.CUSTOM, title="За верность профессии"
    )
    ceremony_services.award_create(
        nomination=loyal,
        staff=pairs["Медведева"].mentor.staff,
        citation="За поддержку коллеги в подготовке к аттестации.",
        document=AwardDocument.THANKS,
        awarded_on=dt.date(2023, 12, 20),
        pairing=pairs["Медведева"],
    )
    ceremony_services.ceremony_record(
        event=event,
        minutes="Подведены итоги года наставничества: три пары завершили работу. Награждены "
        "Белова Н.В. («Лучший наставник»), пара Андреевой В.П. («Лучшая наставническая пара»), "
        "Медведева О.Ю. (благодарственное письмо).",
        event_url=reverse(
            "programme:event_detail", kwargs={"pk": programme.pk, "event_pk": event.pk}
        ),
        certificates_url=reverse("reports:ceremony_certificates_pdf", args=[programme.pk]),
    )


def _monitoring(ctx, programme: Programme) -> None:
    monitoring_services.monitoring_save(
        programme=programme,
        by=ctx.users["curator"],
        strengths="Все три пары завершили работу, две — с полным достижением цели; встречи "
        "проводились по плану; высокая удовлетворённость участников.",
        weaknesses="Подготовка к аттестации заняла больше времени, чем планировалось; мало "
        "открытых показов для коллег.",
        opportunities="Перевести наставников, согласившихся остаться, в долгосрочную базу; "
        "пригласить Романову Софью Евгеньевну к участию в конкурсе молодых педагогов.",
        threats="Нагрузка наставников: не более двух наставляемых на одного.",
        conclusions="Программа 2023 года выполнена. Рекомендуется продолжить наставничество в "
        "2024 году с учётом запросов молодых педагогов.",
    )


def _cases(programme: Programme) -> None:
    """7.5: two cases — Белова's pair published (both consented), Андреева's group ready (its
    mentees gave no publication consent, so it stays off the site)."""
    for surname, publish in (("Белова", True), ("Андреева", False)):
        pairing = Pairing.objects.get(programme=programme, mentor__staff__last_name=surname)
        case = case_services.case_create_from_pairing(pairing=pairing)
        case = case_services.case_set_status(case=case, status=CaseStatus.READY)
        if publish:
            case_services.case_set_status(case=case, status=CaseStatus.PUBLISHED)


def _consents(ctx) -> None:
    people = set(SATISFIED) | {"Королёва", "Синицына"}
    for surname in people:
        member = ctx.staff[surname]
        if not consents.has_valid_consent(member):
            consents.consent_give(
                staff=member, kind=ConsentKind.PROCESSING, channel=ConsentChannel.ONLINE
            )
    for surname, categories in PUBLICATION.items():
        member = ctx.staff[surname]
        if not consents.has_valid_consent(member, ConsentKind.PUBLICATION):
            consents.consent_give(
                staff=member,
                kind=ConsentKind.PUBLICATION,
                channel=ConsentChannel.ONLINE,
                categories=categories,
            )


def _competencies(ctx) -> dict:
    bases_services.competencies_load_defaults(organisation=ctx.organisation)

    return {c.name: c for c in Competency.objects.filter(organisation=ctx.organisation)}


def _bases(ctx, programme: Programme, competencies: dict) -> None:
    for surname, (category, requests) in MENTEES.items():
        profile = bases_services.mentee_profile_upsert(
            programme=programme,
            staff=ctx.staff[surname],
            source=RequestSource.CURATOR,
            category=category,
            requests=[(competencies[name], p, "по итогам беседы") for name, p in requests],
        )
        bases_services.mentee_set_status(profile, MenteeStatus.INCLUDED, on=dt.date(2023, 2, 27))
    for surname, (form, _mentees, offers, achievements, _long) in PAIRS.items():
        profile = bases_services.mentor_add(programme=programme, staff=ctx.staff[surname])
        bases_services.mentor_update(
            profile=profile,
            competencies=[(competencies[name], level) for name, level in offers],
            achievements=achievements,
            preferred_forms=[form],
            capacity=2,
            availability="вторник и четверг, 13:00–15:00",
            labour_consent_on=dt.date(2023, 3, 1),
            addendum_content="Наставничество над педагогами, включёнными в программу",
            addendum_term="с 13.03.2023 по 22.12.2023",
            addendum_form=form,
            addendum_pay="доплата 10% должностного оклада",
            addendum_signed_on=dt.date(2023, 3, 6),
        )
        bases_services.mentor_set_status(profile, MentorStatus.READY)


def _assessment(programme: Programme, kind: str, day: dt.date, *, low: tuple[int, int]) -> None:
    assessment_services.ensure_default_parameters(programme=programme)
    round = assessment_services.round_create(
        programme=programme,
        kind=kind,
        date=day,
        title="Входная оценка" if kind == RoundKind.BASELINE else "Итоговая оценка",
    )
    for scope, start in zip((ParameterScope.MENTEES, ParameterScope.MENTORS), low, strict=True):
        parameters = assessment_services.scope_parameters(programme, scope)
        people = assessment_services.scope_people(programme, scope)
        top = min(p.scale_max for p in parameters) if parameters else 5
        grid = {
            (person.pk, parameter.pk): str(min(top, start + (i + j) % 2))
            for i, person in enumerate(people)
            for j, parameter in enumerate(parameters)
        }
        if grid:
            assessment_services.save_scores(round=round, scope=scope, grid=grid)


def _pairs(ctx, programme: Programme) -> dict[str, Pairing]:
    curator = ctx.users["curator"]
    mentors = {m.staff.last_name: m for m in MentorProfile.objects.filter(programme=programme)}
    mentees = {m.staff.last_name: m for m in MenteeProfile.objects.filter(programme=programme)}
    for surname, (form, names, *_rest) in PAIRS.items():
        for name in names:
            board.board_assign(
                programme=programme, mentee_id=mentees[name].pk, mentor_id=mentors[surname].pk
            )
        if form == "group":
            pairing = board.board_group(programme=programme, mentor_id=mentors[surname].pk)
        else:
            pairing = Pairing.objects.get(programme=programme, mentor=mentors[surname])
        board.pairing_set_terms(
            programme=programme,
            pairing_id=pairing.pk,
            form=form,
            starts_on=dt.date(2023, 3, 13),
            ends_on=dt.date(2023, 12, 22),
        )
    board.board_confirm(programme=programme, stamp=board.board_stamp(programme), by=curator)
    order = orders.order_draft(programme=programme, by=curator)
    orders.order_update(
        order=order, number="21-о", date=dt.date(2023, 3, 13), plans_due_on=dt.date(2023, 4, 14)
    )
    orders.order_register(order=order, by=curator)
    return {
        p.mentor.staff.last_name: p
        for p in Pairing.objects.filter(programme=programme).select_related("mentor__staff")
    }


def _plans(ctx, pairs: dict[str, Pairing]) -> None:
    curator = ctx.users["curator"]
    for surname, pairing in pairs.items():
        for membership in pairing.members.filter(left_on__isnull=True):
            plan = plans.plan_create(membership=membership, by=curator)
            plans.plan_update(
                plan=plan,
                deficits=plan.deficits,
                goal="Освоить планирование и организацию образовательной деятельности, "
                "провести открытое занятие для коллег.",
                tasks="1. Освоить планирование.\n2. Подготовить и провести открытый показ.",
            )
            for content, kind, month, day in PLAN_ROWS:
                plans.plan_activity_save(
                    plan=plan,
                    content=content,
                    kind=kind,
                    starts_on=dt.date(2023, month, 1),
                    due_on=dt.date(2023, month, day),
                    responsible="both",
                )
            plans.plan_submit(plan=plan)
            plans.plan_approve(plan=plan, by=curator)
            done = len(PLAN_ROWS) if surname != "Медведева" else 2
            for activity in plan.activities.order_by("position")[:done]:
                plans.plan_activity_mark(
                    activity=activity,
                    done_on=activity.due_on,
                    evidence_url="https://ds30.example.ru/nastavnichestvo/2023/",
                )


def _meetings(ctx, pairs: dict[str, Pairing]) -> None:
    curator = ctx.users["curator"]
    for surname, pairing in pairs.items():
        for kind, day, topic in MEETINGS:
            if surname == "Медведева" and kind == "regular" and day.month == 9:
                continue  # one regular meeting less: held against planned differs
            held_meeting(pairing, kind, day, topic, by=curator)


def _outcomes(ctx, pairs: dict[str, Pairing]) -> None:
    curator = ctx.users["curator"]
    for surname, (result, conclusion) in OUTCOMES.items():
        pairing = pairs[surname]
        pairing.refresh_from_db()
        outcomes.outcome_record(pairing=pairing, by=curator, result=result, conclusion=conclusion)
        outcomes.outcome_confirm(pairing=pairing, by=curator)


def _satisfaction(ctx, programme: Programme) -> None:
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.SATISFACTION)
    for surname, score in SATISFIED.items():
        invitation = Invitation.objects.filter(
            questionnaire=questionnaire, staff=ctx.staff[surname], revoked_at__isnull=True
        ).first()
        if invitation is None:
            continue
        values = satisfaction_scores(score)
        values.update({"continue": True, "become_mentor": surname == "Романова"})
        answer(invitation, values)


# --- the annual return (issue 24, item 3) ------------------------------------------------------

RETURN_AS_OF = dt.date(2024, 11, 1)
RETURN_TITLE = "Годовой отчёт о наставничестве педагогических работников"
OMSK_AUTHORITY = "Департамент образования Администрации города Омска"
RETURN_SUBMITTED = ("ds30", "ds-omsk-12")  # half collected: these two have submitted


def _omsk():
    from programme.models import Territory, TerritoryKind

    region, _ = Territory.objects.get_or_create(
        name="Омская область", parent=None, defaults={"kind": TerritoryKind.REGION}
    )
    omsk, _ = Territory.objects.get_or_create(
        name="г. Омск",
        parent=region,
        defaults={"kind": TerritoryKind.MUNICIPALITY, "authority": OMSK_AUTHORITY},
    )
    return omsk


def build_returns(ctx) -> None:
    """An annual return «на 1 ноября 2024 г.» opened for г. Омск, its window open for a month
    from today so that the demo's heads can submit; ds30 and ds-omsk-12 (when the territory
    step made it) have submitted. Runs after the territory step; idempotent."""
    from programme.models import Organisation, User
    from programme.models.org import Role

    from .models import OrganisationReturn, ReturnCollection
    from .services import returns as return_services

    omsk = _omsk()
    if ctx.organisation.territory_id is None:
        Organisation.objects.filter(pk=ctx.organisation.pk).update(territory=omsk)
        ctx.organisation.territory = omsk
    collection = ReturnCollection.objects.filter(territory=omsk, as_of=RETURN_AS_OF).first()
    if collection is None:
        collection = return_services.collection_open(
            territory=omsk,
            title=RETURN_TITLE,
            as_of=RETURN_AS_OF,
            opens_on=RETURN_AS_OF,
            closes_on=timezone.localdate() + dt.timedelta(days=30),
            numbers=["Педагогов, прошедших курсы повышения квалификации по наставничеству"],
            texts=["Лучшая практика наставничества года"],
            by=None,
        )
    number, text = collection.indicators.order_by("order", "pk")
    for organisation in Organisation.objects.filter(slug__in=RETURN_SUBMITTED, territory=omsk):
        if OrganisationReturn.objects.filter(
            collection=collection, organisation=organisation
        ).exists():
            continue
        head = User.objects.filter(organisation=organisation, role=Role.HEAD).first()
        return_services.return_submit(
            collection=collection,
            organisation=organisation,
            by=head,
            answers={number.pk: 3, text.pk: "Клуб молодого педагога «Первые шаги»"},
            today=max(collection.opens_on, min(timezone.localdate(), collection.closes_on)),
        )
