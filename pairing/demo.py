"""The demo's stage 5, through the same services as the pages: the ready mentors sign the
art. 351.8 consent, the group meeting is held (5.1), the participants answer the «Предпочтения»
questionnaire (5.2), the board proposes pairs, one mentor's two mentees become a group, the curator
confirms (5.3), the head registers the order and later an amendment (a mentee leaves), and a
newly included mentee waits on the board with a fresh proposal (5.4). Then stage 6: the pairs
at work (`build_stage6`, below).

Idempotent: stage 5 is skipped once the programme has pairings, stage 6 once it has plans.
"""

import datetime as dt

from django.utils import timezone

from programme.models import Event, MenteeProfile, MentorProfile
from programme.models.bases import MenteeStatus
from programme.models.events import EventKind
from programme.selectors.bases import group_meeting_candidates
from programme.services import bases as bases_services
from programme.services import events as event_services
from surveys.models import Invitation, QuestionnaireKind
from surveys.services import consents, responses

from .models import EndKind, FeedbackRequest, Pairing, PairingStatus, Plan
from .services import (
    board,
    feedback,
    meetings,
    orders,
    outcomes,
    pairings,
    plans,
    preferences,
)
from .services import pairs as pair_services

SIGN_CONSENT = ("Морозова", "Егорова", "Новикова")
# respondent → (ranked surnames, unwanted surnames)
PREFERENCES = {
    "Захарова": (["Волкова", "Новикова"], []),
    "Зайцева": (["Волкова"], []),
    "Борисова": (["Новикова", "Волкова"], []),
    "Соловьёва": (["Морозова"], []),
    "Волкова": (["Захарова", "Зайцева"], []),
    "Новикова": (["Борисова"], ["Соловьёва"]),
}


def build(ctx) -> None:
    if not Pairing.objects.filter(programme=ctx.programme).exists():
        _build_stage5(ctx)
    build_stage6(ctx)


def _build_stage5(ctx) -> None:
    programme = ctx.programme
    curator = ctx.users["curator"]
    _sign_consents(ctx)
    meeting = _group_meeting(ctx)
    _answer_preferences(ctx, meeting)

    board.board_run(programme=programme, by=curator)
    # One mentor with two proposed mentees takes them as a group.
    for mentor in MentorProfile.objects.filter(programme=programme).order_by("pk"):
        if mentor.pairings.filter(status="proposed").count() >= 2:
            board.board_group(programme=programme, mentor_id=mentor.pk)
            break
    for pairing in Pairing.objects.filter(programme=programme, status="proposed"):
        board.pairing_set_terms(
            programme=programme,
            pairing_id=pairing.pk,
            form=pairing.form,
            starts_on=dt.date(2024, 4, 22),
            ends_on=dt.date(2024, 12, 20),
        )
    board.board_confirm(programme=programme, stamp=board.board_stamp(programme), by=curator)

    order = orders.order_draft(programme=programme, by=curator)
    orders.order_update(
        order=order, number="45-о", date=dt.date(2024, 4, 22), plans_due_on=dt.date(2024, 5, 20)
    )
    orders.order_register(order=order, by=curator)

    _a_mentee_leaves(ctx)
    amendment = orders.order_draft(programme=programme, by=curator)
    orders.order_update(
        order=amendment,
        number="112-о",
        date=dt.date(2024, 10, 3),
        plans_due_on=dt.date(2024, 10, 31),
    )
    orders.order_register(order=amendment, by=curator)

    # A newcomer included in October waits on the board with the engine's proposal.
    frolova = MenteeProfile.objects.get(programme=programme, staff=ctx.staff["Фролова"])
    bases_services.mentee_set_status(frolova, MenteeStatus.INCLUDED, on=dt.date(2024, 10, 7))
    board.board_run(programme=programme, by=curator)


def _sign_consents(ctx) -> None:
    for surname in SIGN_CONSENT:
        profile = MentorProfile.objects.get(programme=ctx.programme, staff=ctx.staff[surname])
        if profile.labour_consent_on:
            continue
        bases_services.mentor_update(
            profile=profile,
            competencies=None,
            achievements=profile.achievements,
            preferred_forms=profile.preferred_forms,
            capacity=profile.capacity,
            availability=profile.availability,
            offer_to_others=profile.offer_to_others,
            labour_consent_on=dt.date(2024, 4, 10),
            addendum_content="Наставничество над молодым специалистом (наставляемыми)",
            addendum_term="с 22.04.2024 по 20.12.2024",
            addendum_form="teacher_teacher",
            addendum_pay="доплата 10% должностного оклада за каждого наставляемого",
            note=profile.note,
        )


def _group_meeting(ctx) -> Event:
    programme = ctx.programme
    meeting = Event.objects.filter(programme=programme, kind=EventKind.GROUP_MEETING).first()
    if meeting is not None:
        return meeting
    people = list(group_meeting_candidates(programme))
    meeting = event_services.event_create(
        programme=programme,
        kind=EventKind.GROUP_MEETING,
        title="Групповая встреча наставников и наставляемых",
        starts_at=timezone.make_aware(dt.datetime(2024, 4, 15, 14, 0)),
        place="Музыкальный зал",
        description="Знакомство: наставники рассказывают о себе, наставляемые — о запросах.",
        invitees=people,
    )
    event_services.event_mark_attendance(
        event=meeting, attended_staff_ids=[p.pk for p in people], attended_guest_ids=[]
    )
    event_services.event_record_minutes(
        event=meeting,
        minutes=(
            "1. Наставники представили свой опыт и темы, в которых готовы помогать.\n"
            "2. Наставляемые рассказали о своих затруднениях.\n"
            "Решили: до 19.04 заполнить анкету предпочтений."
        ),
        evidence_url="",
    )
    return meeting


def _answer_preferences(ctx, meeting: Event) -> None:
    preferences.preferences_send(event=meeting, by=ctx.users["curator"])
    questionnaire = ctx.programme.questionnaires.get(kind=QuestionnaireKind.PREFERENCE)
    for surname, (ranked, unwanted) in PREFERENCES.items():
        invitation = Invitation.objects.filter(
            questionnaire=questionnaire, staff=ctx.staff[surname]
        ).first()
        if invitation is None:
            continue
        data = {}
        for question in responses.questions_of(invitation):
            if question.code == "ranking":
                data[question.pk] = {
                    "ranked": [ctx.staff[s].pk for s in ranked],
                    "unwanted": [ctx.staff[s].pk for s in unwanted],
                }
        responses.save_answers(invitation=invitation, data=data, submit=True)


def _a_mentee_leaves(ctx) -> None:
    """Соловьёва moves to another kindergarten in September: she leaves her group and the base."""
    mentee = MenteeProfile.objects.get(programme=ctx.programme, staff=ctx.staff["Соловьёва"])
    membership = mentee.memberships.filter(left_on__isnull=True).first()
    if membership is None:
        return
    pairings.membership_leave(
        membership=membership, on=dt.date(2024, 9, 30), reason="перевод в другое учреждение"
    )
    mentee.refresh_from_db()
    bases_services.mentee_set_status(
        mentee, MenteeStatus.DROPPED, on=dt.date(2024, 9, 30), reason="перевод в другое учреждение"
    )


# --- Stage 6: the pairs at work ------------------------------------------------------------
#
# Волкова → Захарова (the demo's «mentor» and «teacher»): an approved plan being carried out,
# meetings of the whole sequence and the final one planned. Егорова → Воробьёва: a draft plan
# past the order's deadline, no meetings since June and low comfort — the pair in trouble.
# Морозова's group: ended early by the mentor with the art. 351.8 notice (31.10.2024, so the
# end falls on 05.11.2024 over the 4 November holiday), which prepares the amendment order.
# Новикова → Борисова: the whole sequence, closed by the final meeting. Feedback every 8 weeks
# from June, answered; the satisfaction questionnaire at the end, answered by most; the group
# final meeting (6.7) for all pairs.

FEEDBACK = {  # surname → (progress, comfort) per round; None: did not answer
    "Волкова": [(6, 8), (7, 9), (8, 9), (8, 9)],
    "Захарова": [(5, 8), (6, 9), (7, 9), None],
    "Егорова": [(5, 6), (4, 5), (4, 4), None],
    "Воробьёва": [(4, 5), (3, 4), (3, 3), (3, 3)],
    "Морозова": [(6, 7), (7, 8), (6, 7), None],
    "Зайцева": [(5, 7), (6, 7), (5, 6), None],
    "Соловьёва": [(5, 6), (5, 6), None, None],
    "Новикова": [(7, 9), (8, 9), (9, 10), (9, 10)],
    "Борисова": [(6, 8), (7, 9), (8, 9), (9, 10)],
}
SATISFIED = {  # surname → (scores 1–10, would continue, would become a mentor, valuable)
    "Волкова": (9, True, True, "Видеть, как у молодого педагога получается."),
    "Егорова": (6, True, True, "Совместный разбор занятий."),
    "Новикова": (10, True, True, "Открытые показы и обсуждение после них."),
    "Захарова": (9, True, False, "Помощь с планированием и с родителями."),
    "Зайцева": (7, True, False, "Консультации по документации."),
    "Борисова": (10, True, True, "Поддержка наставника в первый год."),
}


def _pair_of(ctx, mentor: str) -> Pairing | None:
    return (
        Pairing.objects.filter(programme=ctx.programme, mentor__staff=ctx.staff[mentor])
        .exclude(status="proposed")
        .first()
    )


def _at(day: dt.date, hour: int = 14, minute: int = 0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


MEETINGS = {
    "Волкова": [
        ("organisational", dt.date(2024, 4, 25), "Знакомство, ожидания и правила работы"),
        ("trial", dt.date(2024, 5, 6), "Пробное занятие: утренний круг"),
        ("planning", dt.date(2024, 5, 14), "Индивидуальный план развития"),
        ("regular", dt.date(2024, 6, 18), "Работа с родителями: подготовка собрания"),
        ("regular", dt.date(2024, 9, 17), "Планирование образовательной деятельности"),
        ("regular", dt.date(2024, 10, 22), "Разбор открытого занятия"),
        ("regular", dt.date(2024, 11, 19), "Портфолио к аттестации"),
        ("regular", dt.date(2024, 12, 10), "Подготовка к итоговой встрече"),
    ],
    "Егорова": [
        ("organisational", dt.date(2024, 4, 26), "Знакомство"),
        ("trial", dt.date(2024, 5, 15), "Пробная встреча: логопедическое обследование"),
        ("planning", dt.date(2024, 6, 10), "План на год"),
    ],
    "Морозова": [
        ("organisational", dt.date(2024, 4, 24), "Знакомство группы"),
        ("trial", dt.date(2024, 5, 8), "Пробная встреча: режимные моменты"),
        ("planning", dt.date(2024, 5, 16), "Планы наставляемых"),
        ("regular", dt.date(2024, 9, 12), "Адаптация детей в группе"),
        ("regular", dt.date(2024, 10, 10), "Документация воспитателя"),
    ],
    "Новикова": [
        ("organisational", dt.date(2024, 4, 23), "Знакомство"),
        ("trial", dt.date(2024, 5, 7), "Пробная встреча: прогулка"),
        ("planning", dt.date(2024, 5, 13), "Индивидуальный план развития"),
        ("regular", dt.date(2024, 6, 20), "Организация игровой деятельности"),
        ("regular", dt.date(2024, 9, 19), "Работа с родителями"),
        ("regular", dt.date(2024, 11, 14), "Подготовка открытого показа"),
        ("regular", dt.date(2024, 12, 5), "Итоги открытого показа"),
        ("final", dt.date(2024, 12, 20), "Итоги наставничества"),
    ],
}
PLAN_ROWS = [
    ("Консультация «Планирование образовательной деятельности»", "consultation", 5, 31),
    ("Посещение занятий наставника и их разбор", "lesson_visit", 9, 30),
    ("Открытый показ занятия для коллег", "open_lesson", 11, 29),
    ("Мастер-класс «Работа с родителями»", "master_class", 10, 31),
    ("Самообразование: тема по запросу, конспекты", "self_education", 12, 20),
]


def build_stage6(ctx) -> None:
    """Plans, meetings, feedback, an early end and a completed pair; nothing once plans exist."""
    programme = ctx.programme
    if Plan.objects.filter(membership__pairing__programme=programme).exists():
        return
    pairs = {name: _pair_of(ctx, name) for name in MEETINGS}
    if any(p is None or p.status != "active" for p in pairs.values()):
        return
    for name, pairing in pairs.items():
        _meetings(ctx, pairing, MEETINGS[name], final_held=False)
    _plans(ctx, pairs)
    feedback.feedback_schedule_save(
        programme=programme,
        dates=[],
        every_weeks=8,
        starts_on=dt.date(2024, 6, 3),
        ends_on=dt.date(2024, 12, 2),
    )
    _feedback(ctx, until=dt.date(2024, 10, 30))
    # Морозова gives notice on Thursday 31.10.2024: Friday 1.11 and Saturday 2.11 (a working
    # Saturday that year) count, 4.11 is a holiday, so the mentoring ends on 5.11.
    pair_services.pair_end_by_mentor(
        pairing=pairs["Морозова"],
        reason="по инициативе наставника: переход на должность методиста",
        kind=EndKind.MENTOR_TRANSFER,
        notice_on=dt.date(2024, 10, 31),
    )
    orders.order_draft(programme=programme, by=ctx.users["curator"])
    _feedback(ctx, until=dt.date(2024, 12, 2))
    _final_meeting(ctx, pairs["Новикова"])
    _outcomes(ctx, pairs)
    _satisfaction(ctx)
    _group_final_meeting(ctx)


def held_meeting(pairing: Pairing, kind: str, day: dt.date, topic: str, *, by) -> None:
    """A meeting planned and marked held, with its notes, through the pages' services."""
    meeting, _warning = meetings.meeting_create(
        pairing=pairing,
        kind=kind,
        starts_at=_at(day),
        duration=45,
        place="Методический кабинет",
        topic=topic,
        by=by,
    )
    meetings.meeting_record(
        meeting=meeting,
        held=True,
        notes=f"Обсудили: {topic.lower()}.",
        result="Договорились о следующих шагах; задания к следующей встрече.",
        by=by,
    )


def _meetings(ctx, pairing: Pairing, rows, *, final_held: bool) -> None:
    curator = ctx.users["curator"]
    for kind, day, topic in rows:
        if kind == "final":
            continue
        held_meeting(pairing, kind, day, topic, by=curator)
    if pairing.mentor.staff.last_name == "Волкова":
        meetings.meeting_create(
            pairing=pairing,
            kind="final",
            starts_at=_at(dt.date(2024, 12, 19), 15),
            duration=60,
            place="Методический кабинет",
            topic="Итоги года наставничества",
            by=curator,
        )


def _final_meeting(ctx, pairing: Pairing) -> None:
    curator = ctx.users["curator"]
    meeting, _warning = meetings.meeting_create(
        pairing=pairing,
        kind="final",
        starts_at=_at(dt.date(2024, 12, 20)),
        duration=60,
        place="Музыкальный зал",
        topic="Итоги наставничества",
        by=curator,
    )
    meetings.meeting_record(
        meeting=meeting,
        held=True,
        notes="Подвели итоги: план выполнен полностью.",
        result="Наставничество завершено; Борисова готова к аттестации на первую категорию.",
        by=curator,
    )


def _outcomes(ctx, pairs: dict[str, Pairing]) -> None:
    """The pairs' outcomes: Новикова's completed pair recorded and confirmed; Морозова's,
    ended early, recorded by her and waiting for the curator."""
    curator = ctx.users["curator"]
    completed, ended = pairs["Новикова"], pairs["Морозова"]
    completed.refresh_from_db()
    ended.refresh_from_db()
    outcomes.outcome_record(
        pairing=completed,
        by=completed.mentor.staff.user,
        result="full",
        conclusion=(
            "Цель достигнута: Борисова самостоятельно планирует образовательную деятельность, "
            "провела открытое занятие и готова к аттестации на первую категорию."
        ),
    )
    outcomes.outcome_confirm(pairing=completed, by=curator)
    if ended.status not in (PairingStatus.COMPLETED, PairingStatus.TERMINATED):
        return  # still in its notice period: the outcome comes at the end
    outcomes.outcome_record(
        pairing=ended,
        by=ended.mentor.staff.user,
        result="partial",
        conclusion=(
            "Наставничество прекращено досрочно: освоено планирование, работа с родителями — "
            "в процессе; продолжит с новым наставником."
        ),
    )


def _plans(ctx, pairs: dict[str, Pairing]) -> None:
    curator = ctx.users["curator"]
    for name, approved, done in (
        ("Волкова", True, 3),
        ("Новикова", True, 5),
        ("Морозова", True, 2),
        ("Егорова", False, 0),
    ):
        pairing = pairs[name]
        for membership in pairing.members.filter(left_on__isnull=True):
            plan = plans.plan_create(membership=membership, by=curator)
            plans.plan_update(
                plan=plan,
                deficits=plan.deficits,
                goal="Освоить планирование и организацию образовательной деятельности, "
                "выстроить работу с родителями.",
                tasks="1. Освоить календарно-тематическое планирование.\n"
                "2. Подготовить и провести открытый показ.\n"
                "3. Подготовиться к аттестации.",
            )
            rows = PLAN_ROWS if approved else PLAN_ROWS[:2]
            for content, kind, month, day in rows:
                plans.plan_activity_save(
                    plan=plan,
                    content=content,
                    kind=kind,
                    starts_on=dt.date(2024, month, 1),
                    due_on=dt.date(2024, month, day),
                    responsible="both",
                )
            if not approved:
                continue
            plans.plan_submit(plan=plan)
            if name == "Волкова":
                mentee = membership.mentee.staff
                plans.plan_comment(
                    plan=plan,
                    by=mentee.user,
                    author=mentee,
                    text="Согласна. Прошу добавить консультацию по работе с родителями.",
                )
            plans.plan_approve(plan=plan, by=curator)
            for activity in plan.activities.order_by("position")[:done]:
                plans.plan_activity_mark(
                    activity=activity,
                    done_on=activity.due_on,
                    evidence_url="https://ds30.example.ru/nastavnichestvo/",
                )


def answer(invitation, values_by_code: dict) -> None:
    """Answer a questionnaire through the services, with a consent first if there is none."""
    if not consents.has_valid_consent(invitation.staff):
        consents.consent_give(staff=invitation.staff, kind="processing", channel="paper")
    data = {}
    for question in responses.questions_of(invitation):
        if question.code in values_by_code:
            data[question.pk] = values_by_code[question.code]
    responses.save_answers(invitation=invitation, data=data, submit=True)


def _feedback(ctx, *, until: dt.date) -> None:
    """Each round on its date, as the daily command would, and the answers given."""
    programme = ctx.programme
    for index, round in enumerate(programme.feedback_rounds.order_by("on")):
        if round.on > until or round.sent_at is not None:
            continue
        feedback.feedback_send_due(programme=programme, today=round.on)
        for request in FeedbackRequest.objects.filter(round=round).select_related(
            "staff", "invitation"
        ):
            scores = FEEDBACK.get(request.staff.last_name, [])
            if index >= len(scores) or scores[index] is None or request.invitation is None:
                continue
            if request.invitation.status == "submitted":
                continue  # a mentor of two pairs answers once
            progress, comfort = scores[index]
            answer(
                request.invitation,
                {
                    "progress": progress,
                    "comfort": comfort,
                    "meetings_enough": comfort > 4,
                    "difficulties": ""
                    if comfort > 4
                    else "Встречи переносятся, не хватает времени.",
                },
            )


SATISFACTION_ITEMS = (
    "organisation",
    "communication",
    "personal_meetings",
    "group_meetings",
    "support",
    "goals_clear",
    "expectations",
)


def satisfaction_scores(score: int) -> dict[str, int]:
    """The 1–10 items of the satisfaction questionnaire around one person's score."""
    return {code: max(1, score - (i % 2)) for i, code in enumerate(SATISFACTION_ITEMS)}


def _satisfaction(ctx) -> None:
    programme = ctx.programme
    feedback.satisfaction_send(programme=programme, by=ctx.users["curator"])
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.SATISFACTION)
    for surname, (score, go_on, mentor, valuable) in SATISFIED.items():
        invitation = Invitation.objects.filter(
            questionnaire=questionnaire, staff=ctx.staff[surname], revoked_at__isnull=True
        ).first()
        if invitation is None:
            continue
        values = satisfaction_scores(score)
        values.update({"continue": go_on, "become_mentor": mentor, "valuable": valuable})
        answer(invitation, values)


def _group_final_meeting(ctx) -> None:
    """6.7: the group final meeting of all pairs, with its minutes."""
    programme = ctx.programme
    if Event.objects.filter(programme=programme, kind=EventKind.FINAL_GROUP_MEETING).exists():
        return
    people = []
    for pairing in Pairing.objects.filter(programme=programme).exclude(status="proposed"):
        people.append(pairing.mentor.staff)
        people += [m.mentee.staff for m in pairing.members.select_related("mentee__staff")]
    people = list({p.pk: p for p in people}.values())
    event = event_services.event_create(
        programme=programme,
        kind=EventKind.FINAL_GROUP_MEETING,
        title="Групповая заключительная встреча наставников и наставляемых",
        starts_at=_at(dt.date(2024, 12, 24), 14),
        place="Музыкальный зал",
        description="Пары рассказывают о результатах года, обмен опытом.",
        invitees=people,
    )
    event_services.event_mark_attendance(
        event=event, attended_staff_ids=[p.pk for p in people], attended_guest_ids=[]
    )
    event_services.event_record_minutes(
        event=event,
        minutes="Пары представили итоги работы. Решили: продолжить наставничество в 2025 году.",
        evidence_url="",
    )


# --- A shared mentor lent to another kindergarten (issue 24, item 4) -------------------------
#
# Run after the territory step: `pairing.demo.lend_shared_mentor` (takes the demo context or
# nothing). Idempotent: every record is found by its natural key first.

OMSK_REGION, OMSK = "Омская область", "г. Омск"
DS12 = {
    "slug": "ds-omsk-12",
    "short_name": "Детский сад № 12",
    "full_name": "Бюджетное дошкольное образовательное учреждение города Омска «Детский сад № 12»",
    "address": "644043, г. Омск, ул. Фрунзе, д. 12",
    "city": "Омск",
    "head_name": "Макарова Ольга Викторовна",
}
LENT_MENTOR = "Волкова"
YOUNG_TEACHER = {
    "last_name": "Ершова",
    "first_name": "Дарья",
    "patronymic": "Андреевна",
    "position": "vospitatel",
    "experience_total": 1,
    "experience_here": 1,
    "category": "none",
}
NEIGHBOUR_MENTOR = {
    "last_name": "Белова",
    "first_name": "Ирина",
    "patronymic": "Петровна",
    "position": "vospitatel",
    "experience_total": 18,
    "experience_here": 10,
    "category": "highest",
}


def _omsk():
    from programme.models import Territory, TerritoryKind

    region, _ = Territory.objects.get_or_create(
        name=OMSK_REGION, parent=None, defaults={"kind": TerritoryKind.REGION}
    )
    municipality, _ = Territory.objects.get_or_create(
        name=OMSK, parent=region, defaults={"kind": TerritoryKind.MUNICIPALITY}
    )
    return municipality


def _in_territory(organisation):
    """The organisation's territory; «г. Омск» when it has none yet."""
    if organisation.territory_id is None:
        organisation.territory = _omsk()
        organisation.save(update_fields=["territory"])
    return organisation.territory


def _ds12(territory):
    from programme.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(
        slug=DS12["slug"], defaults={**DS12, "territory": territory}
    )
    if organisation.territory_id is None:
        organisation.territory = territory
        organisation.save(update_fields=["territory"])
    return organisation


def _running_programme(organisation, year: int):
    from programme.models import Programme
    from programme.services.roadmap import programme_create

    programme = (
        Programme.objects.filter(organisation=organisation, closed_at__isnull=True)
        .order_by("-year")
        .first()
    )
    if programme is None:
        programme = programme_create(
            organisation=organisation,
            year=year,
            title=f"Программа наставничества педагогических работников на {year} год",
            forms=["teacher_teacher", "group"],
            default_capacity=2,
        )
    if programme.starts_on is None or programme.ends_on is None:
        programme.starts_on = programme.starts_on or dt.date(year, 1, 9)
        programme.ends_on = programme.ends_on or dt.date(year, 12, 31)
        programme.save(update_fields=["starts_on", "ends_on"])
    return programme


def _person(organisation, data: dict):
    from programme.models import StaffMember
    from programme.services.staff import staff_save

    found = StaffMember.objects.filter(
        organisation=organisation,
        last_name=data["last_name"],
        first_name=data["first_name"],
        patronymic=data["patronymic"],
    ).first()
    return found or staff_save(organisation=organisation, **data)


def _competency(organisation, name: str):
    from programme.models import Competency

    competency, _ = Competency.objects.get_or_create(organisation=organisation, name=name)
    return competency


def _consent(staff, kind) -> None:
    from surveys.models import ConsentChannel

    if not consents.has_valid_consent(staff, kind):
        consents.consent_give(staff=staff, kind=kind, channel=ConsentChannel.ONLINE)


def _young_mentee(programme, competency_name: str) -> MenteeProfile:
    """An included mentee of the programme not yet in a live pair; a young teacher made now
    when there is none."""
    from surveys.models import ConsentKind

    from .models import LIVE_STATUSES

    free = (
        MenteeProfile.objects.filter(programme=programme, status=MenteeStatus.INCLUDED)
        .exclude(
            memberships__left_on__isnull=True,
            memberships__pairing__status__in=LIVE_STATUSES,
        )
        .select_related("staff")
        .order_by("pk")
    )
    mentee = free.filter(staff__last_name=YOUNG_TEACHER["last_name"]).first() or free.first()
    if mentee is None:
        staff = _person(programme.organisation, YOUNG_TEACHER)
        mentee = MenteeProfile.objects.filter(programme=programme, staff=staff).first()
        if mentee is None:
            mentee = bases_services.mentee_add(programme=programme, staff=staff)
        _consent(staff, ConsentKind.PROCESSING)
        if mentee.status != MenteeStatus.INCLUDED:
            mentee = bases_services.mentee_set_status(mentee, MenteeStatus.INCLUDED)
    _consent(mentee.staff, ConsentKind.PROCESSING)
    from programme.models import MenteeRequest

    MenteeRequest.objects.get_or_create(
        mentee=mentee,
        competency=_competency(programme.organisation, competency_name),
        defaults={"priority": 1},
    )
    return mentee


def _curator_user(organisation):
    from programme.models import User

    return (
        User.objects.filter(organisation=organisation, role__in=("curator", "head"))
        .order_by("role", "pk")
        .first()
    )


def lend_shared_mentor(ctx=None) -> Pairing | None:
    """Н.С. Волкова of «Детский сад № 30» (ds30) gives the sharing consent; «Детский сад № 12»
    (ds-omsk-12, «г. Омск») asks to borrow her for a young teacher; she and ds30 accept; the
    pair is put on ds-omsk-12's board and confirmed there (against her one limit)."""
    from programme.models import Organisation
    from surveys.models import ConsentKind

    from .models import LIVE_STATUSES, OPEN_LOAN_STATUSES, LoanStatus, MentorLoan
    from .services import sharing

    ds30 = Organisation.objects.get(slug="ds30")
    territory = _in_territory(ds30)
    home_programme = (
        ctx.programme
        if ctx is not None and getattr(ctx, "programme", None) is not None
        else _running_programme(ds30, timezone.localdate().year)
    )
    mentor = (
        MentorProfile.objects.filter(programme=home_programme, staff__last_name=LENT_MENTOR)
        .select_related("staff", "programme__organisation")
        .first()
    )
    if mentor is None:
        mentor = (
            MentorProfile.objects.filter(programme=home_programme, long_term_agreed=True)
            .select_related("staff", "programme__organisation")
            .first()
        )
    if mentor is None:
        return None
    _consent(mentor.staff, ConsentKind.SHARING)
    ds12 = _ds12(territory)
    programme = _running_programme(ds12, home_programme.year)
    skill = mentor.competencies.select_related("competency").first()
    skill_name = skill.competency.name if skill else "Взаимодействие с родителями"
    # The mentee she was lent for, when an earlier run lent her already (that mentee is in a
    # pair now, so she is no longer free to be found again).
    earlier = (
        MentorLoan.objects.filter(mentor=mentor, mentee__programme=programme)
        .exclude(status__in=(LoanStatus.DECLINED, LoanStatus.CANCELLED))
        .select_related("mentee__staff")
        .order_by("pk")
        .first()
    )
    mentee = earlier.mentee if earlier is not None else _young_mentee(programme, skill_name)

    lent = Pairing.objects.filter(programme=programme, mentor=mentor, members__mentee=mentee)
    if not lent.exists():
        # Her one limit: the demo gives her one more place if her own pairs fill it.
        taken = (
            Pairing.objects.filter(mentor=mentor, status__in=LIVE_STATUSES)
            .values("members")
            .count()
        )
        if taken >= mentor.capacity:
            mentor.capacity = taken + 1
            mentor.save(update_fields=["capacity"])
    loan = MentorLoan.objects.filter(
        mentor=mentor, mentee=mentee, status__in=OPEN_LOAN_STATUSES
    ).first()
    if loan is None:
        loan = sharing.loan_request(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            message=(
                "Молодому воспитателю нужна помощь наставника с большим опытом работы с "
                "родителями; форма — «педагог – педагог», до конца учебного года."
            ),
            by=_curator_user(ds12),
        )
    if loan.status == LoanStatus.PENDING:
        if loan.mentor_answer == "waiting":
            loan = sharing.loan_answer_by_mentor(
                loan_id=loan.pk, staff_id=mentor.staff_id, accept=True
            )
        if loan.status == LoanStatus.PENDING:
            loan = sharing.loan_answer_by_home(
                loan_id=loan.pk, programme=home_programme, accept=True, by=_curator_user(ds30)
            )

    existing = Pairing.objects.filter(
        programme=programme, mentor=mentor, members__mentee=mentee
    ).first()
    if existing is not None:
        return existing
    board.board_assign(programme=programme, mentee_id=mentee.pk, mentor_id=mentor.pk)
    pairing = Pairing.objects.get(programme=programme, mentor=mentor, members__mentee=mentee)
    board.pairings_confirm(pairings=[pairing], by=_curator_user(ds12))
    pairing.refresh_from_db()
    return pairing


def neighbour_with_shared_mentor(organisation) -> MentorProfile:
    """A kindergarten next to `organisation` (ds-omsk-12 in its territory) with a ready mentor
    who gave the sharing consent, for pages that show another kindergarten's shared mentor."""
    from surveys.models import ConsentKind

    territory = _in_territory(organisation)
    ds12 = _ds12(territory)
    home = (
        MentorProfile.objects.filter(programme__organisation=organisation)
        .order_by("-programme__year")
        .first()
    )
    year = home.programme.year if home else timezone.localdate().year
    programme = _running_programme(ds12, year)
    staff = _person(ds12, NEIGHBOUR_MENTOR)
    mentor = MentorProfile.objects.filter(programme=programme, staff=staff).first()
    if mentor is None:
        mentor = bases_services.mentor_add(programme=programme, staff=staff)
    if mentor.status not in ("ready", "mentor") or mentor.labour_consent_on is None:
        from programme.models.bases import MentorCompetency

        MentorCompetency.objects.get_or_create(
            mentor=mentor, competency=_competency(ds12, "Взаимодействие с родителями")
        )
        mentor.labour_consent_on = dt.date(year, 1, 15)
        mentor.status = "ready"
        mentor.save(update_fields=["labour_consent_on", "status"])
    _consent(staff, ConsentKind.PROCESSING)
    _consent(staff, ConsentKind.SHARING)
    return mentor
