"""The demo's stage 5, through the same services as the pages: the ready mentors sign the
art. 351.8 consent, the group meeting is held (5.1), the participants answer the «Предпочтения»
questionnaire (5.2), the board proposes pairs, one mentor's two mentees become a group, the curator
confirms (5.3), the head registers the order and later an amendment (a mentee leaves), and a
newly included mentee waits on the board with a fresh proposal (5.4).

Idempotent: nothing is done once the programme has pairings.
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
from surveys.services import responses

from .models import Pairing
from .services import board, orders, pairings, preferences

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
    programme = ctx.programme
    if Pairing.objects.filter(programme=programme).exists():
        return
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
